// `omrade stats trend`: PHEindicatormethods' assign_trend_markers on the groups of a user's CSV
// (DESIGN.md, "Command-line contract"). Reads through read_table like `omrade stats`.
#pragma once

#include "profiles/input/table.hpp"
#include "profiles/stats/stats_table.hpp"

#include <string_view>

namespace omrade::profiles {

enum class TrendInput { proportion, other };

// "proportion" | "other"; throws UsageError for other names.
TrendInput parse_trend_input(std::string_view name);

// One row per group (first-appearance order; without a `group` column the whole file is one
// group) for its latest year: group, year, trend (okande | minskande | ingen_signifikant |
// kan_inte_beraknas), reason (Swedish). proportion: columns year, numerator, denominator;
// other: year, value, lower, upper with limits at `confidence` (0.9 <= c < 1, as the package).
// Empty and '..' cells are missing values (the trend cannot be calculated when one is among the
// last five years); '-' is 0. A duplicate year is "kan_inte_beraknas" when there are several
// groups and a DataError for a single series, as assign_trend_markers. Non-numbers, negative
// counts, a numerator above its denominator, a lower limit above the upper and a missing year
// are DataErrors naming file, line and field.
StatsTable compute_trend_table(TrendInput kind, const TextTable& input, double confidence);

}  // namespace omrade::profiles
