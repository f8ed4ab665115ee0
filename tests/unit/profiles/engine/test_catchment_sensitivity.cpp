// The sensitivity table: a pilot's key figures under each catchment method, worked by hand on
// two squares.
#include "profiles/engine/sensitivity.hpp"
#include "profiles/output/sensitivity_csv.hpp"
#include "test_config.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;
using namespace omrade;
using namespace omrade::profiles;

namespace {

fs::path write(const std::string& name, const std::string& text) {
    // One folder per test: ctest runs the tests of this file in parallel processes.
    const auto dir = fs::path(test::binary_dir) / "test_scratch" / "sensitivity" /
                     ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::create_directories(dir);
    std::ofstream(dir / name) << text;
    return dir / name;
}

// Squares "0763A0010" = [0,100]², "0763A0020" = [100,200]×[0,100]; VC A at x = −10, B at x = 230.
Inputs square_inputs() {
    Inputs in;
    in.areas.version = "DeSO2025";
    for (int i = 0; i < 2; ++i) {
        Area a;
        a.code = fmt::format("0763A00{}0", i + 1);
        a.kommun = "0763";
        geo::Polygon p;
        boost::geometry::read_wkt(fmt::format("POLYGON(({0} 0,{0} 100,{1} 100,{1} 0,{0} 0))", 100 * i, 100 * i + 100), p);
        boost::geometry::correct(p);
        a.geometry.push_back(p);
        in.areas.areas.push_back(a);
    }
    in.areas.index();
    in.population.area_total = {100, 300};
    in.centres.centres.push_back({"A", "0763", geo::Point(-10, 50), "osm", std::nullopt, "", 2, std::nullopt});
    in.centres.centres.push_back({"B", "0763", geo::Point(230, 50), "osm", std::nullopt, "", 3, std::nullopt});
    auto stat = [&](std::size_t area, const char* id, int year, double v) {
        StatRow r;
        r.area = area;
        r.indicator = id;
        r.year = year;
        r.value = v;
        in.statistics.rows.push_back(r);
    };
    stat(0, "low_econ", 2024, 10);
    stat(1, "low_econ", 2024, 20);
    stat(1, "low_econ", 2023, 99);  // an older year: not used
    stat(0, "unemp", 2024, 4);     // square 2 has no unemployment value
    in.config.catchment.method = "tabell";
    in.config.catchment.source = write("table.csv", "desokod,vardcentral\n0763A0010,A\n0763A0020,A\n").string();
    in.config.catchment.compare = {{"listning", write("listing.csv", "desokod,vardcentral,antal\n0763A0010,A,1\n"
                                                                     "0763A0020,A,1\n0763A0020,B,3\n").string()}};
    in.catchments = make_catchments(in.config.catchment, in.areas, in.centres, in.population);
    return in;
}

}  // namespace

TEST(CatchmentSensitivity, FiguresPerMethodByHand) {
    const Inputs in = square_inputs();
    const auto rows = catchment_sensitivity(in, 0);
    ASSERT_EQ(rows.size(), 4u);
    // tabell (the build's own): both squares → 400 residents; low_econ (100·10 + 300·20)/400;
    // unemp only from square 1 (coverage 100/400); higher_ed absent.
    EXPECT_EQ(rows[0].method, "tabell");
    EXPECT_TRUE(rows[0].configured);
    EXPECT_DOUBLE_EQ(rows[0].population, 400);
    EXPECT_EQ(rows[0].deso_count, 2u);
    EXPECT_DOUBLE_EQ(*rows[0].figures[0], 17.5);
    EXPECT_DOUBLE_EQ(*rows[0].figures[1], 4.0);
    EXPECT_DOUBLE_EQ(rows[0].figure_coverage[1], 0.25);
    EXPECT_FALSE(rows[0].figures[2]);
    // narmast: every point of square 1 (x ≤ 100) is nearer A (x = −10) than B (x = 230); square
    // 2's PointOnSurface lies mid-square (x = 150), nearer B.
    EXPECT_EQ(rows[1].method, "narmast");
    EXPECT_DOUBLE_EQ(rows[1].population, 100);
    EXPECT_DOUBLE_EQ(*rows[1].figures[0], 10.0);
    // listning plurality: square 1 → A, square 2 → B (3 > 1).
    EXPECT_EQ(rows[2].method, "listning");
    EXPECT_DOUBLE_EQ(rows[2].population, 100);
    // fractional: A gets all of square 1 and 1/4 of square 2: 100 + 75; low_econ (1000 + 1500)/175.
    EXPECT_EQ(rows[3].method, "listning (fraktionell)");
    EXPECT_DOUBLE_EQ(rows[3].population, 175);
    EXPECT_DOUBLE_EQ(*rows[3].figures[0], 2500.0 / 175.0);
}

TEST(CatchmentSensitivity, BadComparisonSourceIsANoteNotAFailure) {
    Inputs in = square_inputs();
    in.config.catchment.compare = {{"listning", write("bad.csv", "desokod,vardcentral,antal\n0763A0010,X,1\n").string()}};
    const auto rows = catchment_sensitivity(in, 0);
    ASSERT_EQ(rows.size(), 4u);  // tabell, narmast, then listning both ways with only a note
    EXPECT_TRUE(rows[0].note.empty());
    EXPECT_EQ(rows[2].method, "listning");
    EXPECT_NE(rows[2].note.find("'X'"), std::string::npos);
    EXPECT_TRUE(rows[2].figures.empty());
    const auto p = fs::path(test::binary_dir) / "test_scratch" / "sensitivity" / "bad.csv.out";
    write_sensitivity_csv(rows, p);
    std::ifstream f(p);
    std::string line;
    for (int i = 0; i < 4; ++i) std::getline(f, line);
    EXPECT_EQ(line.rfind("listning,bad.csv,nej,,,,,,,,,", 0), 0u) << line;
}

TEST(CatchmentSensitivity, CsvHasSwedishHeaders) {
    const Inputs in = square_inputs();
    const auto p = fs::path(test::binary_dir) / "test_scratch" / "sensitivity" / "k.csv";
    write_sensitivity_csv(catchment_sensitivity(in, 0), p);
    std::ifstream f(p);
    std::string header, first;
    std::getline(f, header);
    std::getline(f, first);
    EXPECT_EQ(header.substr(0, 40), "metod,kalla,byggets_metod,befolkning,ant");
    EXPECT_EQ(first, "tabell,table.csv,ja,400,2,17.5,4,,1,0.25,0,\r");  // CsvWriter ends rows with CRLF
}

TEST(CatchmentSensitivity, NearestKeyFiguresForEveryCentre) {
    Inputs in = square_inputs();
    in.centres.centres.push_back({"C", "0763", std::nullopt, "", std::nullopt, "", 1, std::nullopt});  // no position
    const auto rows = nearest_key_figures(in);
    ASSERT_EQ(rows.size(), 3u);
    // Square 1 → A (low_econ 10), square 2 → B (low_econ 20); C has no position and gets a note.
    EXPECT_DOUBLE_EQ(rows[0].population, 100);
    EXPECT_DOUBLE_EQ(*rows[0].figures[0], 10.0);
    EXPECT_DOUBLE_EQ(rows[1].population, 300);
    EXPECT_DOUBLE_EQ(*rows[1].figures[0], 20.0);
    EXPECT_FALSE(rows[2].note.empty());
    EXPECT_DOUBLE_EQ(rows[2].population, 0);
    // Nothing lost: every resident is counted under exactly one centre.
    EXPECT_DOUBLE_EQ(rows[0].population + rows[1].population + rows[2].population, 400);
}
