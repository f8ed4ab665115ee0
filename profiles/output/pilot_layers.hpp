// The map layers of one pilot: its DeSOs with statistics, its catchment outline, the
// vårdcentraler and the kommun borders. Field and layer names are Swedish (users read them).
#pragma once

#include "geo/layer.hpp"
#include "profiles/inputs.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace omrade::profiles {

// Extra per-area columns from the indicator engine (value per area index; NaN = NULL;
// text columns carry reasons such as "undertryckt").
struct AreaColumn {
    std::string name;
    geo::FieldType type = geo::FieldType::Real;
    std::vector<geo::Value> values;  // per area index
};

struct PilotLayers {
    geo::Layer deso;               // "deso"
    geo::Layer catchment;          // "upptagningsomrade"
    geo::Layer centres;            // "vardcentraler"
    std::optional<geo::Layer> kommuner;  // "kommuner"
    std::optional<geo::Layer> resources;  // "resurser": [resurser] points inside the catchment
    std::vector<std::size_t> area_indices;  // the DeSOs of the pilot, in layer order
    double population = 0;                  // Σ share × population
    // The pilot's surroundings, what its maps and its kommun and vårdcentral layers show: the
    // kommuner of its DeSOs and their neighbours (pilot_surroundings). Sorted kommun codes.
    std::vector<std::string> surroundings;
};

// What every pilot's layers share, computed once per build (issue 13: a national build must
// not dissolve every kommun once per pilot): the kommun outlines (when a kommun layer is
// configured) and each kommun's bounding box, from its DeSOs.
struct SharedLayers {
    std::optional<geo::Layer> kommuner;         // every kommun of the area set, by kommun code
    std::map<std::string, geo::Box> kommun_box;  // kommun code → envelope of its DeSOs
};

SharedLayers shared_layers(const Inputs& in);

// The kommuner shown around a pilot: those holding one of its DeSOs, and every kommun whose
// bounding box meets the bounding box of one of those (its neighbours, and possibly a kommun
// that only comes close: a superset, never missing a neighbour). Independent of the size of
// the area set: a pilot in Kronoberg gets the same surroundings in a national build.
std::vector<std::string> pilot_surroundings(const Inputs& in, const SharedLayers& shared,
                                            const std::vector<std::pair<std::size_t, double>>& catchment);

// True when the vårdcentral is drawn around the pilot: its register kommun is in the
// surroundings, or its position lies in one of their bounding boxes.
bool in_surroundings(const CareCentre& c, const std::vector<std::string>& surroundings, const SharedLayers& shared);

// Value-only statistics (e.g. SCB's wide table) as columns for the latest year of each id:
// the value, or NULL when not published.
std::vector<AreaColumn> value_columns(const Inputs& in);

// The pilot's DeSOs, its catchment outline, and (from `shared`) the kommuner and vårdcentraler of
// its surroundings; the pilot's own vårdcentral always.
PilotLayers make_pilot_layers(const Inputs& in, std::size_t pilot, const std::vector<AreaColumn>& columns,
                              const SharedLayers& shared);

// Holes below this area are filled in dissolved outlines (see pilot_layers.cpp).
double outline_hole_threshold(const AreaSet& areas);

// Kommun outlines dissolved from the DeSOs (fields kommunkod, kommun, antal_deso, befolkning),
// named from the configured kommun layer.
geo::Layer kommun_outlines(const Inputs& in);

}  // namespace omrade::profiles
