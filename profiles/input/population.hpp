// Population by area, age band and sex (SCB's table per DeSO × five-year band × sex).
#pragma once

#include "profiles/input/areas.hpp"
#include "profiles/input/problems.hpp"
#include "profiles/input/table.hpp"

#include <string>
#include <vector>

namespace omrade::profiles {

struct Population {
    std::vector<std::string> bands;  // age bands in file order, e.g. "0-4" ... "80+"
    // Per area index, per band: men, women, total. Areas without rows have zeros.
    std::vector<std::vector<double>> men, women, total;
    std::vector<double> area_total;  // Σ over bands
    std::vector<bool> has_data;      // false: the area had no rows in the table

    // Accounting for the build report.
    std::string source;
    std::size_t rows_read = 0, rows_joined = 0, rows_outside = 0;
    std::size_t blank_rows = 0;  // empty or separator-only rows skipped
    std::size_t file_rows = 0;   // rows after the header, blank ones included
    std::vector<std::string> codes_outside;  // well-formed codes of kommuner outside the area set

    double total_all() const;
};

// Reads a CSV/XLSX with columns desokod, age_band (or aldersgrupp), and men/women/total (or
// man/kvinnor/totalt). Rows of DeSOs in kommuner outside the area set are counted, not joined.
// Unknown codes inside the area set's kommuner, malformed codes, non-numeric or negative counts
// and duplicate (code, band) rows are DataErrors naming file, line and field. Column names as
// TextTable::column compares them (also deso, regionkod; `fields` for other names); with a
// collecting `problems` every bad row is recorded.
Population read_population(const std::string& source, const AreaSet& areas, const FieldMap& fields = {},
                           Problems& problems = stop_at_first_problem());

// The kommun codes present in an area set (to tell "outside the study area" from "unknown").
bool kommun_in_area_set(const AreaSet& areas, const std::string& code);

}  // namespace omrade::profiles
