// End-to-end tests of `omrade interpolate` and `omrade aggregate-points`: hand-checkable squares
// in tests/data/interpolate/, and a chain on the real Kronoberg data.
#include "e2e/run.hpp"
#include "geo/reader.hpp"
#include "test_config.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <regex>

namespace fs = std::filesystem;
using namespace omrade;
using namespace omrade::test;
using nlohmann::json;

namespace {

std::string fixture(const std::string& f) { return std::string(data_dir) + "/interpolate/" + f; }

// Rows of a CSV written by omrade (no quoted commas in these fixtures), keyed by the first column.
std::map<std::string, std::vector<std::string>> csv_rows(const fs::path& p) {
    std::map<std::string, std::vector<std::string>> out;
    std::istringstream in(read_file(p));
    std::string line;
    while (std::getline(in, line)) {
        std::vector<std::string> cells;
        std::string cell;
        std::istringstream ls(line);
        while (std::getline(ls, cell, ',')) cells.push_back(cell);
        if (!line.empty() && line.back() == ',') cells.emplace_back();
        if (!cells.empty()) out[cells[0]] = cells;
    }
    return out;
}

json read_json(const fs::path& p) {
    std::ifstream in(p);
    return json::parse(in);
}

// The number printed after "<label>: " in the accounting on stderr.
double reported(const std::string& err, const std::string& label) {
    const auto pos = err.find(label + ": ");
    if (pos == std::string::npos) throw std::runtime_error("saknas i utskriften: " + label);
    return std::stod(err.substr(pos + label.size() + 2));
}

}  // namespace

TEST(InterpolateCmd, ByAreaToCsvWithAccounting) {
    const fs::path dir = scratch_dir("interp_area");
    const auto r = run_omrade({"interpolate", "--source", fixture("kallor.geojson"), "--target", fixture("mal.geojson"),
                               "--extensive", "bef", "--intensive", "andel", "--output", (dir / "ut.csv").string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto rows = csv_rows(dir / "ut.csv");
    ASSERT_EQ(rows.size(), 4u);
    EXPECT_EQ(rows["mal"], (std::vector<std::string>{"mal", "bef", "andel"}));
    // a = K1 (100) + half of K2 (25); b = half of K2 (+ half of K3, which has no value); c: none.
    EXPECT_DOUBLE_EQ(std::stod(rows["a"][1]), 125.0);
    EXPECT_NEAR(std::stod(rows["a"][2]), (100.0 * 2 + 50.0 * 4) / 150.0, 1e-12);  // CSV has 15 digits
    EXPECT_DOUBLE_EQ(std::stod(rows["b"][1]), 25.0);
    EXPECT_DOUBLE_EQ(std::stod(rows["b"][2]), 4.0);
    EXPECT_EQ(rows["c"], (std::vector<std::string>{"c", "", ""}));
    EXPECT_DOUBLE_EQ(reported(r.err, "bef (extensiv): summa in"), 150.0);
    EXPECT_DOUBLE_EQ(reported(r.err, "bef (extensiv): summa ut"), 150.0);
    EXPECT_DOUBLE_EQ(reported(r.err, "källyta utanför alla mål km2"), 0.5);
    EXPECT_DOUBLE_EQ(reported(r.err, "bef (extensiv): källor utan värde (NULL)"), 1.0);
    // The accounting is also written beside the output.
    const auto acc = read_file(dir / "ut.csv.redovisning.csv");
    EXPECT_NE(acc.find("bef (extensiv): summa ut,150"), std::string::npos) << acc;
    // Nothing left behind from the atomic write.
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++files;
    EXPECT_EQ(files, 2u);
}

TEST(InterpolateCmd, ByWeightPointsToGeoPackage) {
    const fs::path dir = scratch_dir("interp_weights");
    const fs::path out = dir / "ut.gpkg";
    const auto r = run_omrade({"interpolate", "--source", fixture("kallor.geojson"), "--target", fixture("mal.geojson"),
                               "--extensive", "bef", "--weights", fixture("viktpunkter.geojson") + ":vikt",
                               "--output", out.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const geo::Layer layer = geo::read_layer(geo::parse_source(out.string() + "|layername=mal"));
    ASSERT_EQ(layer.features.size(), 3u);
    const std::size_t bef = layer.require_field("bef");
    // K1's one point lies in a; K2's weight is 1 in a and 3 in b: a = 100 + 50/4, b = 50·3/4.
    EXPECT_DOUBLE_EQ(*geo::to_number(layer.features[0].values[bef]), 112.5);
    EXPECT_DOUBLE_EQ(*geo::to_number(layer.features[1].values[bef]), 37.5);
    EXPECT_EQ(layer.crs, "EPSG:3006");
    geo::ReadOptions table;
    table.attributes_only = true;
    const geo::Layer acc = geo::read_layer(geo::parse_source(out.string() + "|layername=redovisning"), table);
    EXPECT_FALSE(acc.features.empty());
    EXPECT_NE(r.err.find("metod: viktpunkter"), std::string::npos) << r.err;
}

TEST(InterpolateCmd, UsageAndDataErrors) {
    const fs::path dir = scratch_dir("interp_errors");
    const std::string out = (dir / "ut.geojson").string();
    const std::vector<std::string> base = {"interpolate", "--source", fixture("kallor.geojson"), "--target",
                                           fixture("mal.geojson")};
    auto with = [&](std::vector<std::string> extra) {
        std::vector<std::string> args = base;
        args.insert(args.end(), extra.begin(), extra.end());
        return run_omrade(args);
    };
    EXPECT_EQ(with({"--output", out}).exit_code, 2);  // no field
    EXPECT_EQ(with({"--extensive", "bef", "--output", (dir / "ut.shp").string()}).exit_code, 2);
    EXPECT_EQ(with({"--extensive", "bef", "--weights", "utan_kolon", "--output", out}).exit_code, 2);
    const auto missing = with({"--extensive", "saknas", "--output", out});
    EXPECT_EQ(missing.exit_code, 1);
    EXPECT_NE(missing.err.find("saknas"), std::string::npos) << missing.err;
    EXPECT_FALSE(fs::exists(out));

    ASSERT_EQ(with({"--extensive", "bef", "--output", out}).exit_code, 0);
    const auto again = with({"--extensive", "bef", "--output", out});
    EXPECT_EQ(again.exit_code, 2);
    EXPECT_NE(again.err.find("--overwrite"), std::string::npos) << again.err;
    EXPECT_EQ(with({"--extensive", "bef", "--output", out, "--overwrite"}).exit_code, 0);
    const json gj = read_json(out);
    EXPECT_EQ(gj["features"].size(), 3u);
}

TEST(AggregatePointsCmd, CountsAndSumsWithBorderRuleAndOutsidePoints) {
    const fs::path dir = scratch_dir("aggr_points");
    const fs::path out = dir / "ut.geojson";
    const auto r = run_omrade({"aggregate-points", "--areas", fixture("mal.geojson"), "--points", fixture("punkter.csv"),
                               "--x-field", "x", "--y-field", "y", "--points-crs", "EPSG:3006", "--field",
                               "antal_besok", "--output", out.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json gj = read_json(out);
    ASSERT_EQ(gj["features"].size(), 3u);
    std::map<std::string, json> by;
    for (const auto& f : gj["features"]) by[f["properties"]["mal"].get<std::string>()] = f["properties"];
    // a: inside (10) + on the a|b border, which goes to a as the lower fid (20).
    EXPECT_EQ(by["a"]["antal"], 2);
    EXPECT_DOUBLE_EQ(by["a"]["summa_antal_besok"].get<double>(), 30.0);
    // b: its outer corner (40) and a point without a value.
    EXPECT_EQ(by["b"]["antal"], 2);
    EXPECT_DOUBLE_EQ(by["b"]["summa_antal_besok"].get<double>(), 40.0);
    EXPECT_EQ(by["b"]["antal_utan_antal_besok"], 1);
    EXPECT_EQ(by["c"]["antal"], 0);
    EXPECT_DOUBLE_EQ(reported(r.err, "punkter utanför alla områden"), 1.0);
    EXPECT_DOUBLE_EQ(reported(r.err, "punkter utan läge"), 1.0);
    EXPECT_DOUBLE_EQ(reported(r.err, "punkter på gräns mellan områden"), 1.0);
    EXPECT_DOUBLE_EQ(reported(r.err, "antal_besok: summa utanför eller utan läge"), 240.0);
    EXPECT_NE(r.err.find("varning: 2 punkter räknades inte"), std::string::npos) << r.err;
    EXPECT_NE(read_file(fs::path(out.string() + ".redovisning.csv")).find("punkter utanför alla områden,1"),
              std::string::npos);
}

// Real data: listed patients per vårdcentral summed per kommun, then spread onto DeSO 2025.
TEST(AggregatePointsCmd, KronobergListingsPerKommunThenOntoDeso) {
    const fs::path dir = scratch_dir("aggr_kronoberg");
    const fs::path kommun = dir / "kommun.gpkg";
    const auto a = run_omrade({"aggregate-points", "--areas", kron("deso2025_kronoberg.gpkg") + "|layername=kommun",
                               "--points", kron("vardcentraler.csv"), "--x-field", "lon", "--y-field", "lat",
                               "--points-crs", "EPSG:4326", "--field", "listade_2025_05_01", "--output",
                               kommun.string()});
    ASSERT_EQ(a.exit_code, 0) << a.err;
    const double in_areas = reported(a.err, "listade_2025_05_01: summa i områden");
    const double elsewhere = reported(a.err, "listade_2025_05_01: summa utanför eller utan läge");
    EXPECT_DOUBLE_EQ(in_areas + elsewhere, 201669.0);  // the register's total (README)
    EXPECT_DOUBLE_EQ(reported(a.err, "punkter totalt"), 32.0);
    EXPECT_GE(reported(a.err, "punkter utanför alla områden"), 1.0);  // Gränsbygdskliniken, Halland

    const fs::path deso = dir / "deso.csv";
    const auto i = run_omrade({"interpolate", "--source", kommun.string() + "|layername=kommun", "--target",
                               kron("deso2025_kronoberg.gpkg") + "|layername=deso", "--extensive",
                               "summa_listade_2025_05_01", "--renormalize", "--output", deso.string()});
    ASSERT_EQ(i.exit_code, 0) << i.err;
    EXPECT_DOUBLE_EQ(reported(i.err, "summa_listade_2025_05_01 (extensiv): summa in"), in_areas);
    EXPECT_NEAR(reported(i.err, "summa_listade_2025_05_01 (extensiv): summa ut"), in_areas, 1e-9 * in_areas);
}

TEST(InterpolateCmd, HelpOfBothCommands) {
    for (const std::string cmd : {"interpolate", "aggregate-points"}) {
        const auto r = run_omrade({cmd, "--help"});
        EXPECT_EQ(r.exit_code, 0) << cmd;
        EXPECT_NE(r.out.find("--output"), std::string::npos) << cmd;
    }
}
