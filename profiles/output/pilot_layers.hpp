// The map layers of one pilot: its DeSOs with statistics, its catchment outline, the
// vårdcentraler and the kommun borders. Field and layer names are Swedish (users read them).
#pragma once

#include "geo/layer.hpp"
#include "profiles/inputs.hpp"

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
};

// Value-only statistics (e.g. SCB's wide table) as columns for the latest year of each id:
// the value, or NULL when not published.
std::vector<AreaColumn> value_columns(const Inputs& in);

PilotLayers make_pilot_layers(const Inputs& in, std::size_t pilot, const std::vector<AreaColumn>& columns);

// Holes below this area are filled in dissolved outlines (see pilot_layers.cpp).
double outline_hole_threshold(const AreaSet& areas);

// Kommun outlines dissolved from the DeSOs (fields kommunkod, kommun, antal_deso, befolkning),
// named from the configured kommun layer.
geo::Layer kommun_outlines(const Inputs& in);

}  // namespace omrade::profiles
