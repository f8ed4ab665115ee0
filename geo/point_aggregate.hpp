// Points to polygons: a deterministic assignment of each point to at most one polygon, and counts
// or sums of a point field per polygon with an accounting of what could not be assigned.
#pragma once

#include "geo/layer.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace omrade::geo {

struct PointAssignment {
    // Per point: the polygon it belongs to, or nullopt when it lies outside every polygon.
    std::vector<std::optional<std::size_t>> polygon;
    // Points that more than one polygon covers (on a shared edge or vertex, or in an overlap).
    std::size_t shared = 0;
};

// The rule, so that every point is counted once: a point belongs to the polygon with the lowest
// index among those that cover it (interior or boundary, edges and vertices alike). A point on
// the outer boundary of the tessellation therefore still belongs to its one polygon, and a point
// on a border between two polygons goes to the first of them. Candidates come from an R-tree of
// envelopes; the test is Boost.Geometry's covered_by.
PointAssignment assign_points(const std::vector<MultiPolygon>& polygons, const std::vector<Point>& points);

struct PointAggregateReport {
    std::size_t points = 0;            // features in the point layer
    std::size_t assigned = 0;          // points counted in some polygon
    std::size_t outside = 0;           // points with a position outside every polygon
    std::size_t without_geometry = 0;  // points with no position (not counted anywhere)
    std::size_t on_shared_boundary = 0;
    std::vector<std::int64_t> outside_fids;  // fids of the outside points (first 20)
    // With a field: values that are NULL or not numbers (reported, never summed as 0).
    std::size_t null_values = 0;
    std::size_t non_numeric_values = 0;
    double sum_assigned = 0;  // Σ field over assigned points
    double sum_outside = 0;   // Σ field over outside points and points without geometry
};

struct PointAggregateResult {
    Layer layer;  // the areas with `antal` (and, with a field, `summa_<F>`, `antal_utan_<F>`)
    PointAggregateReport report;
};

// Counts the points per area (and sums `field` when not empty) using assign_points. Both layers
// must be in the same CRS. Per area: antal = points assigned; summa_<F> = Σ of the numeric
// values, NULL when the area has points but none with a value (0 when it has no points);
// antal_utan_<F> = its points whose value is NULL or not a number. Throws DataError when the
// point layer holds polygons, the area layer holds points, the field is missing, or an output
// field name is already taken.
PointAggregateResult aggregate_points(const Layer& areas, const Layer& points, const std::string& field = {});

}  // namespace omrade::geo
