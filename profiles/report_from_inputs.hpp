// Fills the report model from what `omrade build` has before the indicator engine: population
// by age and sex, the statistics as read (value columns and raw counts), the catchment weights,
// the vårdcentral register and the build report's provenance. When the engine is merged, its
// ProfileSet fills ReportInput::domains (values with CIs, comparisons, disclosure control);
// everything else here stays.
#pragma once

#include "profiles/inputs.hpp"
#include "profiles/pilot_layers.hpp"
#include "profiles/report_model.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace omrade::profiles::report {

// `build_report` is input_report(in) (its "indata" list gives files and checksums).
ReportInput report_from_inputs(const Inputs& in, std::size_t pilot, const PilotLayers& layers,
                               const nlohmann::json& build_report, const std::string& tool_version);

IndexInput index_from_inputs(const Inputs& in, const std::vector<std::size_t>& pilots,
                             const nlohmann::json& build_report, const std::string& tool_version);

// Inner cut points for `groups` groups of the values, R quantile type 6 (as phe_quantile).
std::vector<double> quantile_cuts_type6(std::vector<double> values, int groups);

}  // namespace omrade::profiles::report
