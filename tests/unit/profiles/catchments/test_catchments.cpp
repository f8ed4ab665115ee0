// Catchment methods: tabell, listning, narmast, polygoner, the dispatcher and the outlines.
#include "geo/error.hpp"
#include "geo/reader.hpp"
#include "geo/writer.hpp"
#include "profiles/catchments/catchments.hpp"
#include "profiles/catchments/resources.hpp"
#include "profiles/input/config.hpp"
#include "profiles/input/population.hpp"
#include "test_config.hpp"
#include "unit/profiles/kronoberg_areas.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

namespace fs = std::filesystem;
using namespace omrade;
using namespace omrade::profiles;

namespace {

using test::kron;

const Population& kronoberg_population() {
    static const Population p = read_population(kron("scb_deso2025_befolkning_alder_kon.csv"), test::kronoberg_areas());
    return p;
}
const CareCentreRegister& register_() {
    static const CareCentreRegister r = read_care_centres(kron("vardcentraler.csv"));
    return r;
}

fs::path scratch(const std::string& name) {
    const auto dir = fs::path(test::binary_dir) / "test_scratch" / "catchments";
    fs::create_directories(dir);
    return dir / name;
}
fs::path write(const std::string& name, const std::string& text) {
    const auto p = scratch(name);
    std::ofstream(p) << text;
    return p;
}

std::set<std::string> codes_of(const Catchments& c, const std::string& vc) {
    std::set<std::string> out;
    for (const auto& [a, s] : c.areas_of(*register_().find(vc))) out.insert(test::kronoberg_areas().areas[a].code);
    return out;
}

// population in = Σ assigned + unassigned, against the population file's own total.
void expect_population_conserved(const Catchments& c) {
    const double total = kronoberg_population().total_all();
    double assigned = 0;
    for (double p : c.accounting.population_per_vc) assigned += p;
    EXPECT_NEAR(c.accounting.population_in, total, 1e-9 * total);
    EXPECT_NEAR(assigned + c.accounting.population_unassigned, total, 1e-9 * total) << c.method;
    std::map<std::size_t, double> sums;
    for (const auto& w : c.weights) {
        EXPECT_GT(w.share, 0);
        sums[w.area] += w.share;
    }
    for (const auto& [a, s] : sums) EXPECT_LE(s, 1.0 + 1e-12) << test::kronoberg_areas().areas[a].code;
}

Catchments run(const std::string& method, const std::string& source = {}, bool fractional = false) {
    CatchmentConfig cfg;
    cfg.method = method;
    cfg.source = source;
    cfg.fractional = fractional;
    return make_catchments(cfg, test::kronoberg_areas(), register_(), kronoberg_population());
}

// Two 100 m squares side by side: "0763A0010" = [0,100]², "0763A0020" = [100,200]×[0,100].
AreaSet squares() {
    AreaSet set;
    set.version = "DeSO2025";
    const std::vector<std::pair<std::string, double>> defs = {{"0763A0010", 0.0}, {"0763A0020", 100.0}};
    for (const auto& [code, x0] : defs) {
        Area a;
        a.code = code;
        a.kommun = "0763";
        a.lan = "07";
        geo::Polygon p;
        boost::geometry::read_wkt(fmt::format("POLYGON(({0} 0,{0} 100,{1} 100,{1} 0,{0} 0))", x0, x0 + 100), p);
        boost::geometry::correct(p);
        a.geometry.push_back(p);
        a.area_m2 = geo::area(a.geometry);
        set.areas.push_back(a);
    }
    set.index();
    return set;
}

CareCentreRegister two_centres(geo::Point a, geo::Point b) {
    CareCentreRegister r;
    r.source = "test";
    r.centres.push_back({"A", "0763", a, "osm", std::nullopt, "", 2, std::nullopt});
    r.centres.push_back({"B", "0763", b, "osm", std::nullopt, "", 3, std::nullopt});
    r.centres.push_back({"C utan läge", "0763", std::nullopt, "okand", std::nullopt, "", 4, std::nullopt});
    return r;
}

fs::path polygons_gpkg(const std::string& name, const std::vector<std::pair<std::string, std::string>>& vc_wkt) {
    geo::Layer l;
    l.name = "omraden";
    l.crs = "EPSG:3006";
    l.fields = {{"vardcentral", geo::FieldType::String}};
    for (const auto& [vc, wkt] : vc_wkt) {
        geo::Feature f;
        f.fid = static_cast<std::int64_t>(l.features.size()) + 1;
        f.values = {vc};
        geo::MultiPolygon mp;
        boost::geometry::read_wkt(wkt, mp);
        boost::geometry::correct(mp);
        f.geometry = mp;
        l.features.push_back(f);
    }
    const auto p = scratch(name);
    fs::remove(p);
    geo::write_gpkg(p, {&l});
    return p;
}

fs::path points_gpkg(const std::string& name, const std::vector<std::tuple<double, double, double>>& pts) {
    geo::Layer l;
    l.name = "punkter";
    l.crs = "EPSG:3006";
    l.fields = {{"bef", geo::FieldType::Real}};
    for (const auto& [x, y, w] : pts) {
        geo::Feature f;
        f.fid = static_cast<std::int64_t>(l.features.size()) + 1;
        f.values = {w};
        f.geometry = geo::Point(x, y);
        l.features.push_back(f);
    }
    const auto p = scratch(name);
    fs::remove(p);
    geo::write_gpkg(p, {&l});
    return p;
}

double share(const Catchments& c, std::size_t area, std::size_t vc) {
    for (const auto& w : c.weights) {
        if (w.area == area && w.vc == vc) return w.share;
    }
    return 0;
}

}  // namespace

// ---- narmast ---------------------------------------------------------------------------------

TEST(CatchmentNearest, ReproducesDemoTableForTingsryd) {
    // demo_omradesansvar.csv was drawn as "representative point nearer to the pilot than to any
    // other located VC"; narmast must give the same DeSOs.
    std::set<std::string> table;
    std::ifstream in(kron("demo_omradesansvar.csv"));
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
        if (line.ends_with(",Tingsryd")) table.insert(line.substr(0, 9));
    }
    ASSERT_EQ(table.size(), 5u);
    const Catchments c = run("narmast");
    EXPECT_EQ(codes_of(c, "Tingsryd"), table);
    for (const auto& [a, s] : c.areas_of(*register_().find("Tingsryd"))) EXPECT_EQ(s, 1.0);
}

TEST(CatchmentNearest, SharedPositionSplitsEquallyAndUnlocatedSkipped) {
    const Catchments c = run("narmast");
    expect_population_conserved(c);
    // Six clinics carry Växjö's locality point: a DeSO nearest to it is split in sixths.
    const auto& reg = register_();
    const std::size_t birka = *reg.find("Birka"), centrum = *reg.find("Centrum");
    const auto birka_areas = c.areas_of(birka);
    ASSERT_FALSE(birka_areas.empty());
    for (const auto& [a, s] : birka_areas) {
        EXPECT_DOUBLE_EQ(s, 1.0 / 6.0);
        EXPECT_DOUBLE_EQ(share(c, a, centrum), 1.0 / 6.0);
    }
    ASSERT_EQ(c.accounting.centres_skipped, std::vector<std::string>{"Hälsocentralen Falken"});
    EXPECT_TRUE(c.areas_of(*reg.find("Hälsocentralen Falken")).empty());
    // Every DeSO has a nearest VC: nothing unassigned.
    EXPECT_TRUE(c.accounting.areas_uncovered.empty());
    EXPECT_NEAR(c.accounting.population_unassigned, 0.0, 1e-6);
}

TEST(CatchmentSharing, PositionsWithinOneMillimetreGroupAndDeSOsNameTheirOtherCentres) {
    // Four VCs: A and B 0.4 mm apart (one register position), C 2 mm from A, D without position.
    CareCentreRegister reg;
    for (const auto& [name, pos] : std::vector<std::pair<std::string, std::optional<geo::Point>>>{
             {"A", geo::Point(500000, 6300000)}, {"B", geo::Point(500000.0004, 6300000)},
             {"C", geo::Point(500000.002, 6300000)}, {"D", std::nullopt}}) {
        CareCentre c;
        c.name = name;
        c.position = pos;
        reg.centres.push_back(c);
    }
    EXPECT_EQ(shared_positions(reg), (std::vector<std::vector<std::size_t>>{{0, 1}}));
    // Weights sorted by (area, vc): area 0 split A/B in halves, area 1 A/B halves, area 2 C alone,
    // area 3 B 0.3 and C 0.7.
    Catchments c;
    c.weights = {{0, 0, 0.5}, {0, 1, 0.5}, {1, 0, 0.5}, {1, 1, 0.5}, {2, 2, 1.0}, {3, 1, 0.3}, {3, 2, 0.7}};
    const CatchmentSharing a = sharing_of(c, 0);
    ASSERT_EQ(a.areas.size(), 2u);
    EXPECT_EQ(a.partners, std::vector<std::size_t>{1});
    EXPECT_TRUE(a.same_catchment.empty());  // B also has area 3
    EXPECT_EQ(shared_with_text(a.areas[0], reg), "B 50 %");
    const CatchmentSharing b = sharing_of(c, 1);
    EXPECT_EQ(b.partners, (std::vector<std::size_t>{0, 2}));
    ASSERT_EQ(b.areas.size(), 3u);
    EXPECT_EQ(shared_with_text(b.areas[2], reg), "C 70 %");
    // C's area 2 is its own: only area 3 is shared.
    const CatchmentSharing cc = sharing_of(c, 2);
    ASSERT_EQ(cc.areas.size(), 1u);
    EXPECT_EQ(cc.areas[0].area, 3u);
    // Dropping B's area 3 makes A and B identical catchments.
    c.weights = {{0, 0, 0.5}, {0, 1, 0.5}, {1, 0, 0.5}, {1, 1, 0.5}, {2, 2, 1.0}};
    EXPECT_EQ(sharing_of(c, 0).same_catchment, std::vector<std::size_t>{1});
    EXPECT_TRUE(sharing_of(c, 2).areas.empty());
}

TEST(CatchmentSharing, TheSixVaxjoClinicsAtOneLocalityPointHaveOneCatchment) {
    const Catchments c = run("narmast");
    const auto& reg = register_();
    const auto groups = shared_positions(reg);
    // The register puts six Växjö clinics, two in Älmhult and two in Ljungby on locality points.
    std::multiset<std::size_t> sizes;
    for (const auto& g : groups) sizes.insert(g.size());
    EXPECT_EQ(sizes, (std::multiset<std::size_t>{2, 2, 6}));
    const CatchmentSharing s = sharing_of(c, *reg.find("Centrum"));
    std::set<std::string> same;
    for (const auto v : s.same_catchment) same.insert(reg.centres[v].name);
    EXPECT_EQ(same, (std::set<std::string>{"Achima Care Växjö", "Birka", "Dalbo", "Prima Vård Söder", "Skärvet"}));
    EXPECT_EQ(s.areas.size(), c.areas_of(*reg.find("Centrum")).size());
    EXPECT_TRUE(sharing_of(c, *reg.find("Tingsryd")).areas.empty());
}

TEST(CatchmentNearest, OutsideCountyCentreTakesPart) {
    // Gränsbygdskliniken (Knäred, Halland) lies outside the area set yet is the nearest VC of
    // 0781A0020 (western Ljungby): 27.2 km against 30.4 km to Strömsnäsbruk, computed outside
    // omrade with ogr2ogr (SpatiaLite ST_PointOnSurface, PROJ for the register's WGS84 points).
    const Catchments c = run("narmast");
    EXPECT_EQ(codes_of(c, "Gränsbygdskliniken"), std::set<std::string>{"0781A0020"});
}

TEST(CatchmentNearest, HandWorkedSquaresWithPopulationPoints) {
    const AreaSet set = squares();
    // A at x = -10, B at x = 230 (y = 50). Representative points of the squares lie inside them;
    // square 1 (x ≤ 100) is nearer A, square 2 (x ≥ 100) nearer B except where x < 110.
    const auto reg = two_centres({-10, 50}, {230, 50});
    CatchmentConfig cfg;
    cfg.method = "narmast";
    const std::vector<double> pop = {100, 300};
    Catchments c = catchments_nearest(cfg, set, reg, pop);
    EXPECT_EQ(share(c, 0, 0), 1.0);
    EXPECT_EQ(share(c, 1, 1), 1.0);
    EXPECT_EQ(c.accounting.centres_skipped, std::vector<std::string>{"C utan läge"});
    // Population points pull square 2's centre to x = 105 (weights 3 at 102, 1 at 114):
    // |105 − (−10)| = 115 < |230 − 105| = 125, so square 2 goes to A.
    cfg.population_points = points_gpkg("sq_points.gpkg", {{102, 50, 3}, {114, 50, 1}, {50, 50, 2}}).string();
    cfg.population_points_field = "bef";
    c = catchments_nearest(cfg, set, reg, pop);
    EXPECT_EQ(share(c, 0, 0), 1.0);
    EXPECT_EQ(share(c, 1, 0), 1.0);
    EXPECT_DOUBLE_EQ(c.accounting.population_per_vc[0], 400.0);
    const AreaPoints ap = area_points(cfg, set);
    EXPECT_TRUE(ap.from_points[1]);
    EXPECT_DOUBLE_EQ(ap.points[1].x(), 105.0);
}

TEST(CatchmentNearest, EquidistantCentresShareEqually) {
    const AreaSet set = squares();
    // Both at the same position: each square is split 1/2 – 1/2.
    const auto reg = two_centres({100, 500}, {100, 500});
    CatchmentConfig cfg;
    const Catchments c = catchments_nearest(cfg, set, reg, {10, 20});
    EXPECT_EQ(c.weights.size(), 4u);
    EXPECT_DOUBLE_EQ(c.accounting.population_per_vc[0], 15.0);
    EXPECT_DOUBLE_EQ(c.accounting.population_per_vc[1], 15.0);
}

// ---- listning --------------------------------------------------------------------------------

TEST(CatchmentListing, PluralityFractionalAndTieRule) {
    const AreaSet set = squares();
    const auto reg = two_centres({0, 0}, {1, 1});
    // Square 1: A 30, B 10 → plurality A; fractional 0.75 / 0.25.
    // Square 2: A 5, B 5 → tie: A (first in the register).
    // A row of a DeSO in another kommun (0780) is counted, not joined.
    const auto p = write("listing.csv", "desokod,vardcentral,antal\n0763A0010,A,30\n0763A0010,B,10\n"
                                        "0763A0020,B,5\n0763A0020,A,5\n0780C1010,A,7\n");
    CatchmentConfig cfg;
    cfg.source = p.string();
    Catchments c = catchments_from_listing(cfg, set, reg, {100, 200});
    ASSERT_EQ(c.weights.size(), 2u);
    EXPECT_EQ(share(c, 0, 0), 1.0);
    EXPECT_EQ(share(c, 1, 0), 1.0);
    EXPECT_EQ(c.accounting.warnings.size(), 2u);  // the tie and the row outside
    cfg.fractional = true;
    c = catchments_from_listing(cfg, set, reg, {100, 200});
    EXPECT_DOUBLE_EQ(share(c, 0, 0), 0.75);
    EXPECT_DOUBLE_EQ(share(c, 0, 1), 0.25);
    EXPECT_DOUBLE_EQ(share(c, 1, 0), 0.5);
    EXPECT_DOUBLE_EQ(c.accounting.population_per_vc[0], 75.0 + 100.0);
    EXPECT_DOUBLE_EQ(c.accounting.population_per_vc[1], 25.0 + 100.0);
}

TEST(CatchmentListing, BadRowsNameTheLine) {
    const AreaSet set = squares();
    const auto reg = two_centres({0, 0}, {1, 1});
    CatchmentConfig cfg;
    auto expect_line = [&](const std::string& text, long line, const std::string& field) {
        cfg.source = write("bad_listing.csv", text).string();
        try {
            catchments_from_listing(cfg, set, reg, {1, 1});
            ADD_FAILURE() << text;
        } catch (const DataError& e) {
            EXPECT_EQ(e.where().line, line) << text;
            EXPECT_EQ(e.where().field, field) << text;
        }
    };
    expect_line("desokod,vardcentral,antal\n0763A0010,A,3\n0763A0010,X,4\n", 3, "vardcentral");
    expect_line("desokod,vardcentral,antal\n0763A0010,A,3\n0763A0010,A,4\n", 3, "vardcentral");
    expect_line("desokod,vardcentral,antal\n0763A0010,A,-3\n", 2, "antal");
    expect_line("desokod,vardcentral,antal\n0763A0099,A,3\n", 2, "desokod");
}

TEST(CatchmentListing, DemoMatrixPluralityAndFractional) {
    const Catchments plural = run("listning", kron("demo_listning_deso.csv"));
    expect_population_conserved(plural);
    const Catchments frac = run("listning", kron("demo_listning_deso.csv"), true);
    expect_population_conserved(frac);
    // Every DeSO has listings: fractional shares sum to exactly 1 per DeSO, nothing unassigned.
    EXPECT_NEAR(frac.accounting.population_unassigned, 0.0, 1e-6);
    EXPECT_GT(frac.weights.size(), plural.weights.size());
    EXPECT_EQ(plural.weights.size(), test::kronoberg_areas().size());
}

// ---- polygoner -------------------------------------------------------------------------------

TEST(CatchmentPolygons, AreaSharesByHand) {
    const AreaSet set = squares();
    const auto reg = two_centres({0, 0}, {1, 1});
    CatchmentConfig cfg;
    cfg.source = polygons_gpkg("sq_poly.gpkg", {{"A", "MULTIPOLYGON(((0 0,0 100,150 100,150 0,0 0)))"},
                                                 {"B", "MULTIPOLYGON(((150 0,150 100,200 100,200 0,150 0)))"}})
                     .string();
    Catchments c = catchments_from_polygons(cfg, set, reg, {100, 200});
    EXPECT_NEAR(share(c, 0, 0), 1.0, 1e-12);
    EXPECT_NEAR(share(c, 1, 0), 0.5, 1e-12);
    EXPECT_NEAR(share(c, 1, 1), 0.5, 1e-12);
    EXPECT_NEAR(c.accounting.population_per_vc[0], 200.0, 1e-9);

    // Overlap: B from x = 120 → square 2: A 0.5, B 0.8, scaled by 1/1.3 with a warning.
    cfg.source = polygons_gpkg("sq_poly_overlap.gpkg", {{"A", "MULTIPOLYGON(((0 0,0 100,150 100,150 0,0 0)))"},
                                                         {"B", "MULTIPOLYGON(((120 0,120 100,200 100,200 0,120 0)))"}})
                     .string();
    c = catchments_from_polygons(cfg, set, reg, {100, 200});
    EXPECT_NEAR(share(c, 1, 0), 0.5 / 1.3, 1e-12);
    EXPECT_NEAR(share(c, 1, 1), 0.8 / 1.3, 1e-12);
    ASSERT_EQ(c.accounting.warnings.size(), 1u);
    EXPECT_NE(c.accounting.warnings[0].find("0763A0020"), std::string::npos);

    // Population points: square 2 has weight 3 west of x = 150 and 1 east → A 0.75, B 0.25
    // (first polygons). Square 1 has no points → area shares.
    cfg.source = polygons_gpkg("sq_poly2.gpkg", {{"A", "MULTIPOLYGON(((0 0,0 100,150 100,150 0,0 0)))"},
                                                  {"B", "MULTIPOLYGON(((150 0,150 100,200 100,200 0,150 0)))"}})
                     .string();
    cfg.population_points = points_gpkg("sq_points2.gpkg", {{110, 50, 2}, {140, 20, 1}, {190, 50, 1}}).string();
    cfg.population_points_field = "bef";
    c = catchments_from_polygons(cfg, set, reg, {100, 200});
    EXPECT_NEAR(share(c, 1, 0), 0.75, 1e-12);
    EXPECT_NEAR(share(c, 1, 1), 0.25, 1e-12);
    EXPECT_NEAR(share(c, 0, 0), 1.0, 1e-12);
}

TEST(CatchmentPolygons, UnknownVcNamesFeature) {
    const AreaSet set = squares();
    const auto reg = two_centres({0, 0}, {1, 1});
    CatchmentConfig cfg;
    cfg.source = polygons_gpkg("sq_poly_bad.gpkg", {{"Okänd", "MULTIPOLYGON(((0 0,0 100,150 100,150 0,0 0)))"}}).string();
    try {
        catchments_from_polygons(cfg, set, reg, {1, 1});
        FAIL();
    } catch (const DataError& e) {
        EXPECT_EQ(e.where().field, "vardcentral");
        EXPECT_EQ(e.where().feature, "fid 1");
    }
}

TEST(CatchmentPolygons, DemoVoronoiPolygonsAgreeWithNearest) {
    // tests/data/catchments/demo_polygoner.gpkg holds the narmast Voronoi cells: every DeSO's
    // representative point lies in the cell of its nearest VC, so that VC gets a share.
    const Catchments poly = run("polygoner", std::string(test::data_dir) + "/catchments/demo_polygoner.gpkg");
    expect_population_conserved(poly);
    const Catchments near = run("narmast");
    for (const auto& w : near.weights) {
        EXPECT_GT(share(poly, w.area, w.vc), 0.0) << test::kronoberg_areas().areas[w.area].code << " " << register_().centres[w.vc].name;
    }
}

TEST(CatchmentTable, DemoTableConservesPopulation) {
    expect_population_conserved(run("tabell", kron("demo_omradesansvar.csv")));
}

TEST(CatchmentTable, CrossKommunForbiddenAndSmallWarned) {
    const auto p = write("cross.csv", "desokod,vardcentral\n0763A0010,Tingsryd\n0764A0010,Tingsryd\n");
    CatchmentConfig cfg;
    cfg.method = "tabell";
    cfg.source = p.string();
    cfg.min_population = 1e6;
    const Catchments c = make_catchments(cfg, test::kronoberg_areas(), register_(), kronoberg_population());
    ASSERT_EQ(c.accounting.warnings.size(), 1u);
    EXPECT_NE(c.accounting.warnings[0].find("Tingsryd"), std::string::npos);
    cfg.allow_cross_kommun = false;
    try {
        make_catchments(cfg, test::kronoberg_areas(), register_(), kronoberg_population());
        FAIL();
    } catch (const DataError& e) {
        EXPECT_EQ(e.where().line, 3);
    }
    const auto unknown = write("unknown.csv", "desokod,vardcentral\n0763A0010,Tingsryd\n0763A0999,Tingsryd\n");
    cfg.source = unknown.string();
    EXPECT_THROW(make_catchments(cfg, test::kronoberg_areas(), register_(), kronoberg_population()), DataError);
}

// ---- outlines --------------------------------------------------------------------------------

TEST(CatchmentOutlines, MinShareSelectsDesos) {
    const AreaSet set = squares();
    const auto reg = two_centres({0, 0}, {1, 1});
    Catchments c;
    c.method = "listning";
    c.weights = {{0, 0, 1.0}, {1, 0, 0.4}, {1, 1, 0.6}};
    c.accounting = account(c.weights, set, {100, 200}, reg.centres.size());
    geo::Layer l = catchment_polygons(c, set, reg, 0.5);
    ASSERT_EQ(l.features.size(), 2u);
    // A: only square 1 drawn (0.4 < 0.5), 2 DeSOs with weight, population 100 + 80.
    EXPECT_EQ(std::get<std::int64_t>(l.features[0].values[2]), 2);
    EXPECT_EQ(std::get<std::int64_t>(l.features[0].values[3]), 1);
    EXPECT_EQ(std::get<std::int64_t>(l.features[0].values[4]), 180);
    EXPECT_NEAR(std::get<double>(l.features[0].values[5]), 0.01, 1e-9);
    l = catchment_polygons(c, set, reg, 0.3);
    EXPECT_NEAR(std::get<double>(l.features[0].values[5]), 0.02, 1e-9);  // both squares dissolved
    EXPECT_DOUBLE_EQ(std::get<double>(l.features[0].values[6]), 0.4);
}

// ---- resources -------------------------------------------------------------------------------

TEST(CatchmentResources, PointsInsideTheCatchmentCounted) {
    const geo::Layer res = read_resources(std::string(test::data_dir) + "/catchments/resurser.geojson", "typ", "namn");
    ASSERT_EQ(res.features.size(), 4u);
    EXPECT_EQ(res.crs, "EPSG:3006");
    const Catchments c = run("tabell", kron("demo_omradesansvar.csv"));
    // The fixture puts two points in Tingsryd's town (its C DeSOs) and one in Teleborg.
    const geo::Layer tingsryd = resources_in_catchment(res, test::kronoberg_areas(), c.areas_of(*register_().find("Tingsryd")));
    std::set<std::string> names;
    for (const auto& f : tingsryd.features) {
        names.insert(geo::to_text(f.values[1]));
        EXPECT_EQ(geo::to_text(f.values[2]).substr(0, 5), "0763C");
        EXPECT_EQ(std::get<double>(f.values[3]), 1.0);
    }
    EXPECT_EQ(names, (std::set<std::string>{"Testskola Tingsryd", "Testförening Tingsryd"}));
    EXPECT_EQ(resource_counts(tingsryd), (std::map<std::string, std::size_t>{{"förening", 1}, {"skola", 1}}));
    const geo::Layer teleborg = resources_in_catchment(res, test::kronoberg_areas(), c.areas_of(*register_().find("Teleborg")));
    ASSERT_EQ(teleborg.features.size(), 1u);
    EXPECT_EQ(geo::to_text(teleborg.features[0].values[0]), "apotek");
    EXPECT_THROW(read_resources(std::string(test::data_dir) + "/catchments/resurser.geojson", "kategori", "namn"), DataError);
}

TEST(CatchmentConfig, ComparisonSourcesResolvedAndUnknownKeyNamed) {
    const auto p = write("cmp.toml", "[omraden]\nkalla = \"x.gpkg\"\n[upptagning]\nmetod = \"narmast\"\n"
                                     "[upptagning.jamforelse]\nlistning = \"l.csv\"\n");
    const Config c = load_config(p);
    ASSERT_EQ(c.catchment.compare.size(), 1u);
    EXPECT_EQ(c.catchment.compare[0].first, "listning");
    EXPECT_EQ(fs::path(c.catchment.compare[0].second), p.parent_path() / "l.csv");
    const auto bad = write("cmp_bad.toml", "[omraden]\nkalla = \"x.gpkg\"\n[upptagning]\nmetod = \"narmast\"\n"
                                           "[upptagning.jamforelse]\nnarmast = \"l.csv\"\n");
    try {
        load_config(bad);
        FAIL();
    } catch (const DataError& e) {
        EXPECT_EQ(e.where().field, "upptagning.jamforelse.narmast");
    }
}

TEST(CatchmentTable, DemoTableAccountsForPopulation) {
    const auto& set = test::kronoberg_areas();
    const CareCentreRegister reg = read_care_centres(kron("vardcentraler.csv"));
    std::vector<double> pop(set.size(), 1000.0);
    CatchmentConfig cfg;
    cfg.method = "tabell";
    cfg.source = kron("demo_omradesansvar.csv");
    const Catchments c = catchments_from_table(cfg, set, reg, pop);
    EXPECT_EQ(c.weights.size(), 20u);
    const double assigned = c.accounting.population_per_vc[*reg.find("Teleborg")] + c.accounting.population_per_vc[*reg.find("Tingsryd")];
    EXPECT_DOUBLE_EQ(c.accounting.population_in, assigned + c.accounting.population_unassigned);
    EXPECT_EQ(c.accounting.areas_uncovered.size(), 95u);
}

TEST(CatchmentTable, SharesAboveOneRejected) {
    const auto p = scratch("shares.csv");
    std::ofstream(p) << "desokod,vardcentral,vikt\n0763A0010,Tingsryd,0.7\n0763A0010,Ryd,0.5\n";
    CatchmentConfig cfg;
    cfg.source = p.string();
    cfg.weight_field = "vikt";
    const CareCentreRegister reg = read_care_centres(kron("vardcentraler.csv"));
    try {
        catchments_from_table(cfg, test::kronoberg_areas(), reg, std::vector<double>(test::kronoberg_areas().size(), 1.0));
        FAIL();
    } catch (const DataError& e) {
        EXPECT_EQ(e.where().line, 3);
    }
}
