// geo/overlay: validity, repair, overlaps, dissolve, intersection areas, representative points
// and Voronoi cells on hand-checkable shapes, and validity/overlaps on the real DeSO layers.
#include "geo/overlay.hpp"
#include "geo/reader.hpp"
#include "test_config.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

using namespace omrade;
using namespace omrade::geo;

namespace {

MultiPolygon wkt(const std::string& text, bool correct = true) {
    MultiPolygon mp;
    bg::read_wkt(text, mp);
    if (correct) bg::correct(mp);
    return mp;
}

// An axis-parallel rectangle.
MultiPolygon rect(double x0, double y0, double x1, double y1) {
    return wkt("MULTIPOLYGON(((" + std::to_string(x0) + " " + std::to_string(y0) + "," + std::to_string(x0) + " " +
               std::to_string(y1) + "," + std::to_string(x1) + " " + std::to_string(y1) + "," + std::to_string(x1) +
               " " + std::to_string(y0) + "," + std::to_string(x0) + " " + std::to_string(y0) + ")))");
}

std::string kron_gpkg(const std::string& layer) {
    return std::string(test::kronoberg_dir) + "/deso2025_kronoberg.gpkg|layername=" + layer;
}

std::vector<MultiPolygon> polygons_of(const Layer& layer) {
    std::vector<MultiPolygon> out;
    for (const auto& f : layer.features) out.push_back(std::get<MultiPolygon>(f.geometry));
    return out;
}

}  // namespace

TEST(Overlay, FindInvalidReportsTheBowTieOnly) {
    // The bow-tie's two edges cross at (5, 5); orientation is left as written on purpose.
    const std::vector<MultiPolygon> geoms = {rect(0, 0, 10, 10),
                                             wkt("MULTIPOLYGON(((0 0,10 10,10 0,0 10,0 0)))", false)};
    const auto problems = find_invalid(geoms);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].index, 1u);
    EXPECT_NE(problems[0].reason.find("Self-intersection"), std::string::npos) << problems[0].reason;
    EXPECT_NEAR(problems[0].location.x(), 5.0, 1e-9);
    EXPECT_NEAR(problems[0].location.y(), 5.0, 1e-9);
}

TEST(Overlay, MakeValidKeepsBothLobesOfTheBowTie) {
    // Two triangles of base 10 and height 5: 25 + 25.
    const MultiPolygon fixed = make_valid(wkt("MULTIPOLYGON(((0 0,10 10,10 0,0 10,0 0)))", false));
    EXPECT_NEAR(area(fixed), 50.0, 1e-9);
    EXPECT_EQ(fixed.size(), 2u);
    EXPECT_TRUE(find_invalid({fixed}).empty());
}

TEST(Overlay, FindOverlapsAppliesAreaAndShareThresholds) {
    const std::vector<MultiPolygon> geoms = {
        rect(0, 0, 1000, 1000),         // 0: 100 ha
        rect(200, 200, 400, 400),       // 1: enclave of 4 ha inside 0
        rect(950, 0, 1950, 1000),       // 2: overlaps 0 by 50 m x 1000 m = 5 ha, 5 % of the smaller
        rect(1950, 0, 2950, 1000),      // 3: only touches 2
        rect(5000, 0, 5100, 100),       // 4: 1 ha
        rect(5050, 0, 5150, 100),       // 5: overlaps 4 by 0.5 ha = 50 %, below 1 ha
    };
    const auto overlaps = find_overlaps(geoms, 10000.0, 0.10);
    ASSERT_EQ(overlaps.size(), 1u);
    EXPECT_EQ(overlaps[0].a, 0u);
    EXPECT_EQ(overlaps[0].b, 1u);
    EXPECT_NEAR(overlaps[0].area, 40000.0, 1e-6);
    EXPECT_NEAR(overlaps[0].share_of_smaller, 1.0, 1e-12);

    // Without thresholds the sliver and the small overlap are found too, but touching is not.
    const auto all = find_overlaps(geoms, 0.0, 0.0);
    ASSERT_EQ(all.size(), 3u);
    EXPECT_EQ(all[1].a, 0u);
    EXPECT_EQ(all[1].b, 2u);
    EXPECT_NEAR(all[1].area, 50000.0, 1e-6);
    EXPECT_NEAR(all[1].share_of_smaller, 0.05, 1e-12);
    EXPECT_EQ(all[2].a, 4u);
    EXPECT_EQ(all[2].b, 5u);
    EXPECT_NEAR(all[2].share_of_smaller, 0.5, 1e-12);
}

TEST(Overlay, DissolveOfAdjacentSquaresIsOnePolygon) {
    const MultiPolygon a = rect(0, 0, 10, 10), b = rect(10, 0, 20, 10), c = rect(0, 10, 10, 20);
    const MultiPolygon u = dissolve({&a, &b, &c});
    ASSERT_EQ(u.size(), 1u);
    EXPECT_TRUE(u[0].inners().empty());
    EXPECT_NEAR(area(u), 300.0, 1e-9);
    EXPECT_TRUE(dissolve({}).empty());
}

TEST(Overlay, IntersectionAreasOfSquares) {
    const std::vector<MultiPolygon> sources = {rect(0, 0, 10, 10), rect(10, 0, 20, 10)};
    const std::vector<MultiPolygon> targets = {
        rect(5, 0, 15, 10),    // 0: half of each source
        rect(0, 5, 20, 10),    // 1: upper half of both
        rect(1, 1, 3, 2),      // 2: strictly inside source 0 (area 2)
        rect(30, 30, 40, 40),  // 3: disjoint
        rect(20, 0, 30, 10),   // 4: touches source 1 only along an edge
    };
    const auto got = intersection_areas(sources, targets);
    ASSERT_EQ(got.size(), 5u);
    const std::vector<std::tuple<std::size_t, std::size_t, double>> want = {
        {0, 0, 50.0}, {0, 1, 50.0}, {0, 2, 2.0}, {1, 0, 50.0}, {1, 1, 50.0}};
    for (std::size_t i = 0; i < want.size(); ++i) {
        EXPECT_EQ(got[i].source, std::get<0>(want[i])) << i;
        EXPECT_EQ(got[i].target, std::get<1>(want[i])) << i;
        EXPECT_NEAR(got[i].area, std::get<2>(want[i]), 1e-9) << i;
    }
}

TEST(Overlay, RepresentativePointLiesInsideADonut) {
    // The centroid of a square ring is in its hole; the representative point must not be.
    const MultiPolygon donut =
        wkt("MULTIPOLYGON(((0 0,0 100,100 100,100 0,0 0),(10 10,90 10,90 90,10 90,10 10)))");
    ASSERT_FALSE(bg::within(bg::return_centroid<Point>(donut), donut));
    const Point p = representative_point(donut);
    EXPECT_TRUE(bg::within(p, donut)) << bg::wkt(p);
}

TEST(Overlay, VoronoiOfTwoSitesSplitsARectangleInHalf) {
    const MultiPolygon clip = rect(0, 0, 1000, 400);
    const auto cells = voronoi_cells({Point(250, 200), Point(750, 200)}, clip);
    ASSERT_EQ(cells.size(), 2u);
    for (const auto& c : cells) EXPECT_NEAR(area(c), 200000.0, 1e-6);
    EXPECT_TRUE(bg::within(Point(250, 200), cells[0]));
    EXPECT_TRUE(bg::within(Point(750, 200), cells[1]));
    const Box left = bg::return_envelope<Box>(cells[0]);
    EXPECT_NEAR(left.min_corner().x(), 0.0, 1e-9);
    EXPECT_NEAR(left.max_corner().x(), 500.0, 1e-9);
}

TEST(Overlay, VoronoiDuplicateSitesShareACell) {
    const MultiPolygon clip = rect(0, 0, 900, 300);
    const auto cells = voronoi_cells({Point(150, 150), Point(450, 150), Point(150, 150), Point(750, 150)}, clip);
    ASSERT_EQ(cells.size(), 4u);
    for (std::size_t i : {0u, 1u, 3u}) EXPECT_NEAR(area(cells[i]), 90000.0, 1e-6) << i;
    EXPECT_TRUE(bg::equals(cells[0], cells[2]));
    // The cells tile the clip: no area lost or doubled (the duplicate's copy aside).
    EXPECT_NEAR(area(cells[0]) + area(cells[1]) + area(cells[3]), area(clip), 1e-6);
}

TEST(OverlayKronoberg, PublishedDesoLayerHasExactlyThreeInvalidGeometries) {
    const Layer layer = read_layer(parse_source(kron_gpkg("deso_as_published")));
    const std::size_t code = layer.require_field("desokod");
    std::set<std::string> invalid;
    for (const auto& p : find_invalid(polygons_of(layer))) invalid.insert(to_text(layer.features[p.index].values[code]));
    EXPECT_EQ(invalid, (std::set<std::string>{"0763A0040", "0764A0040", "0765A0020"}));
}

TEST(OverlayKronoberg, RepairedDesoLayerHasNoOverlapAboveTheThresholds) {
    const Layer layer = read_layer(parse_source(kron_gpkg("deso")));
    ASSERT_EQ(layer.features.size(), 115u);
    EXPECT_TRUE(find_invalid(polygons_of(layer)).empty());
    EXPECT_TRUE(find_overlaps(polygons_of(layer), 10000.0, 0.10).empty());
    // The same thresholds do catch the enclaves of the published layer (repaired first, since
    // GEOS cannot overlay invalid input).
    std::vector<MultiPolygon> published = polygons_of(read_layer(parse_source(kron_gpkg("deso_as_published"))));
    for (auto& g : published) g = make_valid(g);
    const auto overlaps = find_overlaps(published, 10000.0, 0.10);
    ASSERT_FALSE(overlaps.empty());
    for (const auto& o : overlaps) {
        EXPECT_GT(o.area, 10000.0);
        EXPECT_GT(o.share_of_smaller, 0.10);
    }
}
