// Robust geometric operations through the GEOS reentrant C API: validity, repair, dissolve,
// overlaps, intersection areas through an STRtree, Voronoi, representative points.
#pragma once

#include "geo/geometry.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace omrade::geo {

struct ValidityProblem {
    std::size_t index = 0;  // position in the input vector
    std::string reason;     // GEOS's reason, e.g. "Self-intersection"
    Point location;
};

// One entry per invalid geometry (empty result = all valid).
std::vector<ValidityProblem> find_invalid(const std::vector<MultiPolygon>& geoms);

// GEOS MakeValid, keeping only the polygonal part. Returns the repaired geometry.
MultiPolygon make_valid(const MultiPolygon& g);

struct Overlap {
    std::size_t a = 0, b = 0;  // a < b
    double area = 0;           // area of the intersection, CRS units²
    double share_of_smaller = 0;  // area / area of the smaller of the two (1 = an enclave)
};

// Pairs whose interiors overlap by more than min_area and by more than min_share of the smaller
// polygon (candidate pairs from an R-tree of envelopes). Sorted by (a, b).
std::vector<Overlap> find_overlaps(const std::vector<MultiPolygon>& geoms, double min_area,
                                   double min_share = 0.0);

// The union of the polygons (dissolve). With close_gaps > 0 the union is closed morphologically
// (buffered out and back in by close_gaps, mitred joins): neighbouring polygons of a generalised
// layer such as SCB's DeSO leave gaps and slivers a few metres wide between them, which would
// otherwise show as holes and stray lines inside the outline. Gaps narrower than 2 × close_gaps
// disappear; outer corners are kept by the mitre joins.
MultiPolygon dissolve(const std::vector<const MultiPolygon*>& parts, double close_gaps = 0.0);

// Removes interior rings (holes) smaller than min_area: the gaps a generalised layer leaves
// between neighbours, not enclaves (a caller passes a threshold below its smallest polygon).
void fill_small_holes(MultiPolygon& g, double min_area);

// Gap closing used for catchment and kommun outlines drawn from DeSO polygons (metres).
inline constexpr double outline_close_gaps_m = 5.0;

struct Intersection {
    std::size_t source = 0, target = 0;
    double area = 0;  // > 0
};

// All source × target pairs with a positive intersection area, found through an STRtree over
// the targets with prepared geometries. Sorted by (source, target).
std::vector<Intersection> intersection_areas(const std::vector<MultiPolygon>& sources,
                                             const std::vector<MultiPolygon>& targets);

// A point guaranteed to lie inside the polygon (GEOS PointOnSurface).
Point representative_point(const MultiPolygon& g);

// Voronoi cells of the sites clipped to `clip`; result[i] belongs to sites[i]. Duplicate sites
// share one cell (each receives a copy).
std::vector<MultiPolygon> voronoi_cells(const std::vector<Point>& sites, const MultiPolygon& clip);

}  // namespace omrade::geo
