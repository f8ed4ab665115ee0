// Local resources (schools, associations, pharmacies …; DOMAIN.md §1 step 4) as points, counted
// per catchment and drawn in the pilot's layer "resurser".
#pragma once

#include "geo/layer.hpp"
#include "profiles/input/areas.hpp"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace omrade::profiles {

// Reads a point layer with a type and a name field into layer "resurser" (fields typ, namn;
// EPSG:3006). Throws DataError naming the source, the feature and the field for a missing field
// or a feature that is not a point.
geo::Layer read_resources(const std::string& source, const std::string& type_field, const std::string& name_field);

// The resources lying in the DeSOs of one catchment (`shares`: area index, share), with the
// DeSO's code and share as fields desokod, andel_i_omradet. Points in no listed DeSO are left out.
geo::Layer resources_in_catchment(const geo::Layer& resources, const AreaSet& areas,
                                  const std::vector<std::pair<std::size_t, double>>& shares);

// Number of resources per type (field typ) in a layer from resources_in_catchment.
std::map<std::string, std::size_t> resource_counts(const geo::Layer& layer);

}  // namespace omrade::profiles
