// Points to polygons: a deterministic assignment of each point to at most one polygon, and counts
// or sums of a point field per polygon with an accounting of what could not be assigned.
#pragma once

#include "geo/layer.hpp"
#include "geo/reader.hpp"
#include "geo/source.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
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

// The same rule as assign_points, prepared once for many points: a uniform grid over the
// polygons' extent lists, per cell and in index order, the polygons whose envelope meets the cell;
// each polygon part keeps its edges in horizontal strips for a crossing-number test. A point that
// lies on or within rounding distance of an edge (orientation not clearly non-zero) is decided
// by Boost.Geometry's covered_by, as in assign_points, so both give the same answer for every
// point. Immutable after construction: assign() may be called from several threads.
class PreparedAreas {
public:
    explicit PreparedAreas(const std::vector<MultiPolygon>& polygons);
    ~PreparedAreas();
    PreparedAreas(PreparedAreas&&) noexcept;
    PreparedAreas& operator=(PreparedAreas&&) noexcept;

    struct Hit {
        std::optional<std::size_t> polygon;  // lowest index among the covering polygons
        bool shared = false;                 // more than one polygon covers the point
    };
    Hit assign(const Point& p) const;
    // Points decided by Boost.Geometry because they lay on or very near an edge (for tests).
    std::size_t exact_fallbacks() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

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

struct PointStreamOptions {
    std::size_t batch_size = 65536;  // features per batch
    unsigned threads = 0;            // threads testing points (0 = all cores); 1 = all in the caller
    // Progress lines (stage, points read, rate), when set.
    std::function<void(const std::string&)> progress;
};

// aggregate_points on a point source read as a stream (PointReader, batches of
// options.batch_size): the areas are prepared once (PreparedAreas), batches are tested on
// `threads` threads while the calling thread reads, and the results are applied to the counts,
// sums and report strictly in read order, point by point. The result (layer and report, sums
// included) is therefore identical to aggregate_points(areas, read_layer(points, read), field)
// whatever the batch size and number of threads, and at most a few batches are in memory.
PointAggregateResult aggregate_points_stream(const Layer& areas, const SourceName& points, const ReadOptions& read,
                                             const std::string& field = {}, const PointStreamOptions& options = {});

}  // namespace omrade::geo
