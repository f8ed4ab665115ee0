// End-to-end tests of `omrade catchments` on the embedded Kronoberg data, and the sensitivity
// table that `omrade build` writes per pilot.
#include "e2e/run.hpp"
#include "test_config.hpp"

#include <gdal.h>
#include <ogr_api.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace fs = std::filesystem;
using namespace omrade::test;
using nlohmann::json;

namespace {


struct WeightRow {
    std::string code, vc;
    double share = 0, population = 0;
};

// The weights CSV has no quoted fields (codes and register names hold no commas).
std::vector<WeightRow> parse_weights(const std::string& text) {
    std::vector<WeightRow> rows;
    std::istringstream in(text);
    std::string line;
    std::getline(in, line);
    EXPECT_EQ(line, "desokod,vardcentral,andel,befolkning\r");  // CsvWriter: CRLF
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        std::vector<std::string> cells;
        std::stringstream ss(line);
        for (std::string c; std::getline(ss, c, ',');) cells.push_back(c);
        EXPECT_EQ(cells.size(), 4u) << line;
        if (cells.size() == 4) rows.push_back({cells[0], cells[1], std::stod(cells[2]), std::stod(cells[3])});
    }
    return rows;
}

// Population per DeSO straight from SCB's file (Σ over bands).
std::map<std::string, double> population_file() {
    std::map<std::string, double> pop;
    std::ifstream in(kron("scb_deso2025_befolkning_alder_kon.csv"));
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
        const auto last = line.rfind(',');
        pop[line.substr(0, 9)] += std::stod(line.substr(last + 1));
    }
    return pop;
}

}  // namespace

TEST(Catchments, NearestWritesWeightsPolygonsAndAccounting) {
    const auto dir = scratch_dir("catchments_narmast");
    const auto r = run_omrade({"catchments", "--method", "narmast", "--polygons", (dir / "u.geojson").string()}, dir);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto rows = parse_weights(r.out);
    const auto pop = population_file();
    std::map<std::string, double> share_sum;
    std::set<std::string> tingsryd;
    double assigned = 0, total = 0;
    for (const auto& w : rows) {
        share_sum[w.code] += w.share;
        assigned += w.population;
        EXPECT_NEAR(w.population, w.share * pop.at(w.code), 0.01 + 1e-6 * pop.at(w.code));
        if (w.vc == "Tingsryd") tingsryd.insert(w.code);
    }
    for (const auto& [code, p] : pop) total += p;
    EXPECT_EQ(share_sum.size(), 115u);  // every DeSO has a nearest VC
    for (const auto& [code, s] : share_sum) EXPECT_NEAR(s, 1.0, 1e-5) << code;
    EXPECT_NEAR(assigned, total, 1.0);  // rounding of 2 decimals on ~200 rows
    EXPECT_EQ(tingsryd, (std::set<std::string>{"0763A0010", "0763A0040", "0763A0050", "0763C1010", "0763C1020"}));
    EXPECT_NE(r.err.find("Upptagning (narmast): befolkning"), std::string::npos);
    EXPECT_NE(r.err.find("ej tilldelad 0"), std::string::npos);
    EXPECT_NE(r.err.find("Hälsocentralen Falken: läge saknas"), std::string::npos);

    const json u = json::parse(read_file(dir / "u.geojson"));
    std::set<std::string> names;
    for (const auto& f : u["features"]) names.insert(f["properties"]["vardcentral"].get<std::string>());
    EXPECT_EQ(names.size(), 31u);  // all located VCs (Falken has none)
    EXPECT_TRUE(names.count("Gränsbygdskliniken"));
}

TEST(Catchments, FractionalListingToFileAndGeoPackage) {
    const auto dir = scratch_dir("catchments_listning");
    const auto r = run_omrade({"catchments", "--method", "listning", "--fraktionell", "--source",
                               kron("demo_listning_deso.csv"), "--output", "w.csv", "--polygons", "u.gpkg"},
                              dir);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(r.out.empty());
    std::map<std::string, double> share_sum;
    for (const auto& w : parse_weights(read_file(dir / "w.csv"))) share_sum[w.code] += w.share;
    EXPECT_EQ(share_sum.size(), 115u);
    for (const auto& [code, s] : share_sum) EXPECT_NEAR(s, 1.0, 1e-4) << code;

    GDALAllRegister();
    GDALDatasetH ds = GDALOpenEx((dir / "u.gpkg").string().c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
    ASSERT_NE(ds, nullptr);
    OGRLayerH layer = GDALDatasetGetLayerByName(ds, "upptagningsomraden");
    ASSERT_NE(layer, nullptr);
    EXPECT_EQ(OGR_L_GetFeatureCount(layer, 1), 31);
    GDALClose(ds);

    // Existing output is not replaced without --overwrite.
    const auto again = run_omrade({"catchments", "--method", "listning", "--source", kron("demo_listning_deso.csv"),
                                   "--output", "w.csv"},
                                  dir);
    EXPECT_EQ(again.exit_code, 2);
    EXPECT_NE(again.err.find("--overwrite"), std::string::npos);
}

TEST(Catchments, MethodWithoutSourceIsAUsageError) {
    const auto r = run_omrade({"catchments", "--method", "polygoner"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("--source"), std::string::npos);
}

TEST(Catchments, UnknownCentreInListingNamesFileAndLine) {
    const auto dir = scratch_dir("catchments_bad");
    std::ofstream(dir / "l.csv") << "desokod,vardcentral,antal\n0763A0010,Tingsryd,10\n0763A0040,Tingsrud,4\n";
    const auto r = run_omrade({"catchments", "--method", "listning", "--source", (dir / "l.csv").string()}, dir);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("l.csv"), std::string::npos);
    EXPECT_NE(r.err.find("rad 3"), std::string::npos);
    EXPECT_NE(r.err.find("Tingsrud"), std::string::npos);
}

TEST(Catchments, VoronoiCellsCoverTheCounty) {
    const auto dir = scratch_dir("catchments_voronoi");
    const auto r = run_omrade({"catchments", "--method", "narmast", "--output", "w.csv", "--voronoi", "v.geojson"}, dir);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json v = json::parse(read_file(dir / "v.geojson"));
    EXPECT_EQ(v["features"].size(), 31u);
    const auto bad = run_omrade({"catchments", "--method", "tabell", "--voronoi", "v2.geojson"}, dir);
    EXPECT_EQ(bad.exit_code, 2);
}

TEST(Build, WritesCatchmentSensitivityPerPilot) {
    const auto dir = scratch_dir("build_sensitivity");
    const auto r = run_omrade({"build", "--out", "out", "--pilot", "tingsryd"}, dir);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string csv = read_file(dir / "out" / "tingsryd" / "kanslighet_upptagning.csv");
    std::istringstream in(csv);
    std::string header, line;
    std::getline(in, header);
    EXPECT_EQ(header.rfind("metod,kalla,byggets_metod,befolkning,antal_deso,andel_lag_ekonomisk_standard", 0), 0u);
    std::vector<std::string> methods;
    while (std::getline(in, line)) methods.push_back(line.substr(0, line.find(',')));
    // The demo: its table, nearest, and the synthetic listing matrix both ways.
    EXPECT_EQ(methods, (std::vector<std::string>{"tabell", "narmast", "listning", "listning (fraktionell)"}));
    // Tingsryd's table DeSOs are exactly its nearest DeSOs: the first two rows agree.
    std::istringstream again(csv);
    std::getline(again, line);
    std::string tabell, narmast;
    std::getline(again, tabell);
    std::getline(again, narmast);
    EXPECT_EQ(tabell.substr(tabell.find(",ja,") + 4), narmast.substr(narmast.find(",nej,") + 5));
}

TEST(Build, ResourcesLayerHoldsThePointsInsideTheCatchment) {
    const auto dir = scratch_dir("build_resources");
    std::ofstream(dir / "omrade.toml")
        << "[omraden]\nkalla = \"" << kron("deso2025_kronoberg.gpkg") << "|layername=deso\"\n"
        << "[befolkning]\nkalla = \"" << kron("scb_deso2025_befolkning_alder_kon.csv") << "\"\n"
        << "[vardcentraler]\nkalla = \"" << kron("vardcentraler.csv") << "\"\n"
        << "[upptagning]\nmetod = \"narmast\"\n"
        << "[resurser]\nkalla = \"" << data_dir << "/catchments/resurser.geojson\"\n"
        << "[[pilot]]\nid = \"tingsryd\"\nvardcentral = \"Tingsryd\"\n";
    const auto r = run_omrade({"build", "--config", "omrade.toml", "--out", "out"}, dir);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json layer = json::parse(read_file(dir / "out" / "tingsryd" / "geojson" / "resurser.geojson"));
    std::set<std::string> names;
    for (const auto& f : layer["features"]) names.insert(f["properties"]["namn"].get<std::string>());
    EXPECT_EQ(names, (std::set<std::string>{"Testskola Tingsryd", "Testförening Tingsryd"}));
    const json report = json::parse(read_file(dir / "out" / "byggrapport.json"));
    EXPECT_EQ(report["piloter"][0]["resurser"], (json{{"förening", 1}, {"skola", 1}}));
    // Styled and in the project like the other layers.
    EXPECT_TRUE(fs::exists(dir / "out" / "tingsryd" / "geojson" / "resurser.qml"));
    const std::string qgs = read_file(dir / "out" / "tingsryd" / "tingsryd.qgs");
    EXPECT_NE(qgs.find("layername=resurser"), std::string::npos);
}
