// End-to-end tests of `omrade build` and `omrade check` on the embedded Kronoberg data.
#include "e2e/run.hpp"
#include "test_config.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <regex>
#include <set>

namespace fs = std::filesystem;
using namespace omrade::test;
using nlohmann::json;

namespace {

std::string kron(const std::string& f) { return std::string(kronoberg_dir) + "/" + f; }
std::string fixture(const std::string& f) { return std::string(data_dir) + "/build/" + f; }

// A config like the demo one, with parts replaced; absolute paths so it can live anywhere.
std::string write_config(const fs::path& dir, const std::map<std::string, std::string>& replace = {}) {
    std::map<std::string, std::string> parts = {
        {"omraden", "[omraden]\nkalla = \"" + kron("deso2025_kronoberg.gpkg") + "|layername=deso\"\n"},
        {"kommuner", "[kommuner]\nkalla = \"" + kron("deso2025_kronoberg.gpkg") + "|layername=kommun\"\n"},
        {"befolkning", "[befolkning]\nkalla = \"" + kron("scb_deso2025_befolkning_alder_kon.csv") + "\"\n"},
        {"statistik", "[[statistik]]\nkalla = \"" + kron("scb_deso2025_indikatorer.csv") + "\"\nformat = \"bred\"\nar = 2024\n"},
        {"vardcentraler", "[vardcentraler]\nkalla = \"" + kron("vardcentraler.csv") + "\"\n"},
        {"upptagning", "[upptagning]\nmetod = \"tabell\"\nkalla = \"" + kron("demo_omradesansvar.csv") + "\"\n"},
        {"pilot", "[[pilot]]\nid = \"teleborg\"\nvardcentral = \"Teleborg\"\n\n[[pilot]]\nid = \"tingsryd\"\nvardcentral = \"Tingsryd\"\n"},
    };
    for (const auto& [k, v] : replace) parts[k] = v;
    const fs::path file = dir / "omrade.toml";
    std::ofstream out(file);
    for (const auto& [k, v] : parts) out << v << "\n";
    return file.string();
}

json read_json(const fs::path& p) {
    std::ifstream in(p);
    return json::parse(in);
}

// Shoelace area in degrees² (sign gives orientation: > 0 counter-clockwise).
double signed_area(const json& ring) {
    double twice = 0;
    for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
        twice += ring[i][0].get<double>() * ring[i + 1][1].get<double>() - ring[i + 1][0].get<double>() * ring[i][1].get<double>();
    }
    return twice / 2;
}

class BuildDemo : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        s_dir = scratch_dir("build_demo");
        s_run = run_omrade({"build", "--no-progress", "--out", (s_dir / "out").string()});
    }
    static fs::path s_dir;
    static RunResult s_run;
};
fs::path BuildDemo::s_dir;
RunResult BuildDemo::s_run;

}  // namespace

TEST_F(BuildDemo, SucceedsAndWritesBothPilots) {
    ASSERT_EQ(s_run.exit_code, 0) << s_run.err;
    for (const std::string p : {"teleborg", "tingsryd"}) {
        EXPECT_TRUE(fs::exists(s_dir / "out" / p / (p + ".gpkg")));
        for (const std::string l : {"deso", "upptagningsomrade", "vardcentraler", "kommuner"}) {
            EXPECT_TRUE(fs::exists(s_dir / "out" / p / "geojson" / (l + ".geojson"))) << p << "/" << l;
        }
    }
    EXPECT_TRUE(fs::exists(s_dir / "out" / "byggrapport.json"));
    EXPECT_FALSE(fs::exists(s_dir / "out" / "teleborg" / "teleborg.gpkg-wal"));
}

TEST_F(BuildDemo, DesoLayersHoldExactlyTheDemoTable) {
    ASSERT_EQ(s_run.exit_code, 0) << s_run.err;
    std::map<std::string, std::set<std::string>> expected;
    std::ifstream table(kron("demo_omradesansvar.csv"));
    std::string line;
    std::getline(table, line);
    while (std::getline(table, line)) {
        const auto comma = line.find(',');
        std::string vc = line.substr(comma + 1);
        if (!vc.empty() && vc.back() == '\r') vc.pop_back();
        expected[vc == "Teleborg" ? "teleborg" : "tingsryd"].insert(line.substr(0, comma));
    }
    ASSERT_EQ(expected["teleborg"].size(), 15u);
    ASSERT_EQ(expected["tingsryd"].size(), 5u);
    for (const auto& [pilot, codes] : expected) {
        const json j = read_json(s_dir / "out" / pilot / "geojson" / "deso.geojson");
        std::set<std::string> got;
        for (const auto& f : j["features"]) {
            ASSERT_TRUE(f["properties"]["desokod"].is_string());
            got.insert(f["properties"]["desokod"].get<std::string>());
            EXPECT_TRUE(f["properties"]["befolkning"].is_number_integer());
            EXPECT_TRUE(f["properties"].contains("low_econ"));
        }
        EXPECT_EQ(got, codes) << pilot;
    }
}

TEST_F(BuildDemo, GeojsonFollowsRfc7946) {
    ASSERT_EQ(s_run.exit_code, 0) << s_run.err;
    const std::regex long_decimals(R"([0-9]\.[0-9]{7,})");
    for (const auto& entry : fs::recursive_directory_iterator(s_dir / "out")) {
        if (entry.path().extension() != ".geojson") continue;
        std::ifstream in(entry.path());
        const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const json j = json::parse(text);
        EXPECT_FALSE(j.contains("crs")) << entry.path();
        for (const auto& f : j["features"]) {
            const auto& g = f["geometry"];
            std::vector<const json*> positions;
            if (g["type"] == "Point") {
                positions.push_back(&g["coordinates"]);
            } else {
                ASSERT_EQ(g["type"], "MultiPolygon");
                for (const auto& poly : g["coordinates"]) {
                    EXPECT_GT(signed_area(poly[0]), 0) << "exterior ring not counter-clockwise in " << entry.path();
                    for (std::size_t h = 1; h < poly.size(); ++h) EXPECT_LT(signed_area(poly[h]), 0) << "hole not clockwise";
                    for (const auto& ring : poly)
                        for (const auto& p : ring) positions.push_back(&p);
                }
            }
            for (const auto* p : positions) {
                const double lon = (*p)[0], lat = (*p)[1];
                // Kronoberg, plus Gränsbygdskliniken in Knäred (Halland) among the VC points.
                EXPECT_TRUE(lon > 13.0 && lon < 16.0 && lat > 56.2 && lat < 57.4) << lon << "," << lat;
            }
        }
        // Property values may have more decimals; coordinates may not. Checked on the file's own
        // text: a JSON library's re-serialisation of a double is not what the file says.
        const std::string raw = read_file(entry.path());
        const std::regex coordinates(R"re("coordinates":(\[[-0-9.,\[\]eE]*\]))re");
        std::size_t arrays = 0;
        for (auto it = std::sregex_iterator(raw.begin(), raw.end(), coordinates); it != std::sregex_iterator(); ++it) {
            ++arrays;
            const std::string c = (*it)[1].str();
            std::smatch m;
            EXPECT_FALSE(std::regex_search(c, m, long_decimals)) << entry.path() << ": " << m.str();
        }
        EXPECT_EQ(arrays, j["features"].size()) << entry.path();
    }
}

TEST_F(BuildDemo, CatchmentIsTheDissolvedUnion) {
    ASSERT_EQ(s_run.exit_code, 0) << s_run.err;
    for (const std::string p : {"teleborg", "tingsryd"}) {
        double sum = 0;
        const json deso = read_json(s_dir / "out" / p / "geojson" / "deso.geojson");
        for (const auto& f : deso["features"]) {
            sum += f["properties"]["area_km2"].get<double>();
        }
        const json u = read_json(s_dir / "out" / p / "geojson" / "upptagningsomrade.geojson");
        ASSERT_EQ(u["features"].size(), 1u);
        const double area = u["features"][0]["properties"]["area_km2"].get<double>();
        EXPECT_NEAR(area / sum, 1.0, 0.001) << p;
    }
}

TEST_F(BuildDemo, ReportAccountsForEverything) {
    ASSERT_EQ(s_run.exit_code, 0) << s_run.err;
    const json r = read_json(s_dir / "out" / "byggrapport.json");
    const auto& u = r["upptagning"];
    EXPECT_NEAR(u["befolkning_in"].get<double>(),
                u["befolkning_tilldelad"].get<double>() + u["befolkning_ej_tilldelad"].get<double>(), 1e-6);
    for (const auto& s : r["statistik"]) {
        EXPECT_EQ(s["rader_lasta"].get<std::size_t>(),
                  s["rader_kopplade"].get<std::size_t>() + s["rader_utanfor_omradena"].get<std::size_t>());
    }
    EXPECT_EQ(r["befolkning"]["rader_lasta"], 115 * 17);
    EXPECT_FALSE(r["indata"][0]["sha256"].get<std::string>().empty());
}

TEST(Build, RefusesToOverwriteWithoutFlag) {
    const auto dir = scratch_dir("build_overwrite");
    fs::create_directories(dir / "out");
    const auto r = run_omrade({"build", "--out", (dir / "out").string()});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("--overwrite"), std::string::npos) << r.err;
}

TEST(Check, PassesOnCleanDeso) {
    const auto dir = scratch_dir("check_clean");
    const auto r = run_omrade({"check", "--config", write_config(dir)});
    EXPECT_EQ(r.exit_code, 0) << r.err << r.out;
}

TEST(Check, ReportsInvalidGeometriesAndEnclavesInAsPublished) {
    const auto dir = scratch_dir("check_published");
    const auto cfg = write_config(dir, {{"omraden", "[omraden]\nkalla = \"" + kron("deso2025_kronoberg.gpkg") + "|layername=deso_as_published\"\n"}});
    const auto r = run_omrade({"check", "--config", cfg, "--json"});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    const json j = json::parse(r.out);
    EXPECT_EQ(j["omraden"]["ogiltiga_geometrier"].size(), 3u);
    EXPECT_GE(j["omraden"]["overlappningar"].size(), 1u);
    EXPECT_NE(r.err.find("överlappande"), std::string::npos);
}

// Bad input: exit 1 and one message naming the file, the line or feature and the field.
struct BadInput {
    std::string name;
    std::map<std::string, std::string> replace;
    std::vector<std::string> expect_in_message;
};

void PrintTo(const BadInput& b, std::ostream* os) { *os << b.name; }

class BadInputTest : public ::testing::TestWithParam<BadInput> {};

TEST_P(BadInputTest, ExitsOneWithAClearMessage) {
    const auto& c = GetParam();
    const auto dir = scratch_dir("bad_" + c.name);
    const auto r = run_omrade({"build", "--no-progress", "--config", write_config(dir, c.replace), "--out", (dir / "out").string()});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    for (const auto& s : c.expect_in_message) EXPECT_NE(r.err.find(s), std::string::npos) << "missing '" << s << "' in: " << r.err;
    EXPECT_FALSE(fs::exists(dir / "out")) << "no half-written output";
}

INSTANTIATE_TEST_SUITE_P(
    Build, BadInputTest,
    ::testing::Values(
        BadInput{"missing_file", {{"befolkning", "[befolkning]\nkalla = \"/nonexistent/befolkning.csv\"\n"}},
                 {"/nonexistent/befolkning.csv", "finns inte"}},
        BadInput{"missing_layer", {{"omraden", "[omraden]\nkalla = \"" + kron("deso2025_kronoberg.gpkg") + "|layername=deso2018\"\n"}},
                 {"deso2025_kronoberg.gpkg", "'deso2018'", "finns inte"}},
        BadInput{"no_crs", {{"omraden", "[omraden]\nkalla = \"" + fixture("utan_crs.csv") + "\"\n"}},
                 {"utan_crs.csv", "koordinatsystem"}},
        BadInput{"duplicate_codes", {{"omraden", "[omraden]\nkalla = \"" + fixture("dubbletter.geojson") + "\"\n"}},
                 {"dubbletter.geojson", "fid 1", "'desokod'", "två gånger"}},
        BadInput{"unknown_code", {{"statistik", "[[statistik]]\nkalla = \"" + fixture("okand_kod.csv") + "\"\n"}},
                 {"okand_kod.csv", "rad 3", "'desokod'", "0763A0099"}},
        BadInput{"not_a_number", {{"statistik", "[[statistik]]\nkalla = \"" + fixture("ej_tal.csv") + "\"\n"}},
                 {"ej_tal.csv", "rad 3", "'taljare'", "'tolv'"}}),
    [](const auto& p) { return p.param.name; });

TEST(Help, EverySubcommandHasHelp) {
    const auto top = run_omrade({"--help"});
    EXPECT_EQ(top.exit_code, 0);
    for (const std::string cmd : {"build", "check"}) {
        EXPECT_NE(top.out.find(cmd), std::string::npos);
        const auto r = run_omrade({cmd, "--help"});
        EXPECT_EQ(r.exit_code, 0) << cmd;
        EXPECT_NE(r.out.find("--config"), std::string::npos) << cmd;
    }
    EXPECT_EQ(run_omrade({"nosuchcommand"}).exit_code, 2);
}
