// Helpers shared by the catchment methods: finding which polygon holds a point, and population
// points (a point layer with an optional weight field) located in the areas.
#pragma once

#include "geo/geometry.hpp"
#include "profiles/input/areas.hpp"
#include "profiles/input/config.hpp"

#include <boost/geometry/index/rtree.hpp>

#include <optional>
#include <vector>

namespace omrade::profiles::detail {

// Point-in-polygon through an R-tree of envelopes. Where polygons overlap, the lowest index wins
// (deterministic; the area set's overlaps are reported by `check`).
class PolygonLocator {
public:
    explicit PolygonLocator(const std::vector<const geo::MultiPolygon*>& polygons);
    std::optional<std::size_t> locate(const geo::Point& p) const;
    // Every polygon covering the point, ascending.
    std::vector<std::size_t> locate_all(const geo::Point& p) const;

private:
    using Entry = std::pair<geo::Box, std::size_t>;
    std::vector<const geo::MultiPolygon*> m_polygons;
    boost::geometry::index::rtree<Entry, boost::geometry::index::quadratic<16>> m_tree;
};

struct PopulationPoints {
    std::vector<geo::Point> points;
    std::vector<double> weight;
    std::vector<std::optional<std::size_t>> area;  // the area holding each point
    std::vector<double> area_weight;               // Σ weight per area index
    std::size_t outside = 0;                       // points in no area
};

// Reads config.population_points (weight field config.population_points_field, or 1 per point).
// Throws DataError naming the feature for a non-point geometry or a negative/non-numeric weight.
PopulationPoints read_population_points(const CatchmentConfig& config, const AreaSet& areas);

}  // namespace omrade::profiles::detail
