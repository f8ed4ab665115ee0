// Statistics in one long table: area, indicator, year, sex, age band, numerator/denominator or
// a value (with optional CI). Readers for long and wide CSV/XLSX/OGR tables; each row is joined
// to the area set by code and accounted for.
#pragma once

#include "profiles/input/areas.hpp"
#include "profiles/input/config.hpp"
#include "profiles/input/deso_revision.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace omrade::profiles {

// Shown wherever synthetic (demo) statistics are used: reports, layers, build report.
inline constexpr const char* synthetic_label = "SYNTETISKA DEMODATA – inte verkliga hälsodata";

struct StatRow {
    std::size_t area = 0;          // index into AreaSet::areas
    std::string indicator;         // statistics id (catalogue maps it to an indicator)
    int year = 0;
    std::string sex = "totalt";    // "totalt" | "man" | "kvinnor"
    std::string age = "totalt";    // "totalt" or a band like "65-69" / "65+"
    std::optional<double> numerator, denominator;  // counts (andel, kvot, dsr)
    std::optional<double> value, lower, upper;     // a published value instead of counts
    bool not_published = false;    // ".." at source: suppressed/unpublished by the producer
    std::size_t source = 0;        // index into Statistics::sources
    long line = 0;
    bool converted = false;        // brought from DeSO 2018 by the key (revision_label)
};

// A column of a wide table that was not read as an indicator: it holds text and no numbers
// ("Kommun 0760"). Noted in the build report.
struct LeftOutColumn {
    std::string column;
    long line = 0;        // the first text cell
    std::string example;  // its text
};

struct StatSourceReport {
    std::string source;
    std::string format;
    std::string encoding;
    bool synthetic = false;
    std::size_t blank_rows = 0;      // empty or separator-only rows skipped (TextTable::blank_rows)
    std::size_t file_rows = 0;       // rows after the header (TextTable::file_rows)
    std::size_t data_rows = 0;       // rows with content (TextTable::rows)
    std::vector<LeftOutColumn> columns_left_out;  // wide tables without kolumner
    std::size_t rows_read = 0;       // data rows (wide: rows × indicator columns = cells)
    std::size_t rows_joined = 0;     // joined to an area of the set
    std::size_t rows_outside = 0;    // valid codes of kommuner outside the area set
    std::size_t rows_not_published = 0;  // '..' or empty: kept, marked not published
    std::vector<std::string> indicators;
    std::vector<std::string> areas_without_rows;  // area codes with no row in this source
    // Set when the source is in another division (indelning = "DeSO2018"): every 2018 row as
    // carried 1:1, shared or unmatched. rows_joined then counts the 2025 rows made.
    std::optional<RevisionAccounting> revision{};
};

struct Statistics {
    std::vector<StatRow> rows;
    std::vector<StatSourceReport> sources;
    bool any_synthetic() const;
    // Rows of one indicator (all years/sexes/ages), in file order.
    std::vector<const StatRow*> of(const std::string& indicator) const;
    // The latest year with rows for the indicator (nullopt if none).
    std::optional<int> latest_year(const std::string& indicator) const;
};

// Reads every configured statistics source and joins it to the areas. Throws DataError (file,
// line, field) for: a missing code column, a malformed or unknown code inside the area set's
// kommuner, a DeSO version suffix that does not match, a non-numeric value, a negative count,
// duplicate keys, a DeSO 2018 source without a key. (A numerator above its denominator is left
// to the methods.) A DeSO 2018 source is brought to the areas' DeSO 2025 by its key
// (deso_revision.hpp): counts shared, values carried, merged DeSOs added up, rows marked converted.
// Columns are found as TextTable::column finds them (case, å/ä/ö, separators ignored; the area
// code also as "deso"; falt for other names). A wide table without `kolumner` reads every column
// with numbers and leaves out columns of text only (StatSourceReport::columns_left_out). With a
// collecting `problems`, every bad row of every source is recorded.
Statistics read_statistics(const std::vector<StatisticsSource>& sources, const AreaSet& areas,
                           Problems& problems = stop_at_first_problem());

// The area code column of a table: `code_field` as configured, or by default desokod or deso.
std::size_t area_code_column(const TextTable& t, const std::string& code_field = "desokod");

}  // namespace omrade::profiles
