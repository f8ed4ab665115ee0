// The fast path of aggregate-points (PreparedAreas, aggregate_points_stream) against the simple
// reference (assign_points, aggregate_points on read_layer): the same polygon for every point
// (edges, vertices, holes, overlaps, invalid polygons, points far away), and the same layer and
// report, sums bit for bit, for every batch size and number of threads, on the demo and on a
// file with adversarial points in another CRS.
#include "geo/error.hpp"
#include "geo/point_aggregate.hpp"
#include "geo/reader.hpp"
#include "geo/transform.hpp"
#include "test_config.hpp"

#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <random>

namespace fs = std::filesystem;
using namespace omrade;
using namespace omrade::geo;

namespace {

MultiPolygon rect(double x0, double y0, double x1, double y1) {
    MultiPolygon mp;
    mp.resize(1);
    for (const Point& p : {Point(x0, y0), Point(x0, y1), Point(x1, y1), Point(x1, y0), Point(x0, y0)}) {
        mp[0].outer().push_back(p);
    }
    bg::correct(mp);
    return mp;
}

std::string kron(const std::string& f) { return std::string(test::kronoberg_dir) + "/" + f; }

std::vector<MultiPolygon> polygons_of(const Layer& l) {
    std::vector<MultiPolygon> out;
    for (const auto& f : l.features) {
        out.push_back(is_empty(f.geometry) ? MultiPolygon{} : std::get<MultiPolygon>(f.geometry));
    }
    return out;
}

// Every point compared; returns how many were checked.
std::size_t expect_same_assignment(const std::vector<MultiPolygon>& polys, const std::vector<Point>& pts) {
    const PointAssignment ref = assign_points(polys, pts);
    const PreparedAreas prepared(polys);
    std::size_t shared = 0, bad = 0;
    for (std::size_t i = 0; i < pts.size(); ++i) {
        const auto hit = prepared.assign(pts[i]);
        shared += hit.shared ? 1 : 0;
        if (hit.polygon != ref.polygon[i] && bad++ < 10) {
            ADD_FAILURE() << "point " << i << " (" << bg::wkt(pts[i]) << "): prepared "
                          << (hit.polygon ? std::to_string(*hit.polygon) : "-") << ", reference "
                          << (ref.polygon[i] ? std::to_string(*ref.polygon[i]) : "-");
        }
    }
    EXPECT_EQ(bad, 0u);
    EXPECT_EQ(shared, ref.shared);
    return pts.size();
}

void expect_same_result(const PointAggregateResult& a, const PointAggregateResult& b) {
    const PointAggregateReport &ra = a.report, &rb = b.report;
    EXPECT_EQ(ra.points, rb.points);
    EXPECT_EQ(ra.assigned, rb.assigned);
    EXPECT_EQ(ra.outside, rb.outside);
    EXPECT_EQ(ra.without_geometry, rb.without_geometry);
    EXPECT_EQ(ra.on_shared_boundary, rb.on_shared_boundary);
    EXPECT_EQ(ra.outside_fids, rb.outside_fids);
    EXPECT_EQ(ra.null_values, rb.null_values);
    EXPECT_EQ(ra.non_numeric_values, rb.non_numeric_values);
    EXPECT_EQ(ra.sum_assigned, rb.sum_assigned);  // bit for bit: applied in the same order
    EXPECT_EQ(ra.sum_outside, rb.sum_outside);
    ASSERT_EQ(a.layer.fields.size(), b.layer.fields.size());
    for (std::size_t i = 0; i < a.layer.fields.size(); ++i) EXPECT_EQ(a.layer.fields[i].name, b.layer.fields[i].name);
    ASSERT_EQ(a.layer.features.size(), b.layer.features.size());
    for (std::size_t f = 0; f < a.layer.features.size(); ++f) {
        EXPECT_EQ(a.layer.features[f].values, b.layer.features[f].values) << "area " << f;
    }
}

// The stream with batch sizes 1, 7 and 65536 and 1 and 2 threads against the reference.
void expect_stream_matches_reference(const Layer& areas, const std::string& points, const ReadOptions& ro,
                                     const std::string& field) {
    const PointAggregateResult ref = aggregate_points(areas, read_layer(parse_source(points), ro), field);
    for (const std::size_t batch : {std::size_t{1}, std::size_t{7}, std::size_t{65536}}) {
        for (const unsigned threads : {1u, 2u}) {
            SCOPED_TRACE("batch " + std::to_string(batch) + ", threads " + std::to_string(threads));
            PointStreamOptions so;
            so.batch_size = batch;
            so.threads = threads;
            std::vector<std::string> lines;
            so.progress = [&lines](const std::string& s) { lines.push_back(s); };
            expect_same_result(aggregate_points_stream(areas, parse_source(points), ro, field, so), ref);
            ASSERT_FALSE(lines.empty());
            EXPECT_NE(lines.back().find("räknade"), std::string::npos) << lines.back();
        }
    }
}

fs::path scratch(const std::string& name) {
    const auto d = fs::path(test::binary_dir) / "test_scratch" / ("point_stream_" + name);
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
}

struct TestPoint {
    std::optional<Point> xy;  // nullopt: NULL geometry
    Value value;
    bool polygon = false;     // write a polygon instead of a point
};

// A GeoPackage layer `punkter` with a Real field `vikt` and a String field `text`, points given in
// EPSG:3006 and written in `crs` (reprojected with OGR).
std::string write_points(const fs::path& dir, const std::vector<TestPoint>& pts, int epsg) {
    GDALAllRegister();
    fs::create_directories(dir);
    const std::string path = (dir / "punkter.gpkg").string();
    auto* drv = GetGDALDriverManager()->GetDriverByName("GPKG");
    std::unique_ptr<GDALDataset> ds(drv->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) throw std::runtime_error("cannot create " + path);
    OGRSpatialReference srs;
    srs.importFromEPSG(epsg);
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    OGRSpatialReference sweref;
    sweref.importFromEPSG(3006);
    sweref.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&sweref, &srs));
    OGRLayer* l = ds->CreateLayer("punkter", &srs, wkbUnknown, nullptr);
    OGRFieldDefn vikt("vikt", OFTString);  // a string field: numbers, text and blanks
    l->CreateField(&vikt);
    OGRFieldDefn text("annat", OFTString);
    l->CreateField(&text);
    for (const auto& p : pts) {
        OGRFeature f(l->GetLayerDefn());
        if (const auto* d = std::get_if<double>(&p.value)) f.SetField(0, std::to_string(*d).c_str());
        if (const auto* s = std::get_if<std::string>(&p.value)) f.SetField(0, s->c_str());
        f.SetField(1, "ignoreras");
        if (p.xy) {
            double x = p.xy->x(), y = p.xy->y();
            if (epsg != 3006) ct->Transform(1, &x, &y);
            if (p.polygon) {
                OGRPolygon poly;
                OGRLinearRing r;
                r.addPoint(x, y);
                r.addPoint(x + 1, y);
                r.addPoint(x, y + 1);
                r.closeRings();
                poly.addRing(&r);
                f.SetGeometry(&poly);
            } else {
                OGRPoint pt(x, y);
                f.SetGeometry(&pt);
            }
        }
        EXPECT_EQ(l->CreateFeature(&f), OGRERR_NONE);
    }
    return path;
}

Layer areas_layer(const std::vector<MultiPolygon>& polys) {
    Layer l;
    l.name = "omraden";
    l.source = "omraden";
    l.crs = "EPSG:3006";
    l.fields = {{"kod", FieldType::String}};
    for (std::size_t i = 0; i < polys.size(); ++i) {
        l.features.push_back({static_cast<std::int64_t>(i + 1), {std::string(1, static_cast<char>('A' + i))}, polys[i]});
    }
    return l;
}

}  // namespace

TEST(PreparedAreas, SameAsAssignPointsOnEdgesVerticesHolesAndOverlaps) {
    MultiPolygon donut = rect(0, 0, 30, 30);
    donut[0].inners().emplace_back();
    for (const Point& p : {Point(10, 10), Point(20, 10), Point(20, 20), Point(10, 20), Point(10, 10)}) {
        donut[0].inners().back().push_back(p);
    }
    bg::correct(donut);
    MultiPolygon two_parts = rect(40, 0, 50, 10);
    two_parts.push_back(rect(60, 0, 70, 10)[0]);
    MultiPolygon bowtie;  // self-intersecting: invalid, always decided by Boost
    bowtie.resize(1);
    for (const Point& p : {Point(80, 0), Point(90, 10), Point(90, 0), Point(80, 10), Point(80, 0)}) {
        bowtie[0].outer().push_back(p);
    }
    const std::vector<MultiPolygon> polys = {
        donut, rect(30, 0, 40, 10), two_parts, rect(45, 5, 65, 15),  // overlaps both parts of two_parts
        MultiPolygon{}, bowtie, rect(0, 30, 30, 31)};
    std::vector<Point> pts;
    for (double x = -2; x <= 95; x += 0.5) {
        for (double y = -2; y <= 33; y += 0.5) pts.emplace_back(x, y);  // every vertex and edge on the grid
    }
    std::mt19937_64 rng(13);
    std::uniform_real_distribution<double> ux(-5, 95), uy(-5, 35);
    for (int i = 0; i < 20000; ++i) pts.emplace_back(ux(rng), uy(rng));
    pts.emplace_back(1e9, 1e9);
    pts.emplace_back(-1e9, 15);
    pts.emplace_back(std::nextafter(30.0, 0.0), 5);  // a hair inside the donut's right edge
    pts.emplace_back(std::nextafter(30.0, 40.0), 5);
    pts.emplace_back(15, std::nextafter(10.0, 20.0));  // a hair inside the hole
    expect_same_assignment(polys, pts);
    const PreparedAreas prepared(polys);
    EXPECT_EQ(prepared.assign({15, 15}).polygon, std::nullopt);  // in the hole
    EXPECT_EQ(prepared.assign({10, 15}).polygon, 0u);            // on the hole's edge
    EXPECT_EQ(prepared.assign({47, 7}).polygon, 2u);             // overlap: lowest index
    EXPECT_TRUE(prepared.assign({47, 7}).shared);
    EXPECT_EQ(prepared.assign({30, 5}).polygon, 0u);             // shared edge
    EXPECT_GT(prepared.exact_fallbacks(), 0u);  // the grid points on edges went to Boost
}

TEST(PreparedAreas, SameAsAssignPointsOnKronobergDeso) {
    const Layer deso = read_layer(parse_source(kron("deso2025_kronoberg.gpkg") + "|layername=deso"));
    const auto polys = polygons_of(deso);
    std::vector<Point> pts;
    for (const auto& mp : polys) {  // every vertex and every edge midpoint
        for (const auto& poly : mp) {
            for (std::size_t k = 0; k + 1 < poly.outer().size(); ++k) {
                const Point& a = poly.outer()[k];
                const Point& b = poly.outer()[k + 1];
                pts.push_back(a);
                pts.emplace_back((a.x() + b.x()) / 2, (a.y() + b.y()) / 2);
            }
            for (const auto& r : poly.inners()) pts.insert(pts.end(), r.begin(), r.end());
        }
    }
    Box all;
    bg::assign_inverse(all);
    for (const auto& mp : polys) bg::expand(all, bg::return_envelope<Box>(mp));
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> ux(all.min_corner().x() - 1000, all.max_corner().x() + 1000);
    std::uniform_real_distribution<double> uy(all.min_corner().y() - 1000, all.max_corner().y() + 1000);
    for (int i = 0; i < 200000; ++i) pts.emplace_back(ux(rng), uy(rng));
    EXPECT_GT(expect_same_assignment(polys, pts), 200000u);
}

TEST(AggregatePointsStream, SameAsReferenceOnTheDemo) {
    const Layer kommun = read_layer(parse_source(kron("deso2025_kronoberg.gpkg") + "|layername=kommun"));
    ReadOptions vc;
    vc.x_field = "lon";
    vc.y_field = "lat";
    vc.assume_crs = "EPSG:4326";
    expect_stream_matches_reference(kommun, kron("vardcentraler.csv"), vc, "listade_2025_05_01");
    expect_stream_matches_reference(kommun, kron("vardcentraler.csv"), vc, "");

    const Layer deso = read_layer(parse_source(kron("deso2025_kronoberg.gpkg") + "|layername=deso"));
    ReadOptions bp;
    bp.x_field = "x";
    bp.y_field = "y";
    bp.assume_crs = "EPSG:3006";
    const std::string punkter = std::string(test::source_dir) + "/docs/exempel/befolkningspunkter.csv";
    expect_stream_matches_reference(deso, punkter, bp, "boende");
    // The counts of the demo, as docs/omrade-aggregate-points.md shows them.
    PointStreamOptions so;
    so.threads = 2;
    const auto r = aggregate_points_stream(kommun, parse_source(kron("vardcentraler.csv")), vc, "listade_2025_05_01", so);
    EXPECT_EQ(r.report.assigned, 30u);
    EXPECT_EQ(r.report.outside, 1u);
    EXPECT_EQ(r.report.without_geometry, 1u);
    EXPECT_EQ(r.report.sum_assigned, 197235.0);
    EXPECT_EQ(r.report.sum_outside, 4434.0);
}

TEST(AggregatePointsStream, SameAsReferenceOnAdversarialPointsInAnotherCrs) {
    const std::vector<MultiPolygon> polys = {rect(500000, 6300000, 501000, 6301000), rect(501000, 6300000, 502000, 6301000),
                                             rect(500500, 6300500, 501500, 6301500)};  // overlaps both
    const Layer areas = areas_layer(polys);
    std::vector<TestPoint> pts = {
        {Point(500500, 6300200), 1.5},               // in A
        {Point(501000, 6300200), 2.25},              // on the shared edge (before reprojection)
        {Point(501000, 6301000), std::string("x")},  // shared vertex, not a number
        {Point(501200, 6300800), std::monostate{}},  // in the overlap of B and C, NULL
        {std::nullopt, 4.0},                         // no geometry
        {Point(600000, 6400000), 8.0},               // outside
        {std::nullopt, std::string(" ")},            // no geometry, blank
        {Point(499999.999, 6300500), 0.1},           // just outside
        {Point(500000, 6300500), 0.2},               // on the outer edge
    };
    std::mt19937_64 rng(3);
    std::uniform_real_distribution<double> ux(499900, 502100), uy(6299900, 6301600);
    for (int i = 0; i < 1000; ++i) {
        pts.push_back({Point(ux(rng), uy(rng)), i % 5 == 0 ? Value{} : Value{0.1 * i}});
        if (i % 500 == 0) pts.push_back({std::nullopt, 0.3 * i});
    }
    const fs::path dir = scratch("adversarial");
    for (const int epsg : {3006, 4326, 3021}) {
        SCOPED_TRACE("EPSG:" + std::to_string(epsg));
        const std::string path = write_points(dir / std::to_string(epsg), pts, epsg);
        expect_stream_matches_reference(areas, path, {}, "vikt");
        expect_stream_matches_reference(areas, path, {}, "");
    }
}

TEST(AggregatePointsStream, SameErrorsAsReference) {
    const Layer areas = areas_layer({rect(0, 0, 10, 10)});
    const fs::path dir = scratch("errors");
    const std::string poly = write_points(dir / "a", {{Point(5, 5), 1.0}, {Point(6, 6), 1.0, true}}, 3006);
    PointStreamOptions so;
    so.threads = 2;
    so.batch_size = 1;
    try {
        aggregate_points_stream(areas, parse_source(poly), {}, "", so);
        ADD_FAILURE() << "no error";
    } catch (const DataError& e) {
        EXPECT_NE(std::string(e.what()).find("punktlagret innehåller ytor"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("fid 2"), std::string::npos) << e.what();
    }
    EXPECT_THROW(aggregate_points_stream(areas, parse_source(poly), {}, "finns_inte", so), DataError);
    Layer with_points = areas;
    with_points.features[0].geometry = Point(1, 1);
    EXPECT_THROW(aggregate_points_stream(with_points, parse_source(poly), {}, "", so), DataError);
}
