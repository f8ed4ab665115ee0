// SCB Statistikdatabasen / PX-Web API responses in JSON-stat 2.0 ("format": "json-stat2"),
// turned into the long statistics table (DOMAIN.md §8) so that they are joined and accounted for
// like any CSV: [[statistik]] format = "jsonstat".
#pragma once

#include "profiles/input/table.hpp"

#include <string>
#include <string_view>

namespace omrade::profiles {

// Columns of the result: <code_field>, indikator, ar (if there is a time dimension), kon,
// aldersgrupp, varde. Dimensions are recognised by id or role: Region (role geo) gives the area
// code as published (e.g. "0780A0010_DeSO2025"; the suffix is checked and stripped by the join),
// ContentsCode (role metric) the indicator, Tid (role time) the year, Kon the sex (1 = man,
// 2 = kvinnor, 1+2 = totalt), Alder the age band (tot = totalt). Any other dimension with more
// than one category is appended to the indicator as "_<code>". A null value is ".." (not
// published) unless its status is "-" (zero). Row::line is the 1-based position of the value in
// the dataset's value list (JSON has no meaningful line per value). Throws DataError naming the
// file for invalid JSON, a missing part of the dataset or a time code that is not a year.
TextTable jsonstat_to_table(std::string_view json_text, const std::string& file, const std::string& code_field);

// Reads the file and calls jsonstat_to_table.
TextTable read_jsonstat(const std::string& path, const std::string& code_field);

}  // namespace omrade::profiles
