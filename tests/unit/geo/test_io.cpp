// geo/ reading, reprojection and writing on real and tiny data.
#include "geo/error.hpp"
#include "geo/reader.hpp"
#include "geo/transform.hpp"
#include "geo/writer.hpp"
#include "test_config.hpp"

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sqlite3.h>

namespace fs = std::filesystem;
using namespace omrade;
using namespace omrade::geo;

namespace {

fs::path tmp_dir(const std::string& name) {
    auto d = fs::path(test::binary_dir) / "test_scratch" / ("geo_" + name);
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
}

std::string gpkg() { return std::string(test::kronoberg_dir) + "/deso2025_kronoberg.gpkg"; }

Layer square_layer() {
    Layer l;
    l.name = "rutor";
    l.crs = "EPSG:3006";
    l.fields = {{"kod", FieldType::String}, {"antal", FieldType::Integer}, {"andel", FieldType::Real}};
    Polygon sq;
    bg::read_wkt("POLYGON((500000 6300000,500000 6301000,501000 6301000,501000 6300000,500000 6300000))", sq);
    bg::correct(sq);
    Feature f;
    f.fid = 1;
    f.values = {std::string("0780C1010"), std::int64_t{42}, std::monostate{}};
    f.geometry = MultiPolygon{sq};
    l.features.push_back(f);
    return l;
}

}  // namespace

TEST(SourceName, SplitsLayerName) {
    const auto s = parse_source("data/x.gpkg|layername=deso");
    EXPECT_EQ(s.dataset, "data/x.gpkg");
    EXPECT_EQ(s.layer, "deso");
    EXPECT_THROW(parse_source("x.gpkg|foo=bar"), DataError);
    const auto r = resolve_source("x.gpkg|layername=a", "/cfg");
    EXPECT_EQ(r.dataset, "/cfg/x.gpkg");
    EXPECT_EQ(resolve_source("PG:dbname=x|layername=t", "/cfg").dataset, "PG:dbname=x");
}

TEST(ReadLayer, ReadsKronobergDesoWithCrs) {
    const Layer l = read_layer(parse_source(gpkg() + "|layername=deso"));
    EXPECT_EQ(l.features.size(), 115u);
    EXPECT_EQ(l.crs, "EPSG:3006");
    ASSERT_TRUE(l.field_index("desokod"));
    // Every polygon is in Boost orientation (clockwise => positive area) and inside the county's box.
    for (const auto& f : l.features) {
        const auto& mp = std::get<MultiPolygon>(f.geometry);
        EXPECT_GT(area(mp), 0);
        Box b;
        bg::envelope(mp, b);
        EXPECT_GT(b.min_corner().x(), 390000);
        EXPECT_LT(b.max_corner().y(), 6350000);
    }
}

// The same three DeSOs from GPKG, Shapefile, FlatGeobuf and GeoJSON in WGS84: same codes, same
// areas in EPSG:3006 (GeoJSON to its 7 decimals, ~1 cm, hence the looser tolerance).
TEST(ReadLayer, SameAreasFromEveryFormat) {
    const Layer ref = read_layer(parse_source(gpkg() + "|layername=deso"));
    const std::size_t ref_code = *ref.field_index("desokod");
    std::map<std::string, double> expected;
    for (const auto& f : ref.features) {
        const std::string code = to_text(f.values[ref_code]);
        if (code == "0763A0010" || code == "0763A0020" || code == "0763C1010") {
            expected[code] = area(std::get<MultiPolygon>(f.geometry));
        }
    }
    ASSERT_EQ(expected.size(), 3u);
    const std::string dir = std::string(omrade::test::data_dir) + "/formats/";
    for (const auto& [file, tolerance] : std::vector<std::pair<std::string, double>>{
             {"deso3.shp", 1e-9}, {"deso3.fgb", 1e-9}, {"deso3_wgs84.geojson", 1e-5}}) {
        const Layer l = read_layer(parse_source(dir + file));
        EXPECT_EQ(l.crs, "EPSG:3006") << file;
        ASSERT_EQ(l.features.size(), 3u) << file;
        const std::size_t code = *l.field_index("desokod");
        for (const auto& f : l.features) {
            const std::string c = to_text(f.values[code]);
            ASSERT_TRUE(expected.count(c)) << file << ": " << c;
            EXPECT_NEAR(area(std::get<MultiPolygon>(f.geometry)) / expected[c], 1.0, tolerance) << file << ": " << c;
        }
    }
}

TEST(ReadLayer, MissingFileAndLayerNameTheSource) {
    try {
        read_layer(parse_source("/nonexistent/x.gpkg"));
        FAIL();
    } catch (const DataError& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent/x.gpkg"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("finns inte"), std::string::npos);
    }
    try {
        read_layer(parse_source(gpkg() + "|layername=nope"));
        FAIL();
    } catch (const DataError& e) {
        EXPECT_NE(std::string(e.what()).find("'nope'"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("deso_as_published"), std::string::npos);
    }
}

TEST(ReadLayer, GeometryWithoutCrsIsAnError) {
    const auto dir = tmp_dir("nocrs");
    const auto path = dir / "nocrs.geojson";
    // A GeoJSON without crs is WGS84 by definition; a CSV with WKT has no CRS.
    std::ofstream(dir / "nocrs.csv") << "WKT,kod\n\"POINT (1 2)\",a\n";
    EXPECT_THROW(read_layer(parse_source((dir / "nocrs.csv").string())), DataError);
    ReadOptions opt;
    opt.assume_crs = "EPSG:3006";
    const Layer l = read_layer(parse_source((dir / "nocrs.csv").string()), opt);
    ASSERT_EQ(l.features.size(), 1u);
    EXPECT_TRUE(std::holds_alternative<Point>(l.features[0].geometry));
}

TEST(Transform, Wgs84ToSwerefInGisOrder) {
    // Teleborg VC (lat 56.8552523, lon 14.8195267) lies east of 14° and north of 56°:
    // in SWEREF 99 TM (central meridian 15°) x is a little under 500 000, y about 6.30 million.
    const Transformer t("EPSG:4326", "EPSG:3006");
    const Point p = t.apply(Point(14.8195267, 56.8552523));
    EXPECT_NEAR(p.x(), 489000, 2000);
    EXPECT_NEAR(p.y(), 6301000, 3000);
    const Transformer back("EPSG:3006", "EPSG:4326");
    const Point q = back.apply(p);
    EXPECT_NEAR(q.x(), 14.8195267, 1e-7);
    EXPECT_NEAR(q.y(), 56.8552523, 1e-7);
}

TEST(WriteGeojson, Rfc7946) {
    const auto dir = tmp_dir("geojson");
    write_geojson(square_layer(), dir / "r.geojson");
    std::ifstream in(dir / "r.geojson");
    const auto j = nlohmann::json::parse(in);
    EXPECT_FALSE(j.contains("crs"));
    const auto& f = j["features"][0];
    EXPECT_TRUE(f["properties"]["kod"].is_string());
    EXPECT_EQ(f["properties"]["antal"], 42);
    EXPECT_TRUE(f["properties"]["andel"].is_null());
    const auto& ring = f["geometry"]["coordinates"][0][0];
    double twice = 0;
    for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
        const double x0 = ring[i][0], y0 = ring[i][1], x1 = ring[i + 1][0], y1 = ring[i + 1][1];
        twice += x0 * y1 - x1 * y0;
        EXPECT_GT(x0, 14.9);
        EXPECT_LT(x0, 15.1);  // lon first
        EXPECT_GT(y0, 56.8);
    }
    EXPECT_GT(twice, 0) << "exterior ring must be counter-clockwise";
}

TEST(WriteGpkg, LayersStylesAndJournalMode) {
    const auto dir = tmp_dir("gpkg");
    const Layer l = square_layer();
    write_gpkg(dir / "x.gpkg", {&l}, {{"rutor", "standard", "<qgis/>", "", "test"}});
    EXPECT_FALSE(fs::exists(dir / "x.gpkg-wal"));
    const Layer back = read_layer(parse_source((dir / "x.gpkg").string() + "|layername=rutor"));
    ASSERT_EQ(back.features.size(), 1u);
    EXPECT_EQ(back.crs, "EPSG:3006");
    EXPECT_NEAR(area(std::get<MultiPolygon>(back.features[0].geometry)), 1e6, 1e-6);
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((dir / "x.gpkg").c_str(), &db), SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "SELECT f_table_name, useAsDefault, styleQML FROM layer_styles", -1, &st, nullptr);
    ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
    EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), "rutor");
    EXPECT_EQ(sqlite3_column_int(st, 1), 1);
    sqlite3_finalize(st);
    sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, nullptr);
    ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
    EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), "delete");
    sqlite3_finalize(st);
    sqlite3_close(db);
    EXPECT_THROW(write_gpkg(dir / "x.gpkg", {&l}), DataError) << "never overwrites";
}
