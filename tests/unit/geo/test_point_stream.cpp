// The fast path of aggregate-points (PreparedAreas, aggregate_points_stream) against the simple
// reference (assign_points, aggregate_points on read_layer): the same polygon for every point
// (edges, vertices, holes, overlaps, invalid polygons, points far away), and the same layer and
// report, sums bit for bit, for every batch size and number of threads, on the demo and on a
// file with adversarial points in another CRS; and PointReader's Arrow stream against its
// GetNextFeature loop and read_layer on FlatGeobuf and GeoPackage edge cases.
#include "geo/error.hpp"
#include "geo/point_aggregate.hpp"
#include "geo/reader.hpp"
#include "geo/transform.hpp"
#include "test_config.hpp"

#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <optional>
#include <random>
#include <set>

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

// PointReader's two ways of reading (GDAL's Arrow stream for FlatGeobuf and GeoPackage, and
// GetNextFeature) against each other and against read_layer, feature by feature, for every batch
// size: fids, kinds, positions and values bit for bit.
namespace {

// OMRADE_POINTS_NO_ARROW=1 while in scope: PointReader reads with GetNextFeature.
class NoArrow {
public:
    NoArrow() { ::setenv("OMRADE_POINTS_NO_ARROW", "1", 1); }
    ~NoArrow() { ::unsetenv("OMRADE_POINTS_NO_ARROW"); }
    NoArrow(const NoArrow&) = delete;
    NoArrow& operator=(const NoArrow&) = delete;
};

struct ReadPoints {
    std::vector<std::size_t> sizes;  // of every batch next() filled
    PointBatch all;
    bool arrow_first = false;  // reads_arrow() after the first next()
    bool arrow_last = false;   // and after the last
};

ReadPoints read_points(const std::string& path, const std::string& field, std::size_t batch_size, bool arrow,
                       const ReadOptions& ro = {}) {
    std::optional<NoArrow> no_arrow;
    if (!arrow) no_arrow.emplace();
    PointReader reader(parse_source(path), ro);
    if (!field.empty()) reader.select_field(field);
    ReadPoints out;
    PointBatch b;
    for (bool first = true; reader.next(b, batch_size); first = false) {
        if (first) out.arrow_first = reader.reads_arrow();
        out.sizes.push_back(b.size());
        out.all.fid.insert(out.all.fid.end(), b.fid.begin(), b.fid.end());
        out.all.kind.insert(out.all.kind.end(), b.kind.begin(), b.kind.end());
        out.all.xy.insert(out.all.xy.end(), b.xy.begin(), b.xy.end());
        out.all.value.insert(out.all.value.end(), b.value.begin(), b.value.end());
    }
    out.arrow_last = reader.reads_arrow();
    return out;
}

bool same_bits(double a, double b) { return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b); }
bool same_point(const Point& a, const Point& b) { return same_bits(a.x(), b.x()) && same_bits(a.y(), b.y()); }
bool same_value(const Value& a, const Value& b) {
    const auto* da = std::get_if<double>(&a);
    const auto* db = std::get_if<double>(&b);
    return da && db ? same_bits(*da, *db) : a == b;
}
std::string text(const Value& v) { return std::holds_alternative<std::monostate>(v) ? "NULL" : to_text(v); }

void expect_same_points(const ReadPoints& a, const ReadPoints& b) {
    EXPECT_EQ(a.sizes, b.sizes);
    ASSERT_EQ(a.all.fid, b.all.fid);
    ASSERT_EQ(a.all.kind, b.all.kind);
    ASSERT_EQ(a.all.xy.size(), b.all.xy.size());
    ASSERT_EQ(a.all.value.size(), b.all.value.size());
    std::size_t bad = 0;
    for (std::size_t i = 0; i < a.all.xy.size(); ++i) {
        if (!same_point(a.all.xy[i], b.all.xy[i]) && bad++ < 10) {
            ADD_FAILURE() << "position " << i << ": " << bg::wkt(a.all.xy[i]) << " vs " << bg::wkt(b.all.xy[i]);
        }
    }
    for (std::size_t i = 0; i < a.all.value.size(); ++i) {
        if (!same_value(a.all.value[i], b.all.value[i]) && bad++ < 10) {
            ADD_FAILURE() << "fid " << a.all.fid[i] << ": " << text(a.all.value[i]) << " vs " << text(b.all.value[i]);
        }
    }
    EXPECT_EQ(bad, 0u);
}

// The read points against read_layer's features (Point: Located, MultiPolygon: Area, none: None).
void expect_same_as_layer(const ReadPoints& r, const Layer& layer, const std::string& field) {
    ASSERT_EQ(r.all.size(), layer.features.size());
    const std::optional<std::size_t> idx = field.empty() ? std::nullopt : layer.field_index(field);
    std::size_t k = 0, bad = 0;
    for (std::size_t i = 0; i < layer.features.size(); ++i) {
        const Feature& f = layer.features[i];
        PointKind kind = PointKind::None;
        if (std::holds_alternative<Point>(f.geometry)) kind = PointKind::Located;
        if (std::holds_alternative<MultiPolygon>(f.geometry)) kind = PointKind::Area;
        bool same = r.all.fid[i] == f.fid && r.all.kind[i] == kind;
        if (same && kind == PointKind::Located) same = same_point(r.all.xy[k++], std::get<Point>(f.geometry));
        if (same && idx) same = same_value(r.all.value[i], f.values[*idx]);
        if (!same && bad++ < 10) ADD_FAILURE() << "feature " << i << " (fid " << f.fid << ") differs from read_layer";
    }
    EXPECT_EQ(bad, 0u);
}

// Both ways with batches of 1, 7 and 65536 against each other and read_layer; `arrow`: whether
// the Arrow stream is expected to read the whole layer (else it gives up on the way).
void expect_both_ways_same(const std::string& path, const std::string& field, bool arrow, const ReadOptions& ro = {}) {
    const Layer layer = read_layer(parse_source(path), ro);
    for (const std::size_t batch : {std::size_t{1}, std::size_t{7}, std::size_t{65536}}) {
        SCOPED_TRACE("field '" + field + "', batch " + std::to_string(batch));
        const ReadPoints via_arrow = read_points(path, field, batch, true, ro);
        const ReadPoints via_features = read_points(path, field, batch, false, ro);
        EXPECT_FALSE(via_features.arrow_first || via_features.arrow_last);
        EXPECT_TRUE(via_arrow.arrow_first || !arrow);
        EXPECT_EQ(via_arrow.arrow_last, arrow);
        expect_same_points(via_arrow, via_features);
        expect_same_as_layer(via_arrow, layer, field);
        for (std::size_t i = 0; i + 1 < via_arrow.sizes.size(); ++i) ASSERT_EQ(via_arrow.sizes[i], batch);
    }
}

struct TestFeature {
    std::optional<std::string> wkt;  // nullopt: NULL geometry
    Value i, big, r, s;              // Integer, Integer64, Real, String fields (monostate: NULL)
};

// A layer `punkter` of `features` (WKT in `epsg`) with fields i, big, r, s and one never selected.
std::string write_layer(const fs::path& path, const std::string& driver, const std::vector<TestFeature>& features,
                        int epsg = 3006, OGRwkbGeometryType type = wkbUnknown) {
    GDALAllRegister();
    fs::remove(path);
    auto* drv = GetGDALDriverManager()->GetDriverByName(driver.c_str());
    std::unique_ptr<GDALDataset> ds(drv->Create(path.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) throw std::runtime_error("cannot create " + path.string());
    OGRSpatialReference srs;
    srs.importFromEPSG(epsg);
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    const char* no_index[] = {"SPATIAL_INDEX=NO", nullptr};  // FlatGeobuf: features in written order
    OGRLayer* l = ds->CreateLayer("punkter", &srs, type, driver == "FlatGeobuf" ? const_cast<char**>(no_index) : nullptr);
    for (const auto& [name, t] : {std::pair{"i", OFTInteger}, std::pair{"big", OFTInteger64}, std::pair{"r", OFTReal},
                                  std::pair{"s", OFTString}, std::pair{"annat", OFTString}}) {
        OGRFieldDefn fd(name, t);
        l->CreateField(&fd);
    }
    EXPECT_EQ(l->StartTransaction(), OGRERR_NONE);  // GeoPackage: one commit, not one per feature
    for (const auto& tf : features) {
        OGRFeature f(l->GetLayerDefn());
        int k = 0;
        for (const Value* v : {&tf.i, &tf.big, &tf.r, &tf.s}) {
            if (const auto* n = std::get_if<std::int64_t>(v)) f.SetField(k, static_cast<GIntBig>(*n));
            if (const auto* d = std::get_if<double>(v)) f.SetField(k, *d);
            if (const auto* s = std::get_if<std::string>(v)) f.SetField(k, s->c_str());
            ++k;
        }
        f.SetField(4, "läses inte");
        if (tf.wkt) {
            OGRGeometry* g = nullptr;
            EXPECT_EQ(OGRGeometryFactory::createFromWkt(tf.wkt->c_str(), nullptr, &g), OGRERR_NONE) << *tf.wkt;
            f.SetGeometryDirectly(g);
        }
        EXPECT_EQ(l->CreateFeature(&f), OGRERR_NONE);
    }
    EXPECT_EQ(l->CommitTransaction(), OGRERR_NONE);
    return path.string();
}

// Points in a 3 × 3 km square in SWEREF 99 TM, every field with NULLs and odd values.
std::vector<TestFeature> grid_points(std::size_t n, unsigned seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> ux(500000, 503000), uy(6300000, 6303000);
    std::vector<TestFeature> out;
    for (std::size_t k = 0; k < n; ++k) {
        const auto i = static_cast<std::int64_t>(k);
        TestFeature f;
        f.wkt = fmt::format("POINT ({:.17g} {:.17g})", ux(rng), uy(rng));
        if (k % 5 != 1) f.i = i % 3 == 0 ? -i : i;
        if (k % 7 != 2) f.big = (std::int64_t{1} << 40) + i;
        if (k % 4 != 3) f.r = static_cast<double>(i) * 0.1 - 7;
        if (k % 6 != 4) f.s = k % 11 == 0 ? std::string() : "s" + std::to_string(k % 100);
        out.push_back(f);
    }
    return out;
}

const std::vector<std::string> all_fields = {"", "i", "big", "r", "s"};

// GDAL 3.6.2 writes no FlatGeobuf feature without geometry (other writers do): the features at
// `null` lose theirs (the geometry entry of their flatbuffer vtable set to 0) and those at `nan`
// get NaN coordinates, in a file written without spatial index.
void patch_fgb(const std::string& path, const std::set<std::size_t>& null, const std::set<std::size_t>& nan) {
    std::vector<std::uint8_t> b;
    {
        std::ifstream in(path, std::ios::binary);
        b.assign(std::istreambuf_iterator<char>(in), {});
    }
    auto u32 = [&b](std::size_t at) {
        std::uint32_t v;
        std::memcpy(&v, &b[at], 4);
        return std::size_t{v};
    };
    auto i32 = [&b](std::size_t at) {
        std::int32_t v;
        std::memcpy(&v, &b[at], 4);
        return static_cast<std::ptrdiff_t>(v);
    };
    auto u16 = [&b](std::size_t at) { return std::size_t{b[at]} | std::size_t{b[at + 1]} << 8; };
    std::size_t pos = 8 + 4 + u32(8);  // magic, header size, header
    for (std::size_t k = 0; pos < b.size(); ++k) {
        const std::size_t base = pos + 4;
        const std::size_t table = base + u32(base);
        const std::size_t vtable = static_cast<std::size_t>(static_cast<std::ptrdiff_t>(table) - i32(table));
        const std::size_t geometry = u16(vtable + 4);  // Feature field 0: geometry
        if (null.count(k)) b[vtable + 4] = b[vtable + 5] = 0;
        if (nan.count(k)) {
            const std::size_t g = table + geometry + u32(table + geometry);
            const std::size_t gvt = static_cast<std::size_t>(static_cast<std::ptrdiff_t>(g) - i32(g));
            const std::size_t xy_field = u16(gvt + 6);  // Geometry field 1: xy
            const std::size_t xy = g + xy_field + u32(g + xy_field);
            const double nans[2] = {std::nan(""), std::nan("")};
            std::memcpy(&b[xy + 4], nans, sizeof nans);
        }
        pos = base + u32(pos);
    }
    std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
}

std::string hex(const std::vector<std::uint8_t>& bytes) {
    std::string out;
    for (const std::uint8_t c : bytes) out += fmt::format("{:02X}", c);
    return out;
}

// A GeoPackage geometry blob around `wkb` in SQL hex: "GP", version 0, little-endian header
// without envelope, EPSG:3006.
std::string gpkg_blob(const std::vector<std::uint8_t>& wkb) { return "47500001BE0B0000" + hex(wkb); }

std::vector<std::uint8_t> wkb_point(std::uint32_t type, std::vector<double> xyzm, bool little_endian) {
    std::vector<std::uint8_t> out = {static_cast<std::uint8_t>(little_endian ? 1 : 0)};
    auto put = [&](std::uint64_t v, int bytes) {
        for (int i = 0; i < bytes; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * (little_endian ? i : bytes - 1 - i))));
    };
    put(type, 4);
    for (const double d : xyzm) put(std::bit_cast<std::uint64_t>(d), 8);
    return out;
}

}  // namespace

TEST(PointReaderArrow, SameAsFeaturesOnEdgeCases) {
    const fs::path dir = scratch("arrow_edges");
    std::vector<TestFeature> features = {
        {"POINT (500100.25 6300100.5)", std::int64_t{1}, std::int64_t{-(std::int64_t{1} << 50)}, 1.5, std::string("a")},
        {std::nullopt, std::int64_t{2}, {}, -0.0, std::string("ingen geometri")},
        {"POINT EMPTY", {}, std::int64_t{3}, {}, {}},
        {"MULTIPOINT ((500200 6300200))", std::int64_t{-4}, std::int64_t{4}, 1e300, std::string("")},
        {"MULTIPOINT EMPTY", std::int64_t{5}, {}, 2.5, std::string("tom multipunkt")},
        {"POINT Z (500300 6300300 99)", std::int64_t{6}, std::int64_t{6}, 6.25, std::string("z")},
        {"POINT M (500400 6300400 5)", {}, {}, {}, std::string("m")},
        {"POINT ZM (500500 6300500 1 2)", std::int64_t{2147483647}, std::int64_t{9223372036854775807}, -1e-300,
         std::string("åäö")},
        {"POLYGON ((500000 6300000,500010 6300000,500000 6300010,500000 6300000))", std::int64_t{8}, {}, 8.0, {}},
        {"MULTIPOINT ((500600 6300600))", std::int64_t{-2147483647}, {}, {}, {}},
        {"POINT (-0.0 6300900)", {}, {}, {}, std::string("x")},
    };
    for (const auto& f : grid_points(40, 5)) features.push_back(f);
    for (const std::string driver : {"GPKG", "FlatGeobuf"}) {
        SCOPED_TRACE(driver);
        const std::string path = write_layer(dir / (driver == "GPKG" ? "kanter.gpkg" : "kanter.fgb"), driver, features);
        if (driver == "GPKG") {
            // What GDAL does not write: big-endian and extended-Z WKB, NaN in one coordinate only.
            std::unique_ptr<GDALDataset> ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
            ASSERT_TRUE(ds);
            for (const auto& [fid, wkb] : {std::pair{100, wkb_point(1, {500950.5, 6300950.25}, false)},
                                           std::pair{101, wkb_point(0x80000001, {500960, 6300960, 7}, false)},
                                           std::pair{102, wkb_point(0xC0000001, {500970, 6300970, 7, 8}, true)},
                                           std::pair{103, wkb_point(1, {std::nan(""), 6300980}, true)},
                                           std::pair{104, wkb_point(1, {500990, std::nan("")}, true)},
                                           std::pair{105, wkb_point(1001, {std::nan(""), std::nan(""), 1}, true)}}) {
                ds->ExecuteSQL(fmt::format("INSERT INTO punkter (fid, geom, i) VALUES ({}, X'{}', {})", fid,
                                           gpkg_blob(wkb), fid).c_str(), nullptr, nullptr);
            }
        }
        for (const auto& field : all_fields) expect_both_ways_same(path, field, true);
    }
}

TEST(PointReaderArrow, SameAsFeaturesOnZPointsInFlatGeobuf) {
    const fs::path dir = scratch("arrow_z");
    for (const auto& [type, wkt] : {std::pair{wkbPoint25D, "POINT Z ({} {} 12.5)"}, std::pair{wkbPointZM, "POINT ZM ({} {} 1 2)"},
                                    std::pair{wkbPointM, "POINT M ({} {} 3)"}}) {
        std::vector<TestFeature> features = grid_points(30, 9);
        for (std::size_t k = 0; k < features.size(); ++k) {
            features[k].wkt = fmt::format(fmt::runtime(wkt), 500000.5 + static_cast<double>(k), 6300000.25 + static_cast<double>(k));
        }
        const std::string path = write_layer(dir / (std::string(OGRGeometryTypeToName(type)) + ".fgb"), "FlatGeobuf",
                                             features, 3006, type);
        SCOPED_TRACE(path);
        for (const auto& field : all_fields) expect_both_ways_same(path, field, true);
    }
}

// GDAL 3.6.2's FlatGeobuf stream neither marks a missing geometry nor keeps the WKB of the
// features before it in the same array (they get the next ones' coordinates): such an array is
// read with GetNextFeature, from its first feature on, and the results stay the same.
TEST(PointReaderArrow, FlatGeobufWithoutGeometriesGoesOnAsFeatures) {
    const fs::path dir = scratch("arrow_fgb_null");
    const std::string first = write_layer(dir / "forsta.fgb", "FlatGeobuf", grid_points(20, 1));
    patch_fgb(first, {1, 4, 5, 19}, {7});
    const std::string later = write_layer(dir / "senare.fgb", "FlatGeobuf", grid_points(70000, 2));
    patch_fgb(later, {66000, 69999}, {66001, 3});  // in the second array of 65 536
    for (const std::string& path : {first, later}) {
        SCOPED_TRACE(path);
        for (const auto& field : all_fields) expect_both_ways_same(path, field, false);
        const ReadPoints r = read_points(path, "", 65536, true);
        EXPECT_EQ(r.arrow_first, path == later);  // the first array of `later` came from the stream
        EXPECT_EQ(std::count(r.all.kind.begin(), r.all.kind.end(), PointKind::None), path == later ? 4 : 5);
    }
}

// A FlatGeobuf string holds its length, and may hold a NUL (GDAL does not write one); OGR's field
// ends there, and so does the value from the stream.
TEST(PointReaderArrow, FlatGeobufStringWithNul) {
    const fs::path dir = scratch("arrow_fgb_nul");
    std::vector<TestFeature> features = grid_points(20, 6);
    features[3].s = std::string("före<NUL>efter");
    const std::string path = write_layer(dir / "nul.fgb", "FlatGeobuf", features);
    {
        std::fstream f(path, std::ios::binary | std::ios::in | std::ios::out);
        std::string bytes((std::istreambuf_iterator<char>(f)), {});
        const std::size_t at = bytes.find("<NUL>");
        ASSERT_NE(at, std::string::npos);
        f.seekp(static_cast<std::streamoff>(at));
        f.put('\0');
    }
    expect_both_ways_same(path, "s", true);
    EXPECT_EQ(read_points(path, "s", 7, true).all.value[3], Value(std::string("före")));
}

// A GeoPackage blob OGR cannot read is a NULL geometry for GetNextFeature; the stream gives its
// bytes, and the reader goes on with GetNextFeature from that feature.
TEST(PointReaderArrow, UnreadableWkbGoesOnAsFeatures) {
    const fs::path dir = scratch("arrow_bad_wkb");
    const std::string path = write_layer(dir / "trasig.gpkg", "GPKG", grid_points(100, 4));
    {
        std::unique_ptr<GDALDataset> ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
        ASSERT_TRUE(ds);
        std::vector<std::uint8_t> cut = wkb_point(1, {500000, 6300000}, true);
        cut.resize(15);
        ds->ExecuteSQL(fmt::format("UPDATE punkter SET geom = X'{}' WHERE fid = 50", gpkg_blob(cut)).c_str(), nullptr,
                       nullptr);
    }
    for (const auto& field : all_fields) expect_both_ways_same(path, field, false);
    const ReadPoints r = read_points(path, "i", 7, true);
    EXPECT_TRUE(r.arrow_first);
    EXPECT_EQ(r.all.kind[49], PointKind::None);
}

TEST(PointReaderArrow, SameAsFeaturesWithReprojection) {
    const fs::path dir = scratch("arrow_crs");
    std::vector<TestFeature> features = grid_points(300, 8);
    features[10].wkt.reset();
    features[11].wkt = "MULTIPOINT ((15.1 56.9))";
    for (std::size_t k = 0; k < features.size(); ++k) {  // lon/lat around Växjö
        if (k != 10 && k != 11) features[k].wkt = fmt::format("POINT ({:.17g} {:.17g})", 14.5 + 0.001 * static_cast<double>(k), 56.8 + 0.0007 * static_cast<double>(k % 17));
    }
    const Layer areas = areas_layer({rect(400000, 6200000, 520000, 6320000), rect(520000, 6200000, 700000, 6400000)});
    for (const std::string driver : {"GPKG", "FlatGeobuf"}) {
        SCOPED_TRACE(driver);
        const std::string path = write_layer(dir / (driver == "GPKG" ? "wgs84.gpkg" : "wgs84.fgb"), driver, features, 4326);
        ASSERT_EQ(PointReader(parse_source(path)).schema().crs, "EPSG:3006");  // reprojected
        for (const auto& field : all_fields) expect_both_ways_same(path, field, true);
        expect_stream_matches_reference(areas, path, {}, "r");
        NoArrow no_arrow;
        expect_stream_matches_reference(areas, path, {}, "r");
    }
    // A position that does not transform: the same error from both ways.
    ReadOptions to_rt90;
    to_rt90.target_crs = "EPSG:3021";
    features[20].wkt = "POINT (1e30 1e30)";
    for (const std::string driver : {"GPKG", "FlatGeobuf"}) {
        const std::string path = write_layer(dir / (driver == "GPKG" ? "fel.gpkg" : "fel.fgb"), driver, features, 4326);
        std::string messages[2];
        for (const bool arrow : {true, false}) {
            try {
                (void)read_points(path, "", 65536, arrow, to_rt90);
                ADD_FAILURE() << driver << ": no error";
            } catch (const DataError& e) {
                messages[arrow] = e.what();
            }
        }
        EXPECT_EQ(messages[0], messages[1]);
        EXPECT_NE(messages[1].find("fid"), std::string::npos) << messages[1];
    }
}

TEST(PointReaderArrow, SameAsFeaturesAcrossArrays) {
    const fs::path dir = scratch("arrow_many");
    std::vector<TestFeature> features = grid_points(140000, 11);
    features[65535].wkt.reset();  // the last of the first array
    features[65536].wkt = "MULTIPOINT ((500001 6300001))";
    features[131072].wkt = "POINT EMPTY";
    const Layer areas = areas_layer({rect(500000, 6300000, 501500, 6301500), rect(501500, 6300000, 503000, 6303000)});
    for (const std::string driver : {"GPKG", "FlatGeobuf"}) {
        SCOPED_TRACE(driver);
        std::vector<TestFeature> written = features;
        if (driver == "FlatGeobuf") {  // GDAL 3.6.2 writes no empty or missing geometries there
            written[65535].wkt = "POINT (500002 6300002)";
            written[131072].wkt = "POINT (500003 6300003)";
        }
        const std::string path = write_layer(dir / (driver == "GPKG" ? "manga.gpkg" : "manga.fgb"), driver, written);
        for (const auto& field : {"", "big", "s"}) expect_both_ways_same(path, field, true);
        PointStreamOptions so;
        so.threads = 2;
        for (const auto& field : {std::string(), std::string("r")}) {
            const auto via_arrow = aggregate_points_stream(areas, parse_source(path), {}, field, so);
            NoArrow no_arrow;
            expect_same_result(via_arrow, aggregate_points_stream(areas, parse_source(path), {}, field, so));
            EXPECT_EQ(via_arrow.report.points, 140000u);
        }
    }
}

TEST(PointReaderArrow, SameAsFeaturesOnEmptyLayers) {
    const fs::path dir = scratch("arrow_empty");
    const Layer areas = areas_layer({rect(500000, 6300000, 501500, 6301500)});
    // A FlatGeobuf without features is only written with a spatial index (without, GDAL 3.6.2
    // leaves an empty file); its stream gives empty arrays forever.
    const std::string fgb = dir / "tom.fgb";
    {
        GDALAllRegister();
        std::unique_ptr<GDALDataset> ds(GetGDALDriverManager()->GetDriverByName("FlatGeobuf")->Create(
            fgb.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        OGRSpatialReference srs;
        srs.importFromEPSG(3006);
        OGRLayer* l = ds->CreateLayer("punkter", &srs, wkbPoint, nullptr);
        OGRFieldDefn r("r", OFTReal);
        l->CreateField(&r);
    }
    for (const std::string& path : {fgb, write_layer(dir / "tom.gpkg", "GPKG", {})}) {
        SCOPED_TRACE(path);
        for (const std::string field : {"", "r"}) {
            for (const bool arrow : {true, false}) {
                const ReadPoints r = read_points(path, field, 7, arrow);
                EXPECT_TRUE(r.sizes.empty());
                EXPECT_EQ(r.arrow_last, false);
            }
            expect_stream_matches_reference(areas, path, {}, field);
        }
    }
}

// The errors of convert() (a line, two points in one feature, a collection) and of a missing
// field come the same way.
// A FlatGeobuf file cut short (an interrupted copy): GetNextFeature stops with a GDAL error where
// the cut is, which once ended the layer silently with the points after it uncounted. Both ways
// and read_layer now stop with an error naming the file and the first feature not read.
TEST(PointReaderArrow, CutFileIsAnErrorNotAShortLayer) {
    const fs::path dir = scratch("arrow_cut");
    const std::string whole = write_layer(dir / "hel.fgb", "FlatGeobuf", grid_points(1000, 5));
    const std::string cut = (dir / "avkortad.fgb").string();
    {
        std::ifstream in(whole, std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), {});
        std::ofstream(cut, std::ios::binary) << bytes.substr(0, bytes.size() * 2 / 3);
    }
    ASSERT_EQ(read_points(whole, "", 65536, true).all.size(), 1000u);
    std::string messages[2];
    for (const bool arrow : {true, false}) {
        for (const std::size_t batch : {std::size_t{7}, std::size_t{65536}}) {
            SCOPED_TRACE(std::string(arrow ? "Arrow" : "features") + ", batch " + std::to_string(batch));
            try {
                const auto got = read_points(cut, "", batch, arrow);
                ADD_FAILURE() << "no error, " << got.all.size() << " points";
            } catch (const DataError& e) {
                messages[arrow] = e.what();
            }
        }
    }
    EXPECT_EQ(messages[0], messages[1]);
    EXPECT_NE(messages[0].find("avkortad.fgb"), std::string::npos) << messages[0];
    EXPECT_NE(messages[0].find("kunde inte läsas till slut"), std::string::npos) << messages[0];
    EXPECT_THROW((void)read_layer(parse_source(cut)), DataError);
}

TEST(PointReaderArrow, SameErrorsAsFeatures) {
    const fs::path dir = scratch("arrow_errors");
    for (const auto& [wkt, name] : {std::pair{"LINESTRING (500000 6300000,500001 6300001)", "LINESTRING"},
                                    std::pair{"MULTIPOINT ((500000 6300000),(500001 6300001))", "MULTIPOINT"},
                                    std::pair{"GEOMETRYCOLLECTION (POINT (500000 6300000))", "GEOMETRYCOLLECTION"}}) {
        std::vector<TestFeature> features = grid_points(10, 3);
        features[6].wkt = wkt;
        for (const std::string driver : {"GPKG", "FlatGeobuf"}) {
            SCOPED_TRACE(driver + ": " + wkt);
            const std::string path = write_layer(dir / (driver == "GPKG" ? "fel.gpkg" : "fel.fgb"), driver, features);
            std::string messages[2];
            for (const bool arrow : {true, false}) {
                try {
                    (void)read_points(path, "r", 3, arrow);
                    ADD_FAILURE() << "no error";
                } catch (const DataError& e) {
                    messages[arrow] = e.what();
                }
                EXPECT_THROW((void)read_points(path, "finns_inte", 3, arrow), DataError);
            }
            EXPECT_EQ(messages[0], messages[1]);
            EXPECT_NE(messages[1].find(name), std::string::npos) << messages[1];
            // GeoPackage counts fids from 1, FlatGeobuf from 0.
            EXPECT_NE(messages[1].find(driver == "GPKG" ? "fid 7" : "fid 6"), std::string::npos) << messages[1];
        }
    }
}
