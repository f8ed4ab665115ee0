// Fills the report model of profil.html and index.html. Every indicator figure (values, 95 %
// intervals, county values, comparisons, DeSO ranges, county quintiles, targets, what is
// suppressed and why) comes from the indicator engine's ProfileSet, so the report shows exactly
// what profil.json publishes and nothing the engine withheld. The inputs only give what the
// engine does not compute: the age pyramid, areas and km², the map geometry, the vårdcentral
// points and listing counts. Without an engine result (no [indikatorer] katalog configured) the
// report has no indicator sections and says so.
#pragma once

#include "profiles/engine/indicators.hpp"
#include "profiles/engine/profile.hpp"
#include "profiles/engine/sensitivity.hpp"
#include "profiles/inputs.hpp"
#include "profiles/output/pilot_layers.hpp"
#include "profiles/report/model.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace omrade::profiles::report {

// What the build has computed for the report. `profiles` and `catalogue` are both set or both
// null; `provenance` is profile_io's provenance() json.
struct EngineResult {
    const ProfileSet* profiles = nullptr;
    const Catalogue* catalogue = nullptr;
    nlohmann::json provenance;
};

ReportInput pilot_report(const Inputs& in, std::size_t pilot, const PilotLayers& layers, const EngineResult& engine,
                         const std::vector<profiles::SensitivityRow>& sensitivity);

// `pilots`: indices into Config::pilots that were built.
IndexInput index_report(const Inputs& in, const std::vector<std::size_t>& pilots, const EngineResult& engine);

// The indicators shown on maps, in the DeSO table and as key figures: the deprivation ranking
// indicator, then the first count-based indicator of each domain, at most `limit`.
std::vector<std::size_t> main_indicators(const ProfileSet& set, std::size_t limit);

// Inner cut points for `groups` groups of the values, R quantile type 6 (spine chart quartiles).
std::vector<double> quantile_cuts_type6(std::vector<double> values, int groups);

// Decimals shown for an indicator: 1 for per cent, 0 for counts, kronor (tkr) and per 100 000.
int display_decimals(const Indicator& ind);

}  // namespace omrade::profiles::report
