// The follow-up's machine-readable outputs: out/uppfoljning/uppfoljning.csv (one row per
// indicator and vårdcentral for the latest period; --csv-format sv for Swedish Excel) and
// uppfoljning.json (the same with every period's series, the county and the funnel lines).
// A suppressed value carries no number in either.
#pragma once

#include "profiles/followup/followup.hpp"
#include "profiles/input/table.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>

namespace omrade::profiles {

void write_followup_csv(const Followup& f, const std::filesystem::path& path, CsvFormat format);
nlohmann::json followup_json(const Followup& f);

}  // namespace omrade::profiles
