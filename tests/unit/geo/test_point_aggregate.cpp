// geo/point_aggregate: the border rule (edges, vertices, outer boundary), outside points and the
// accounting of missing values, on squares whose answers can be checked by hand.
#include "geo/error.hpp"
#include "geo/point_aggregate.hpp"

#include <gtest/gtest.h>

using namespace omrade;
using namespace omrade::geo;

namespace {

MultiPolygon rect(double x0, double y0, double x1, double y1) {
    MultiPolygon mp;
    mp.resize(1);
    bg::append(mp[0].outer(), Point(x0, y0));
    bg::append(mp[0].outer(), Point(x0, y1));
    bg::append(mp[0].outer(), Point(x1, y1));
    bg::append(mp[0].outer(), Point(x1, y0));
    bg::append(mp[0].outer(), Point(x0, y0));
    bg::correct(mp);
    return mp;
}

Layer areas_layer(const std::vector<MultiPolygon>& polys) {
    Layer l;
    l.name = "omraden";
    l.source = "omraden.gpkg";
    l.crs = "EPSG:3006";
    l.fields = {{"kod", FieldType::String}};
    for (std::size_t i = 0; i < polys.size(); ++i) {
        l.features.push_back({static_cast<std::int64_t>(i + 1), {std::string(1, static_cast<char>('A' + i))}, polys[i]});
    }
    return l;
}

Layer points_layer(const std::vector<std::pair<Geometry, Value>>& pts) {
    Layer l;
    l.name = "punkter";
    l.source = "punkter.gpkg";
    l.crs = "EPSG:3006";
    l.fields = {{"vikt", FieldType::Real}};
    std::int64_t fid = 1;
    for (const auto& [g, v] : pts) l.features.push_back({fid++, {v}, g});
    return l;
}

}  // namespace

TEST(AssignPoints, BorderAndVertexPointsGoToTheLowestIndex) {
    const std::vector<MultiPolygon> polys = {rect(0, 0, 10, 10), rect(10, 0, 20, 10), rect(0, 10, 10, 20)};
    const std::vector<Point> pts = {
        {5, 5},     // interior of 0
        {10, 5},    // edge shared by 0 and 1
        {10, 10},   // vertex shared by 0, 1 and 2
        {20, 5},    // outer boundary of 1 only
        {15, 15},   // outside (the missing fourth square)
        {5, 15},    // interior of 2
        {10, 15},   // outer boundary of 2 only
    };
    const PointAssignment a = assign_points(polys, pts);
    ASSERT_EQ(a.polygon.size(), pts.size());
    EXPECT_EQ(a.polygon[0], 0u);
    EXPECT_EQ(a.polygon[1], 0u);
    EXPECT_EQ(a.polygon[2], 0u);
    EXPECT_EQ(a.polygon[3], 1u);
    EXPECT_FALSE(a.polygon[4].has_value());
    EXPECT_EQ(a.polygon[5], 2u);
    EXPECT_EQ(a.polygon[6], 2u);
    EXPECT_EQ(a.shared, 2u);

    // The rule follows the order: with the squares swapped the edge point goes to the other one.
    const PointAssignment b = assign_points({polys[1], polys[0]}, {{10, 5}, {10, 10}});
    EXPECT_EQ(b.polygon[0], 0u);
    EXPECT_EQ(b.polygon[1], 0u);
}

TEST(AssignPoints, HoleIsOutside) {
    MultiPolygon donut = rect(0, 0, 30, 30);
    donut[0].inners().emplace_back();
    for (const Point& p : {Point(10, 10), Point(20, 10), Point(20, 20), Point(10, 20), Point(10, 10)}) {
        donut[0].inners().back().push_back(p);
    }
    bg::correct(donut);
    const PointAssignment a = assign_points({donut}, {{15, 15}, {10, 15}, {5, 5}});
    EXPECT_FALSE(a.polygon[0].has_value());
    EXPECT_EQ(a.polygon[1], 0u);  // on the hole's edge: still the polygon's boundary
    EXPECT_EQ(a.polygon[2], 0u);
}

TEST(AggregatePoints, CountsEveryPointOnceAndReportsOutsidePoints) {
    const Layer areas = areas_layer({rect(0, 0, 10, 10), rect(10, 0, 20, 10)});
    const Layer points = points_layer({
        {Point(5, 5), 1.0},
        {Point(10, 5), 2.0},          // shared edge: area A
        {Point(15, 5), 4.0},
        {Point(20, 0), 8.0},          // outer corner of B
        {Point(50, 50), 16.0},        // outside
        {std::monostate{}, 32.0},     // no position
    });
    const auto r = aggregate_points(areas, points);
    const std::size_t antal = *r.layer.field_index("antal");
    EXPECT_EQ(std::get<std::int64_t>(r.layer.features[0].values[antal]), 2);
    EXPECT_EQ(std::get<std::int64_t>(r.layer.features[1].values[antal]), 2);
    EXPECT_EQ(r.report.points, 6u);
    EXPECT_EQ(r.report.assigned, 4u);
    EXPECT_EQ(r.report.outside, 1u);
    EXPECT_EQ(r.report.without_geometry, 1u);
    EXPECT_EQ(r.report.on_shared_boundary, 1u);
    EXPECT_EQ(r.report.outside_fids, std::vector<std::int64_t>{5});
    EXPECT_EQ(r.report.assigned + r.report.outside + r.report.without_geometry, r.report.points);
    // Without a field no value columns are added.
    EXPECT_FALSE(r.layer.field_index("summa_").has_value());
}

TEST(AggregatePoints, SumsAFieldAndKeepsMissingApartFromZero) {
    const Layer areas = areas_layer({rect(0, 0, 10, 10), rect(10, 0, 20, 10), rect(20, 0, 30, 10)});
    const Layer points = points_layer({
        {Point(5, 5), 1.5},
        {Point(6, 5), std::monostate{}},     // NULL in A
        {Point(15, 5), std::monostate{}},    // B has only a NULL: its sum is missing
        {Point(16, 5), std::string("x")},    // not a number
        {Point(40, 5), 7.0},                 // outside
    });
    const auto r = aggregate_points(areas, points, "vikt");
    const auto& f = r.layer.features;
    const std::size_t sum = *r.layer.field_index("summa_vikt");
    const std::size_t missing = *r.layer.field_index("antal_utan_vikt");
    EXPECT_DOUBLE_EQ(std::get<double>(f[0].values[sum]), 1.5);
    EXPECT_EQ(std::get<std::int64_t>(f[0].values[missing]), 1);
    EXPECT_TRUE(std::holds_alternative<std::monostate>(f[1].values[sum]));
    EXPECT_EQ(std::get<std::int64_t>(f[1].values[missing]), 2);
    EXPECT_DOUBLE_EQ(std::get<double>(f[2].values[sum]), 0.0);  // no points: a true zero
    EXPECT_EQ(r.report.null_values, 2u);
    EXPECT_EQ(r.report.non_numeric_values, 1u);
    EXPECT_DOUBLE_EQ(r.report.sum_assigned, 1.5);
    EXPECT_DOUBLE_EQ(r.report.sum_outside, 7.0);
}

TEST(AggregatePoints, RejectsPolygonsAsPointsAndMissingField) {
    const Layer areas = areas_layer({rect(0, 0, 10, 10)});
    EXPECT_THROW(aggregate_points(areas, areas), DataError);
    EXPECT_THROW(aggregate_points(areas, points_layer({{Point(1, 1), 1.0}}), "finns_inte"), DataError);
}
