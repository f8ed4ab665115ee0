// kanslighet_upptagning.csv: a pilot's key figures under each catchment method, as a table.
#pragma once

#include "profiles/engine/sensitivity.hpp"
#include "profiles/input/table.hpp"

#include <filesystem>
#include <vector>

namespace omrade::profiles {

// Writes the rows as CSV with Swedish headers, in the build's CSV format (intl or sv).
void write_sensitivity_csv(const std::vector<SensitivityRow>& rows, const std::filesystem::path& path,
                           CsvFormat format = CsvFormat::Intl);

}  // namespace omrade::profiles
