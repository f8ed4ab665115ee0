// Stage 1 of `build` and all of `check`: read and validate every input named by the config.
#pragma once

#include "geo/layer.hpp"
#include "geo/overlay.hpp"
#include "profiles/catchments/catchments.hpp"
#include "profiles/input/areas.hpp"
#include "profiles/input/care_centres.hpp"
#include "profiles/input/config.hpp"
#include "profiles/input/population.hpp"
#include "profiles/input/statistics.hpp"

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace omrade::profiles {

// Progress messages for the user (Swedish); the tool decides whether to show them.
using Progress = std::function<void(const std::string&)>;

struct GeometryReport {
    std::size_t checked = 0;
    std::vector<geo::ValidityProblem> invalid;  // index = area index
    std::vector<geo::Overlap> overlaps;         // enclaves / overlapping areas
    std::size_t repaired = 0;                   // geometries replaced by MakeValid
    double min_overlap_m2 = 0;                  // thresholds used for overlaps
    double min_overlap_share = 0;
};

// A plausibility check that failed (docs/omrade-build.md "Rimlighetskontroller"): a warning in
// the build report, an error with --strikt.
struct PlausibilityWarning {
    std::string kind;  // "lage", "befolkning", "ar"
    Where where;
    std::string message;  // Swedish
};

struct Inputs {
    Config config;
    AreaSet areas;
    GeometryReport geometry;
    std::map<std::string, std::string> kommun_names;  // kommun code → name
    std::optional<geo::Layer> kommuner;               // outlines, EPSG:3006
    Population population;
    Statistics statistics;
    CareCentreRegister centres;
    std::optional<Catchments> catchments;
    std::optional<geo::Layer> resources;  // [resurser]: layer "resurser" (typ, namn), EPSG:3006
    std::vector<std::size_t> pilot_vcs;  // per config pilot: index into centres
    std::vector<PlausibilityWarning> warnings;
};

// An overlap counts when it exceeds both thresholds: 1 ha and 10 % of the smaller area. The
// generalised DeSO 2025 polygons overlap their neighbours along borders by up to ~23 ha but at
// most ~5 % of the smaller DeSO; an enclave drawn on top of its surrounding DeSO overlaps 100 %.
inline constexpr double default_min_overlap_m2 = 10000.0;
inline constexpr double default_min_overlap_share = 0.10;

// Reads everything. With `repair`, invalid area geometries are repaired (MakeValid) and
// counted; without it they are only reported (for `check`). Throws DataError on bad input; with
// a collecting `problems` (omrade check) records every problem it can find instead: every
// missing file (with its line in the config), every bad row of every reader, every pilot's
// vårdcentral; inputs that need a failed one are skipped, and the returned Inputs are then
// incomplete (only for reporting the problems).
Inputs load_inputs(const Config& config, bool repair, const Progress& progress = {},
                   Problems& problems = stop_at_first_problem());

// The accounting of what was read (shared by build and check): inputs with checksums, areas,
// geometry, population, statistics rows, vårdcentraler, catchments.
nlohmann::json input_report(const Inputs& in);

// The names matched to the register other than letter for letter (CareCentreRegister::
// loose_matches): skrivet, registrets_namn, kalla, rad, antal.
nlohmann::json loose_matches_json(const CareCentreRegister& centres);

}  // namespace omrade::profiles
