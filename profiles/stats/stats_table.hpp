// `omrade stats`: the statistical methods applied to the rows of a user's CSV (DESIGN.md,
// "Command-line contract"). Reads through read_table (',' or ';', decimal comma, Windows-1252),
// validates every cell with file, line and field, and writes plain CSV (',' and decimal point).
#pragma once

#include "profiles/input/table.hpp"
#include "profiles/stats/sii.hpp"

#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace omrade::profiles {

enum class StatsMethod { proportion, rate, dsr };

// "proportion" | "rate" | "dsr"; throws UsageError for other names.
StatsMethod parse_stats_method(std::string_view name);
// 100 for proportions (per cent), 100 000 for rates and DSRs.
double default_multiplier(StatsMethod method);

struct StatsOptions {
    double confidence = 0.95;
    double multiplier = 0;  // 0 = default_multiplier(method)
};

// The output table: header and rows of text, numbers with 10 significant digits.
struct StatsTable {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
};

// proportion/rate: the input rows with value, lower, upper appended (and note if any row has
// one); columns `numerator` and `denominator` are required, others are passed through.
// dsr: one row per group (first-appearance order) with group, numerator, denominator (sums),
// value, lower, upper (and note); columns `group`, `numerator`, `denominator`, `standard`.
// Empty cells and '..' give an empty value with a note; '-' is 0. Non-numbers, negative counts,
// a numerator above the denominator (proportion), groups with different numbers of age bands and
// input columns that clash with output columns are DataErrors naming file, line and field.
StatsTable compute_stats(StatsMethod method, const TextTable& input, const StatsOptions& options);

// `omrade stats sii proportion|rate|other`: phe_sii per group (profiles/stats/sii.hpp). Input
// columns group, quantile (1 = most deprived), population, value, lower, upper (95 % limits;
// proportions as shares 0–1). One row per group in first-appearance order:
// group, sii, sii_lower_95, sii_upper_95, sii_lower_998, sii_upper_998, rii, rii_lower_95,
// rii_upper_95, rii_lower_998, rii_upper_998 (and note when some group has one). The quantiles
// are the distinct labels of the whole file (5–100, as phe_sii); a group lacking one is empty
// with a note. Missing or non-numeric cells, populations <= 0, proportions outside 0–1, duplicate
// quantiles and too few or many quantiles are DataErrors naming file, line and field.
struct SiiTableOptions {
    SiiValueType type = SiiValueType::other;
    double multiplier = 1;   // phe_sii's default
    long repetitions = 100000;
};
StatsTable compute_sii_table(const TextTable& input, const SiiTableOptions& options);
// "proportion" | "rate" | "other"; throws UsageError for other names.
SiiValueType parse_sii_type(std::string_view name);

void write_stats_csv(const StatsTable& table, std::ostream& out);

// Shared by the stats tables: numbers with 10 significant digits ("" for nullopt); a count cell
// (a number >= 0, nullopt with a Swedish note for empty and '..', 0 for '-'; a DataError naming
// file, line and field otherwise); a DataError when the input already has an output column.
std::string format_stats_number(const std::optional<double>& v);
struct Count {
    std::optional<double> value;
    std::string note;
};
Count read_stats_count(const TextTable& table, const TextTable::Row& row, std::size_t column, const char* name);
void refuse_stats_output_columns(const TextTable& input, const std::vector<std::string>& output_columns);
// An input column of the stats tables by its English name or its Swedish one, as `build` reads
// them: numerator/taljare, denominator/namnare, group/grupp, standard/standardvikt, year/ar,
// value/varde, lower/undre, upper/ovre, quantile/kvantil, population/befolkning (case and å/ä/ö
// ignored as TextTable::column does). The error lists the columns found.
std::optional<std::size_t> stats_column(const TextTable& input, std::string_view name);
std::size_t require_stats_column(const TextTable& input, std::string_view name);

}  // namespace omrade::profiles
