// End-to-end tests of `omrade build` and `omrade check` on the embedded Kronoberg data.
#include "e2e/run.hpp"
#include "test_config.hpp"

#include <gdal.h>
#include <gtest/gtest.h>
#include <ogr_api.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <algorithm>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <tuple>

namespace fs = std::filesystem;
using namespace omrade::test;
using nlohmann::json;

namespace {

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

// The demo build: CTest's fixture `demo_build` (e2e/demo_build.cmake) builds it once for every
// test process; a test binary run by hand, or with a binary newer than the fixture's build,
// builds it itself.
class BuildDemo : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        const fs::path shared = fs::path(binary_dir) / "tests" / "demo_build";
        std::error_code ec;
        const auto done = fs::last_write_time(shared / "exit_code", ec);
        if (!ec && done >= fs::last_write_time(omrade_binary)) {
            s_dir = shared;
            s_run.exit_code = std::stoi(read_file(shared / "exit_code"));
            s_run.out = read_file(shared / "stdout");
            s_run.err = read_file(shared / "stderr");
            return;
        }
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
    std::size_t converted = 0;
    for (const auto& s : r["statistik"]) {
        if (!s.contains("omrakning")) {
            EXPECT_EQ(s["rader_lasta"].get<std::size_t>(),
                      s["rader_kopplade"].get<std::size_t>() + s["rader_utanfor_omradena"].get<std::size_t>());
            continue;
        }
        // Every DeSO 2018 row: carried 1:1, shared, unmatched or outside.
        ++converted;
        const auto& v = s["omrakning"];
        EXPECT_EQ(v["indelning"], "DeSO2018");
        EXPECT_EQ(s["rader_lasta"].get<std::size_t>(),
                  v["rader_oforandrade_1_1"].get<std::size_t>() + v["rader_delade"].get<std::size_t>() +
                      v["rader_utan_motsvarighet"].get<std::size_t>() + s["rader_utanfor_omradena"].get<std::size_t>());
        EXPECT_EQ(s["rader_kopplade"], v["rader_deso2025"]);
        // 112 DeSO 2018 × 4 indicators: 109 codes carried, the 3 split ones shared in two.
        EXPECT_EQ(s["rader_lasta"], 448);
        EXPECT_EQ(v["rader_oforandrade_1_1"], 436);
        EXPECT_EQ(v["rader_delade"], 12);
        EXPECT_EQ(v["rader_utan_motsvarighet"], 0);
        EXPECT_EQ(v["rader_deso2025"], 460);
    }
    EXPECT_EQ(converted, 1u);
    EXPECT_NE(read_file(s_dir / "out" / "byggrapport.txt").find("omräknad från DeSO2018"), std::string::npos);
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

// ---- Indicator profiles (profil.json, profil.csv, DeSO layer fields, disclosure) ----

namespace {

const std::vector<std::string> demo_pilots = {"teleborg", "tingsryd"};

std::vector<std::string> catalogue_ids() {
    std::vector<std::string> ids;
    std::ifstream in(kron("indikatorer.toml"));
    std::string line;
    const std::regex id_line(R"re(^id = "([a-z0-9_]+)"\s*$)re");
    std::smatch m;
    while (std::getline(in, line)) {
        if (std::regex_match(line, m, id_line)) ids.push_back(m[1].str());
        // Vårdcentral indicators (listed patients) are not area indicators: not in profil.json.
        if (line == "niva = \"vardcentral\"") ids.pop_back();
    }
    return ids;
}

// Every DeSO code of the county (public knowledge for an attacker).
std::vector<std::string> county_codes() {
    std::set<std::string> codes;
    std::ifstream in(kron("scb_deso2025_indikatorer.csv"));
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) codes.insert(line.substr(0, 9));
    return {codes.begin(), codes.end()};
}

// Incremental reduced row echelon form over doubles: tells whether a unit vector (one unknown)
// lies in the span of the equations, i.e. whether that unknown is determined.
class RowSpace {
public:
    explicit RowSpace(std::size_t n) : m_n(n) {}
    void add(std::vector<double> v) {
        reduce(v);
        std::size_t p = m_n;
        double best = 1e-9;
        for (std::size_t i = 0; i < m_n; ++i) {
            if (std::abs(v[i]) > best) {
                best = std::abs(v[i]);
                p = i;
            }
        }
        if (p == m_n) return;
        const double f = v[p];
        for (auto& x : v) x /= f;
        for (auto& [q, row] : m_rows) {
            const double g = row[p];
            if (g != 0) {
                for (std::size_t i = 0; i < m_n; ++i) row[i] -= g * v[i];
            }
        }
        m_rows.emplace_back(p, std::move(v));
    }
    bool determines(std::size_t unknown) const {
        std::vector<double> e(m_n, 0.0);
        e[unknown] = 1.0;
        reduce(e);
        for (double x : e) {
            if (std::abs(x) > 1e-7) return false;
        }
        return true;
    }

private:
    void reduce(std::vector<double>& v) const {
        for (const auto& [p, row] : m_rows) {
            const double g = v[p];
            if (g != 0) {
                for (std::size_t i = 0; i < m_n; ++i) v[i] -= g * row[i];
            }
        }
    }
    std::size_t m_n;
    std::vector<std::pair<std::size_t, std::vector<double>>> m_rows;
};

}  // namespace

TEST_F(BuildDemo, ProfilesListEveryCatalogueIndicatorWithAllFields) {
    ASSERT_EQ(s_run.exit_code, 0) << s_run.err;
    const auto ids = catalogue_ids();
    ASSERT_EQ(ids.size(), 24u);  // 13 SCB columns (not capital_inc) + 4 SCB count series 2022–2024 + 7 synthetic health indicators
    for (const auto& p : demo_pilots) {
        const json j = read_json(s_dir / "out" / p / "profil.json");
        EXPECT_EQ(j["markning"], "SYNTETISKA DEMODATA – inte verkliga hälsodata");
        const auto& prov = j["proveniens"];
        EXPECT_EQ(prov["indelning"], "DeSO2025");
        EXPECT_EQ(prov["upptagningsmetod"], "tabell");
        EXPECT_FALSE(prov["version"].get<std::string>().empty());
        bool catalogue_listed = false;
        for (const auto& i : prov["indata"]) {
            EXPECT_EQ(i["sha256"].get<std::string>().size(), 64u) << i.dump();
            if (i["typ"] == "indikatorkatalog") catalogue_listed = true;
        }
        EXPECT_TRUE(catalogue_listed);
        std::vector<std::string> got;
        for (const auto& ind : j["indikatorer"]) {
            got.push_back(ind["id"].get<std::string>());
            for (const char* k : {"namn", "doman", "enhet", "typ", "polaritet"}) {
                EXPECT_FALSE(ind[k].get<std::string>().empty()) << ind["id"] << " " << k;
            }
            EXPECT_TRUE(ind["ar"].is_number_integer()) << ind["id"];
            ASSERT_FALSE(ind["kon"].empty());
            EXPECT_EQ(ind["kon"][0]["kon"], "totalt");
            for (const auto& s : ind["kon"]) {
                for (const char* level : {"upptagningsomrade", "kommun", "lan"}) {
                    const auto& a = s[level];
                    for (const char* k : {"varde", "nedre", "ovre", "nedre_998", "ovre_998", "status", "jamforelse_95",
                                          "jamforelse_998", "deso_min", "deso_max", "malstatus", "antal_deso"}) {
                        EXPECT_TRUE(a.contains(k)) << p << " " << ind["id"] << " " << level << " " << k;
                    }
                    // A value or a reason, never neither.
                    EXPECT_NE(a["varde"].is_null(), a["status"].get<std::string>().empty()) << a.dump();
                    // Fingertips colours (DOMAIN.md §4) by rating.
                    static const std::map<std::string, std::string> colours = {
                        {"bättre", "#92D050"}, {"likvärdigt", "#FFC000"}, {"sämre", "#C00000"},
                        {"högre", "#BED2FF"},  {"lägre", "#5555E6"},     {"", "#C9C9C9"}, {"ej jämförd", "#C9C9C9"}};
                    for (const char* c : {"jamforelse_95", "jamforelse_998"}) {
                        EXPECT_EQ(a[c]["farg"], colours.at(a[c]["betyg"].get<std::string>())) << a[c].dump();
                    }
                }
                EXPECT_EQ(s["deso"].size(), s["upptagningsomrade"]["antal_deso"].get<std::size_t>());
            }
        }
        EXPECT_EQ(got, ids) << p;
        // The county value of diabetes 2024 from docs/demodata.md: 9088 / 161238.
        for (const auto& ind : j["indikatorer"]) {
            if (ind["id"] != "diabetes") continue;
            EXPECT_EQ(ind["ar"], 2024);
            EXPECT_NEAR(ind["kon"][0]["lan"]["varde"].get<double>(), 100.0 * 9088 / 161238, 1e-9);
            EXPECT_EQ(ind["kon"].size(), 3u);
        }
        // profil.csv: header plus one row per indicator and sex.
        std::size_t expected_rows = 1;
        for (const auto& ind : j["indikatorer"]) expected_rows += ind["kon"].size();
        std::ifstream csv(s_dir / "out" / p / "profil.csv");
        std::string line;
        std::size_t rows = 0;
        std::getline(csv, line);
        EXPECT_EQ(line.rfind("indikator,namn,doman,enhet,ar,kon,varde,nedre_95,ovre_95", 0), 0u) << line;
        ++rows;
        while (std::getline(csv, line)) ++rows;
        EXPECT_EQ(rows, expected_rows) << p;
    }
}

TEST_F(BuildDemo, DesoLayerCarriesValuesLimitsAndReasons) {
    ASSERT_EQ(s_run.exit_code, 0) << s_run.err;
    std::size_t suppressed = 0;
    for (const auto& p : demo_pilots) {
        const json deso = read_json(s_dir / "out" / p / "geojson" / "deso.geojson");
        for (const auto& f : deso["features"]) {
            const auto& pr = f["properties"];
            for (const char* k : {"diabetes", "diabetes_lagre", "diabetes_ovre", "diabetes_orsak", "diabetes_kvintil",
                                  "fortida_dodlighet_orsak", "low_econ", "low_econ_orsak"}) {
                EXPECT_TRUE(pr.contains(k)) << k;
            }
            for (const std::string id : {"diabetes", "halsosamtal_50", "fortida_dodlighet", "influensavacc_65"}) {
                const bool has_value = !pr[id].is_null();
                EXPECT_NE(has_value, !pr[id + "_orsak"].is_null()) << p << " " << id;
                if (!has_value) {
                    EXPECT_TRUE(pr[id + "_lagre"].is_null() && pr[id + "_ovre"].is_null());
                    if (pr[id + "_orsak"] == "undertryckt") ++suppressed;
                } else {
                    EXPECT_LE(pr[id + "_lagre"].get<double>(), pr[id].get<double>());
                }
            }
        }
    }
    // halsosamtal_50 has about 20 fifty-year-olds per DeSO: below min_namnare 50 everywhere.
    EXPECT_GT(suppressed, 0u);
}

// The series: Teleborg's synthetic depression/anxiety 2020–2024 and the real SCB change 2022 →
// 2024 across the DeSO revision. χ² values from an independent Python transcription of
// assign_trend_markers on the summed counts of Teleborg's DeSOs in demo_halsa.csv.
TEST_F(BuildDemo, SeriesCarryTrendChangeAndTheRevision) {
    ASSERT_EQ(s_run.exit_code, 0) << s_run.err;
    const json j = read_json(s_dir / "out" / "teleborg" / "profil.json");
    const json* dep = nullptr;
    const json* edu = nullptr;
    for (const auto& i : j["indikatorer"]) {
        if (i["id"] == "depression_angest") dep = &i;
        if (i["id"] == "scb_eftergymnasial") edu = &i;
    }
    ASSERT_TRUE(dep && edu);
    EXPECT_EQ((*dep)["serie"]["ar"], json({2020, 2021, 2022, 2023, 2024}));
    const auto& d = (*dep)["kon"][0]["upptagningsomrade"]["serie"];
    EXPECT_EQ(d["ar"].size(), 5u);
    EXPECT_EQ(d["utveckling"]["trend"], "okande");
    // Recorded prevalence is neutral in the demo catalogue (issue 10): a rise "ökar", not "försämras".
    EXPECT_EQ(d["utveckling"]["ord"], "ökar");
    EXPECT_EQ(d["utveckling"]["grund"], "trend");
    EXPECT_NEAR(d["utveckling"]["chi2"].get<double>(), 62.2346, 1e-3);
    EXPECT_EQ((*dep)["kon"][0]["lan"]["serie"]["utveckling"]["trend"], "okande");
    EXPECT_NEAR((*dep)["kon"][0]["lan"]["serie"]["utveckling"]["chi2"].get<double>(), 216.727, 1e-2);
    // Two years only: the change 2022 → 2024 with its interval, marked as converted.
    EXPECT_EQ((*edu)["serie"]["ar"], json({2022, 2024}));
    EXPECT_EQ((*edu)["serie"]["omraknade_ar"], json({2022}));
    const auto& e = (*edu)["kon"][0]["upptagningsomrade"]["serie"];
    EXPECT_EQ(e["utveckling"]["grund"], "forandring");
    EXPECT_EQ(e["utveckling"]["forandring_fran_ar"], 2022);
    EXPECT_GT(e["utveckling"]["forandring"]["nedre"].get<double>(), 0.0);
    EXPECT_EQ(e["ar"][0]["omraknad"], "omräknad från DeSO 2018");
    EXPECT_TRUE(e["ar"][1]["omraknad"].is_null());
    EXPECT_NE(e["utveckling"]["orsak"].get<std::string>().find("omräknad från DeSO 2018"), std::string::npos);
    // The DeSO layer carries the word and why.
    const json deso = read_json(s_dir / "out" / "teleborg" / "geojson" / "deso.geojson");
    const auto& props = deso["features"][0]["properties"];
    EXPECT_TRUE(props.contains("depression_angest_forandring"));
    EXPECT_FALSE(props["depression_angest_forandring_orsak"].get<std::string>().empty());
}

TEST_F(BuildDemo, ReportAccountsForEveryStatisticsRow) {
    ASSERT_EQ(s_run.exit_code, 0) << s_run.err;
    const json r = read_json(s_dir / "out" / "byggrapport.json");
    ASSERT_EQ(r["statistikrader"].size(), 4u);
    for (const auto& s : r["statistikrader"]) {
        EXPECT_EQ(s["lasta"].get<std::size_t>(),
                  s["anvanda"].get<std::size_t>() + s["ej_i_katalogen"].get<std::size_t>() + s["annat_ar"].get<std::size_t>() +
                      s["annan_uppdelning"].get<std::size_t>() + s["ej_publicerade"].get<std::size_t>() +
                      s["utanfor_omradena"].get<std::size_t>())
            << s.dump();
    }
    // demo_halsa: 37 260 rows, 7 590 of them 2024 (the profile year; the older years feed the
    // series); SCB: 115 × 14 cells, 6 empty 'flats'; the 2022 SCB source after conversion: 460.
    EXPECT_EQ(r["statistikrader"][3]["lasta"], 37260);
    EXPECT_EQ(r["statistikrader"][3]["annat_ar"], 37260 - 7590);
    EXPECT_EQ(r["statistikrader"][0]["ej_publicerade"], 6);
    EXPECT_EQ(r["statistikrader"][0]["ej_i_katalogen"], 115);  // capital_inc: no known meaning, not in the catalogue
    EXPECT_EQ(r["statistikrader"][1]["lasta"], 460);
    EXPECT_EQ(r["statistikrader"][1]["annat_ar"], 460);
    EXPECT_EQ(r["indikatorer"].size(), 24u);
    EXPECT_NE(read_file(s_dir / "out" / "byggrapport.txt").find("Röjandekontroll diabetes"), std::string::npos);
}

// The attacker: everything published in both pilots (profil.json, deso.geojson) and every DeSO
// code of the county. Unknowns are the suppressed DeSO numerators and every DeSO not shown; the
// equations are the published totals (catchments with their shares, kommun, county, per sex)
// and totalt = män + kvinnor per DeSO. No suppressed numerator may be determined by them.
using Cell = std::tuple<std::string, std::string, std::string>;  // indicator, sex, DeSO code

struct AttackResult {
    std::size_t checked = 0;              // suppressed cells tried
    std::vector<Cell> recovered;          // suppressed cells the published figures determine
    std::vector<std::vector<Cell>> catchment_secrets;  // per published catchment total: its suppressed members
};

// The attacker: everything published in every pilot of `out` (profil.json, deso.geojson) and
// every DeSO code of the county. Unknowns are the suppressed DeSO numerators and every DeSO not
// shown; the equations are the published totals (catchments with their shares, kommun, county,
// per sex) and totalt = män + kvinnor per DeSO. `reveal` are suppressed cells treated as
// published (a build without that protection), to show that the attack can succeed.
AttackResult attack(const fs::path& out, const std::set<Cell>& reveal = {}) {
    AttackResult result;
    const auto codes = county_codes();
    EXPECT_EQ(codes.size(), 115u);
    std::map<std::string, json> profiles;
    for (const auto& p : demo_pilots) profiles[p] = read_json(out / p / "profil.json");
    for (std::size_t k = 0; k < profiles["teleborg"]["indikatorer"].size(); ++k) {
        const std::string id = profiles["teleborg"]["indikatorer"][k]["id"];
        const auto& sexes_json = profiles["teleborg"]["indikatorer"][k]["kon"];
        std::vector<std::string> sexes;
        for (const auto& s : sexes_json) sexes.push_back(s["kon"]);
        // Cell state per (sex, code): known (published or nothing there) or unknown.
        std::map<std::pair<std::string, std::string>, bool> known;
        std::set<std::pair<std::string, std::string>> secret;  // shown as "undertryckt"
        struct Eq {
            std::vector<std::pair<std::pair<std::string, std::string>, double>> members;
        };
        std::vector<Eq> eqs;
        for (auto& [p, j] : profiles) {
            const auto& ind = j["indikatorer"][k];
            EXPECT_EQ(ind["id"], id);
            for (const auto& s : ind["kon"]) {
                const std::string sex = s["kon"];
                Eq catchment;
                std::vector<Cell> members_secret;
                for (const auto& d : s["deso"]) {
                    const auto key = std::make_pair(sex, d["desokod"].get<std::string>());
                    const std::string status = d["status"];
                    if (status == "undertryckt" && !reveal.count({id, sex, key.second})) {
                        secret.insert(key);
                        members_secret.emplace_back(id, sex, key.second);
                        EXPECT_TRUE(d["varde"].is_null() && d["taljare"].is_null() && d["nedre"].is_null()) << id << d.dump();
                    } else {
                        known[key] = true;
                    }
                    catchment.members.push_back({key, d["andel_i_omradet"].get<double>()});
                }
                if (s["upptagningsomrade"]["status"] == "") {
                    eqs.push_back(catchment);
                    if (!members_secret.empty()) result.catchment_secrets.push_back(members_secret);
                }
                if (s["kommun"]["status"] == "") {
                    Eq e;
                    const std::string kommun = s["kommun"]["omrade"]["id"];
                    for (const auto& c : codes) {
                        if (c.rfind(kommun, 0) == 0) e.members.push_back({{sex, c}, 1.0});
                    }
                    eqs.push_back(e);
                }
                if (s["lan"]["status"] == "") {
                    Eq e;
                    for (const auto& c : codes) e.members.push_back({{sex, c}, 1.0});
                    eqs.push_back(e);
                }
            }
            // The DeSO layer must agree: a suppressed DeSO totalt shows no number there either.
            const json deso = read_json(out / p / "geojson" / "deso.geojson");
            for (const auto& f : deso["features"]) {
                const auto& pr = f["properties"];
                if (secret.count({"totalt", pr["desokod"].get<std::string>()})) {
                    EXPECT_TRUE(pr[id].is_null()) << id << " " << pr["desokod"];
                    EXPECT_EQ(pr[id + "_orsak"], "undertryckt");
                }
            }
        }
        if (secret.empty()) continue;
        if (sexes.size() == 3) {
            for (const auto& c : codes) eqs.push_back({{{{"totalt", c}, 1.0}, {{"man", c}, -1.0}, {{"kvinnor", c}, -1.0}}});
        }
        // Unknown index per cell that is not known.
        std::map<std::pair<std::string, std::string>, std::size_t> index;
        for (const auto& s : sexes) {
            for (const auto& c : codes) {
                if (!known.count({s, c})) index.emplace(std::make_pair(s, c), index.size());
            }
        }
        RowSpace space(index.size());
        for (const auto& e : eqs) {
            std::vector<double> row(index.size(), 0.0);
            for (const auto& [cell, w] : e.members) {
                const auto it = index.find(cell);
                if (it != index.end()) row[it->second] += w;
            }
            space.add(std::move(row));
        }
        for (const auto& cell : secret) {
            ++result.checked;
            if (space.determines(index.at(cell))) result.recovered.emplace_back(id, cell.first, cell.second);
        }
    }
    return result;
}

std::string cells_text(const std::vector<Cell>& cells) {
    std::string t;
    for (const auto& [id, sex, code] : cells) t += id + "/" + sex + "/" + code + " ";
    return t;
}

// Undoes the protecting suppressions of the first published catchment total that has any: every
// other suppressed cell of it is treated as published, as a build without secondary suppression
// would publish it. The catchment total then determines the remaining cell, and the attack must
// find it.
void expect_recovered_without_protection(const fs::path& out, const AttackResult& first) {
    ASSERT_FALSE(first.catchment_secrets.empty());
    const auto& group = first.catchment_secrets.front();
    const std::set<Cell> reveal(group.begin() + 1, group.end());
    const auto second = attack(out, reveal);
    EXPECT_NE(std::find(second.recovered.begin(), second.recovered.end(), group.front()), second.recovered.end())
        << "the attack did not recover " << cells_text({group.front()}) << "; recovered: " << cells_text(second.recovered);
}

TEST_F(BuildDemo, NoSuppressedNumeratorCanBeRecovered) {
    ASSERT_EQ(s_run.exit_code, 0) << s_run.err;
    const auto r = attack(s_dir / "out");
    EXPECT_GT(r.checked, 0u) << "the demo should exercise disclosure control";
    EXPECT_TRUE(r.recovered.empty()) << "recovered: " << cells_text(r.recovered);
}

// The attack is able to fail: with the protecting suppressions of one published catchment total
// undone (every other suppressed cell of it treated as published, as a build without secondary
// suppression would), the remaining one is recovered.
TEST_F(BuildDemo, AttackRecoversACellWhenProtectionIsRemoved) {
    ASSERT_EQ(s_run.exit_code, 0) << s_run.err;
    expect_recovered_without_protection(s_dir / "out", attack(s_dir / "out"));
}

// Issue 14 (privacy across outputs): the follow-up of listed patients (uppfoljning.json) is
// published beside the area profiles. Its cells (VC × indicator × period counts of listed
// patients) are not sums of the area cells (DeSO counts of residents from other sources), so the
// two systems share no equation; the attack here is on the follow-up with everything one build
// publishes about it: every VC's published numerator and denominator, and the county's, for every
// period (the county's interval gives its denominator where only the value is printed). Besides,
// index.html and the pilots' profil.html may show nothing of a cell that uppfoljning.json
// suppresses.
struct FollowupAttack {
    std::size_t checked = 0;
    std::vector<std::string> recovered;  // "indicator/period/VC/x|n"
};

FollowupAttack attack_followup(const json& f, const std::set<std::string>& reveal = {}) {
    FollowupAttack out;
    for (const auto& ind : f["indikatorer"]) {
        std::map<std::string, std::vector<std::string>> secret;  // period → suppressed VCs
        for (const auto& v : ind["vardcentraler"]) {
            for (const auto& p : v["serie"]) {
                if (p["status"] != "undertryckt") continue;
                EXPECT_TRUE(p["taljare"].is_null() && p["namnare"].is_null() && p["varde"].is_null()) << p.dump();
                const std::string key = ind["id"].get<std::string>() + "/" + p["period"].get<std::string>() + "/" +
                                        v["vardcentral"].get<std::string>();
                if (!reveal.count(key)) secret[p["period"]].push_back(v["vardcentral"]);
            }
            // A change is never computed from a suppressed period.
            if (v["forandring_skillnad"]["status"] == "undertryckt") {
                EXPECT_TRUE(v["forandring_skillnad"]["varde"].is_null());
            }
        }
        for (const auto& [period, vcs] : secret) {
            // Unknowns: each suppressed VC's numerator and denominator; equations: the county's.
            const std::size_t n = vcs.size();
            RowSpace x(n), d(n);
            x.add(std::vector<double>(n, 1.0));
            d.add(std::vector<double>(n, 1.0));
            for (std::size_t i = 0; i < n; ++i) {
                out.checked += 2;
                const std::string key = ind["id"].get<std::string>() + "/" + period + "/" + vcs[i];
                if (x.determines(i)) out.recovered.push_back(key + "|x");
                if (d.determines(i)) out.recovered.push_back(key + "|n");
            }
        }
    }
    return out;
}

TEST_F(BuildDemo, FollowupBesideTheProfilesRevealsNoSuppressedCell) {
    ASSERT_EQ(s_run.exit_code, 0) << s_run.err;
    const json f = read_json(s_dir / "out" / "uppfoljning" / "uppfoljning.json");
    const auto a = attack_followup(f);
    EXPECT_GT(a.checked, 0u) << "the demo follow-up should have suppressed cells";
    EXPECT_TRUE(a.recovered.empty()) << a.recovered.front();

    // The attack can succeed: publish all but one suppressed VC of one indicator and period.
    std::set<std::string> reveal;
    std::string kept;
    for (const auto& ind : f["indikatorer"]) {
        for (const auto& v : ind["vardcentraler"]) {
            const auto& p = v["serie"].back();
            if (p["status"] != "undertryckt") continue;
            const std::string key = ind["id"].get<std::string>() + "/" + p["period"].get<std::string>() + "/" + v["vardcentral"].get<std::string>();
            if (kept.empty()) {
                kept = key;
            } else if (key.rfind(kept.substr(0, kept.rfind('/')), 0) == 0) {
                reveal.insert(key);
            }
        }
        if (!kept.empty()) break;
    }
    ASSERT_FALSE(kept.empty());
    const auto b = attack_followup(f, reveal);
    EXPECT_NE(std::find(b.recovered.begin(), b.recovered.end(), kept + "|x"), b.recovered.end()) << kept;

    // index.html's follow-up table (every VC, indicators with a target): a cell whose latest
    // period is suppressed shows the word, never a number.
    const std::string index = read_file(s_dir / "out" / "index.html");
    const auto table = index.substr(index.find("<table class=\"uppf\">"));
    std::vector<const json*> with_target;
    for (const auto& ind : f["indikatorer"]) {
        if (ind.contains("malvarde") && !ind["malvarde"].is_null()) with_target.push_back(&ind);
    }
    std::size_t suppressed_cells = 0;
    for (std::size_t k = 0; k < with_target.size(); ++k) {
        for (const auto& v : (*with_target[k])["vardcentraler"]) {
            if (v["senaste"]["status"] != "undertryckt") continue;
            const std::string name = v["vardcentral"];
            const auto row = table.find("<tr><td>" + name + "<");
            ASSERT_NE(row, std::string::npos) << name;
            const std::string tr = table.substr(row, table.find("</tr>", row) - row);
            std::vector<std::string> cells;
            for (auto at = tr.find("<td"); at != std::string::npos; at = tr.find("<td", at + 1)) {
                cells.push_back(tr.substr(at, tr.find("</td>", at) - at));
            }
            ASSERT_EQ(cells.size(), with_target.size() + 1) << tr;
            const std::string& c = cells[k + 1];
            ++suppressed_cells;
            EXPECT_NE(c.find("undertryckt"), std::string::npos) << name << ": " << c;
            EXPECT_FALSE(std::regex_search(c, std::regex(">[^<]*[0-9]"))) << name << ": " << c;
        }
    }
    EXPECT_GT(suppressed_cells, 0u);
    // The pilots' "Inom vårdcentralen" shows the same suppression as uppfoljning.json.
    for (const auto& p : demo_pilots) {
        const std::string html = read_file(s_dir / "out" / p / "profil.html");
        const auto inside = html.substr(html.find("<section id=\"inom\">"));
        for (const auto& ind : f["indikatorer"]) {
            for (const auto& v : ind["vardcentraler"]) {
                const std::string vc = v["vardcentral"];
                if (vc != (p == "teleborg" ? "Teleborg" : "Tingsryd")) continue;
                const auto row = inside.find("<tr><td>" + ind["namn"].get<std::string>());
                ASSERT_NE(row, std::string::npos) << p << " " << ind["id"];
                const std::string tr = inside.substr(row, inside.find("</tr>", row) - row);
                EXPECT_EQ(tr.find("undertryckt") != std::string::npos, v["senaste"]["status"] == "undertryckt") << tr;
            }
        }
    }
}

// The sensitivity table (kanslighet_upptagning.csv) and index.html's närmaste-columns publish
// catchment sums of the population and of SCB's published DeSO values only (the medel
// statistics low_econ, unemp, higher_ed): no cell under disclosure control enters them, so they
// add no equation to the attack above whatever the method.
TEST_F(BuildDemo, SensitivityTableUsesOnlyPublishedDesoValues) {
    ASSERT_EQ(s_run.exit_code, 0) << s_run.err;
    for (const auto& p : demo_pilots) {
        const json j = read_json(s_dir / "out" / p / "profil.json");
        const json deso = read_json(s_dir / "out" / p / "geojson" / "deso.geojson");
        for (const char* id : {"low_econ", "unemp", "higher_ed"}) {
            bool found = false;
            for (const auto& ind : j["indikatorer"]) {
                if (ind["id"] != id) continue;
                found = true;
                EXPECT_EQ(ind["typ"], "medel") << id;  // a published value per DeSO, no counts
            }
            EXPECT_TRUE(found) << id;
            for (const auto& feat : deso["features"]) {
                EXPECT_NE(feat["properties"].value(std::string(id) + "_orsak", json()), "undertryckt") << id;
            }
        }
    }
}

// Overlapping, fractional catchments: the demo with catchments by listing, fractional
// (fraktionell = true): a DeSO belongs to several VCs with shares, the two pilots' catchments
// share DeSOs, and every published catchment total is a weighted sum. No suppressed cell may be
// recovered from both pilots' outputs together.
class BuildFractional : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        s_dir = scratch_dir("build_fractional");
        std::string text = read_file(kron("omrade.toml"));
        text = std::regex_replace(text, std::regex("= \"([a-z0-9_]+\\.(csv|gpkg|toml))"), "= \"" + kron("") + "$1");
        text = std::regex_replace(text, std::regex("\\[upptagning\\]\nmetod = \"tabell\"\nkalla = [^\n]*\n"),
                                  "[upptagning]\nmetod = \"listning\"\nkalla = \"" + kron("demo_listning_deso.csv") +
                                      "\"\nfraktionell = true\n");
        std::ofstream(s_dir / "omrade.toml") << text;
        s_run = run_omrade({"build", "--no-progress", "--config", (s_dir / "omrade.toml").string(), "--out", (s_dir / "out").string()});
    }
    static fs::path s_dir;
    static RunResult s_run;
};
fs::path BuildFractional::s_dir;
RunResult BuildFractional::s_run;

TEST_F(BuildFractional, NoSuppressedNumeratorCanBeRecoveredFromOverlappingCatchments) {
    ASSERT_EQ(s_run.exit_code, 0) << s_run.err;
    const json t = read_json(s_dir / "out" / "teleborg" / "profil.json");
    EXPECT_EQ(t["proveniens"]["upptagningsmetod"], "listning");
    // Fractional and overlapping: shares below 1, and DeSOs in both pilots' catchments.
    std::map<std::string, std::set<std::string>> members;
    bool fractional = false;
    for (const auto& p : demo_pilots) {
        const json j = read_json(s_dir / "out" / p / "profil.json");
        for (const auto& d : j["indikatorer"][0]["kon"][0]["deso"]) {
            members[p].insert(d["desokod"].get<std::string>());
            fractional = fractional || d["andel_i_omradet"].get<double>() < 1.0;
        }
    }
    EXPECT_TRUE(fractional);
    std::vector<std::string> shared;
    std::set_intersection(members["teleborg"].begin(), members["teleborg"].end(), members["tingsryd"].begin(),
                          members["tingsryd"].end(), std::back_inserter(shared));
    EXPECT_FALSE(shared.empty()) << "the catchments should overlap";
    const auto r = attack(s_dir / "out");
    EXPECT_GT(r.checked, 0u);
    EXPECT_TRUE(r.recovered.empty()) << "recovered: " << cells_text(r.recovered);
    // And the attack can succeed here too once a catchment's protection is undone.
    expect_recovered_without_protection(s_dir / "out", r);
}

// The sensitivity table (kanslighet_upptagning.csv) publishes, per catchment method, means of
// DeSO values that SCB itself publishes (no counts under disclosure control): nothing it shows can
// reveal a suppressed cell. Checked on its premise: every figure's DeSO values are published in
// the profile (none suppressed), under the table method and the fractional listing alike.
TEST_F(BuildFractional, SensitivityTableRestsOnlyOnPublishedValues) {
    ASSERT_EQ(s_run.exit_code, 0) << s_run.err;
    std::size_t figures = 0;
    {
        const fs::path out = s_dir / "out";
        for (const auto& p : demo_pilots) {
            const std::string csv = read_file(out / p / "kanslighet_upptagning.csv");
            EXPECT_NE(csv.find("listning (fraktionell)"), std::string::npos) << csv;
            const json j = read_json(out / p / "profil.json");
            for (const auto& ind : j["indikatorer"]) {
                const std::string id = ind["id"];
                if (id != "low_econ" && id != "unemp" && id != "higher_ed") continue;
                ++figures;
                EXPECT_NE(ind["typ"], "andel") << id << " is a published mean, not counts";
                for (const auto& s : ind["kon"]) {
                    for (const auto& d : s["deso"]) EXPECT_NE(d["status"], "undertryckt") << id << " " << d.dump();
                }
            }
        }
    }
    EXPECT_EQ(figures, 3u * demo_pilots.size()) << "every figure of the sensitivity table is an indicator of the profile";
}

// Issue 15: a report is mailed, so it names input files and their checksums, never the build
// machine's folders, also for inputs outside the config file's folder (absolute paths here).
TEST(Build, ReportsNameFilesNotLocalPaths) {
    const auto dir = scratch_dir("build_no_paths");
    const auto r = run_omrade({"build", "--no-progress", "--pilot", "tingsryd", "--config", write_config(dir), "--out", (dir / "out").string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    for (const fs::path& page : {dir / "out" / "tingsryd" / "profil.html", dir / "out" / "index.html"}) {
        const std::string html = read_file(page);
        EXPECT_NE(html.find("scb_deso2025_indikatorer.csv"), std::string::npos) << page;
        EXPECT_EQ(html.find(kronoberg_dir), std::string::npos) << page;
        EXPECT_EQ(html.find(dir.string()), std::string::npos) << page;
    }
}

TEST(Build, SwedishCsvFormat) {
    const auto dir = scratch_dir("build_csv_sv");
    const auto r = run_omrade({"build", "--no-progress", "--pilot", "tingsryd", "--csv-format", "sv", "--out", (dir / "out").string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string csv = read_file(dir / "out" / "tingsryd" / "profil.csv");
    EXPECT_EQ(csv.rfind("\xEF\xBB\xBF" "indikator;namn;doman;", 0), 0u) << csv.substr(0, 80);
    // A decimal comma in the diabetes row (a per cent with decimals), no decimal point.
    const auto row = csv.find("\ndiabetes;");
    ASSERT_NE(row, std::string::npos);
    const std::string line = csv.substr(row + 1, csv.find('\n', row + 1) - row - 1);
    EXPECT_TRUE(std::regex_search(line, std::regex(";[0-9]+,[0-9]+;"))) << line;
    EXPECT_FALSE(std::regex_search(line, std::regex("[0-9]\\.[0-9]"))) << line;
    // The sensitivity table follows the same format.
    const std::string sens = read_file(dir / "out" / "tingsryd" / "kanslighet_upptagning.csv");
    EXPECT_NE(sens.find("metod;kalla;byggets_metod;"), std::string::npos) << sens.substr(0, 80);
    EXPECT_TRUE(std::regex_search(sens, std::regex(";[0-9]+,[0-9]+;"))) << sens;
    EXPECT_EQ(run_omrade({"build", "--csv-format", "xx", "--out", (dir / "x").string()}).exit_code, 2);
}

TEST(Build, BadCatalogueNamesFileLineAndKey) {
    const auto dir = scratch_dir("build_bad_catalogue");
    const std::string head = "[[indikator]]\nid = \"x\"\nnamn = \"X\"\nenhet = \"%\"\n";
    const std::string tail = "beskrivning = \"B\"\ndatakalla = \"T\"\n";
    const std::vector<std::pair<std::string, std::vector<std::string>>> cases = {
        {head + "typ = \"procent\"\npolaritet = \"neutral\"\ndoman = \"D\"\n" + tail, {"rad 5", "'indikator.x.typ'", "procent"}},
        {head + "typ = \"andel\"\npolaritet = \"neutral\"\ndoman = \"D\"\nkalla = \"finns_inte\"\n" + tail,
         {"rad 1", "'indikator.x.kalla'", "finns_inte"}},
        {head + "typ = \"andel\"\npolaritet = \"neutral\"\ndoman = \"D\"\nkalla = \"low_econ\"\n" + tail,
         {"'indikator.x.typ'", "täljare och nämnare"}},
    };
    for (const auto& [text, pieces] : cases) {
        std::ofstream(dir / "katalog.toml") << text;
        const auto cfg = write_config(dir, {{"indikatorer", "[indikatorer]\nkatalog = \"" + (dir / "katalog.toml").string() + "\"\n"}});
        const auto r = run_omrade({"build", "--no-progress", "--config", cfg, "--out", (dir / "out").string()});
        EXPECT_EQ(r.exit_code, 1) << r.err;
        EXPECT_NE(r.err.find("katalog.toml"), std::string::npos) << r.err;
        for (const auto& p : pieces) EXPECT_NE(r.err.find(p), std::string::npos) << "'" << p << "' not in: " << r.err;
        EXPECT_FALSE(fs::exists(dir / "out"));
    }
}

TEST_F(BuildDemo, FollowUpOfListedPatientsIsWrittenAndAccountedFor) {
    ASSERT_EQ(s_run.exit_code, 0) << s_run.err;
    const fs::path dir = s_dir / "out" / "uppfoljning";
    for (const char* f : {"uppfoljning.html", "uppfoljning.csv", "uppfoljning.json"}) EXPECT_TRUE(fs::exists(dir / f)) << f;
    const json rep = read_json(s_dir / "out" / "byggrapport.json")["uppfoljning"];
    EXPECT_EQ(rep["rader_lasta"].get<int>(), rep["rader_med_antal"].get<int>() + rep["rader_bara_varde"].get<int>() +
                                                 rep["rader_ingen_data"].get<int>());
    EXPECT_EQ(rep["rader_lasta"].get<int>(), 864);  // the demo table (generera_demo_vardcentral.py)
    EXPECT_EQ(rep["rader_ingen_data"].get<int>(), 35);
    const json f = read_json(dir / "uppfoljning.json");
    EXPECT_EQ(f["markning"], "SYNTETISKA DEMODATA – inte verkliga hälsodata");
    ASSERT_EQ(f["indikatorer"].size(), 7u);
    std::size_t suppressed = 0;
    for (const auto& ind : f["indikatorer"]) {
        EXPECT_EQ(ind["vardcentraler"].size(), 32u) << ind["id"];  // every vårdcentral of the register
        for (const auto& u : ind["vardcentraler"]) {
            if (u["senaste"]["status"] != "undertryckt") continue;
            ++suppressed;
            EXPECT_TRUE(u["senaste"]["varde"].is_null());
            EXPECT_TRUE(u["senaste"]["taljare"].is_null());
            EXPECT_EQ(u["tratt"], "");
            EXPECT_EQ(u["malniva"], "");
        }
    }
    EXPECT_GT(suppressed, 0u) << "the demo should exercise disclosure control in the follow-up";
    // Tertials: the assessment within three days has nine periods and a trend for some units.
    const json& b = f["indikatorer"][0];
    EXPECT_EQ(b["id"], "vc_bedomning_3d");
    EXPECT_EQ(b["perioder"].size(), 9u);
    EXPECT_EQ(b["antal_per_niva"].size(), 3u);
    const std::string csv = read_file(dir / "uppfoljning.csv");
    EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 1 + 7 * 32);
    for (const std::string p : {"teleborg", "tingsryd"}) {
        const std::string html = read_file(s_dir / "out" / p / "profil.html");
        EXPECT_NE(html.find("Inom vårdcentralen"), std::string::npos) << p;
        EXPECT_NE(html.find("../uppfoljning/uppfoljning.html"), std::string::npos) << p;
    }
    EXPECT_NE(read_file(s_dir / "out" / "index.html").find("uppfoljning/uppfoljning.html"), std::string::npos);
}

TEST(Build, FollowUpWithAnUnknownVardcentralNamesFileLineAndName) {
    const auto dir = scratch_dir("build_followup_unknown");
    std::ofstream(dir / "katalog.toml") << "[[indikator]]\nid = \"low_econ\"\nnamn = \"Låg\"\nenhet = \"%\"\ntyp = \"medel\"\n"
                                           "polaritet = \"lag_bra\"\ndoman = \"D\"\nbeskrivning = \"B\"\ndatakalla = \"T\"\n\n"
                                           "[[indikator]]\nid = \"vc_x\"\nniva = \"vardcentral\"\nnamn = \"X\"\n"
                                           "definition = \"D\"\ndatakalla = \"K\"\ntyp = \"andel\"\npolaritet = \"hog_bra\"\n";
    std::ofstream(dir / "vc.csv") << "vardcentral;indikator;period;taljare;namnare\nTeleborg;vc_x;2025;10;100\n"
                                     "Telebor;vc_x;2025;10;100\n";
    const auto cfg = write_config(dir, {{"indikatorer", "[indikatorer]\nkatalog = \"" + (dir / "katalog.toml").string() + "\"\n"},
                                        {"uppfoljning", "[uppfoljning]\nkalla = \"" + (dir / "vc.csv").string() + "\"\n"}});
    const auto r = run_omrade({"build", "--no-progress", "--pilot", "tingsryd", "--config", cfg, "--out", (dir / "out").string()});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find("vc.csv: rad 3"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("'Telebor'"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(dir / "out"));
}

// ---- Reconciliation (issue 14): every sum of the build report adds up ----

namespace {

// Checks every equation of byggrapport.json's "avstamning" by adding its parts here (not
// trusting its own "stammer") and returns the equations by name.
std::map<std::string, json> checked_reconciliation(const json& report) {
    std::map<std::string, json> by_name;
    EXPECT_TRUE(report.contains("avstamning"));
    for (const auto& e : report["avstamning"]) {
        double sum = 0;
        for (const auto& t : e["delar"]) sum += t["varde"].get<double>();
        EXPECT_NEAR(sum, e["summa"].get<double>(), 1e-6 * std::max(1.0, e["summa"].get<double>())) << e.dump();
        EXPECT_TRUE(e["stammer"].get<bool>()) << e.dump();
        by_name[e["namn"].get<std::string>()] = e;
    }
    return by_name;
}

double part(const json& e, const std::string& name) {
    for (const auto& t : e["delar"]) {
        if (t["namn"] == name) return t["varde"].get<double>();
    }
    ADD_FAILURE() << "no part '" << name << "' in " << e.dump();
    return -1;
}

}  // namespace

TEST_F(BuildDemo, ReconciliationAddsUp) {
    ASSERT_EQ(s_run.exit_code, 0) << s_run.err;
    const json r = read_json(s_dir / "out" / "byggrapport.json");
    const auto eqs = checked_reconciliation(r);
    // Rows, population and every indicator's cells are there, and agree with the other sections.
    ASSERT_TRUE(eqs.count("befolkningsrader"));
    EXPECT_EQ(eqs.at("befolkningsrader")["summa"], 115 * 17);
    ASSERT_TRUE(eqs.count("befolkning i upptagningen"));
    EXPECT_EQ(eqs.at("befolkning i upptagningen")["summa"].get<double>(), r["upptagning"]["befolkning_in"].get<double>());
    ASSERT_TRUE(eqs.count("statistikrader demo_halsa.csv"));
    EXPECT_EQ(part(eqs.at("statistikrader demo_halsa.csv"), "tidigare år"), 37260 - 7590);
    for (const auto& ind : r["indikatorer"]) {
        const std::string id = ind["id"];
        if (ind["undertryckning"]["celler"].get<std::size_t>() == 0) continue;
        ASSERT_TRUE(eqs.count("celler " + id)) << id;
        EXPECT_EQ(eqs.at("celler " + id)["summa"], ind["undertryckning"]["celler"]);
        const auto& u = eqs.at("undertryckta celler " + id);
        EXPECT_EQ(part(u, "primärt"), ind["undertryckning"]["primar"].get<double>());
        EXPECT_EQ(part(u, "sekundärt"), ind["undertryckning"]["sekundar"].get<double>());
    }
    // diabetes: 115 DeSO × 3 (totalt, män, kvinnor), 3 + 3 suppressed (the report's own line).
    EXPECT_EQ(eqs.at("celler diabetes")["summa"], 345);
    EXPECT_EQ(part(eqs.at("celler diabetes"), "undertryckta"), 6);
    // influensavacc_65: 5 + 1 by the rules and one sex cell hidden with its DeSO's other cells.
    EXPECT_EQ(part(eqs.at("undertryckta celler influensavacc_65"), "följd av DeSO:ns andra celler"), 1);
    EXPECT_NE(read_file(s_dir / "out" / "byggrapport.txt").find("Avstämning (alla summor stämmer):"), std::string::npos);
}

// A small case whose sums are known by hand: 4 population rows (3 in Tingsryd's DeSOs 0763C1010
// and 0763C1020, 1 in Stockholm, outside the areas), 238 residents, all in Tingsryd's catchment.
TEST(Build, ReconciliationOfASmallCase) {
    const auto dir = scratch_dir("build_reconcile_small");
    std::ofstream(dir / "befolkning.csv") << "desokod,kommunkod,age_band,men,women,total\n"
                                             "0763C1010,0763,0-4,40,38,78\n0763C1010,0763,5-9,41,39,80\n"
                                             "0763C1020,0763,0-4,40,40,80\n0180C1010,0180,0-4,1,1,2\n";
    const auto cfg = write_config(dir, {{"befolkning", "[befolkning]\nkalla = \"" + (dir / "befolkning.csv").string() + "\"\n"},
                                        {"pilot", "[[pilot]]\nid = \"tingsryd\"\nvardcentral = \"Tingsryd\"\n"}});
    const auto r = run_omrade({"build", "--no-progress", "--config", cfg, "--out", (dir / "out").string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto eqs = checked_reconciliation(read_json(dir / "out" / "byggrapport.json"));
    const auto& rows = eqs.at("befolkningsrader");
    EXPECT_EQ(rows["summa"], 4);
    EXPECT_EQ(part(rows, "kopplade"), 3);
    EXPECT_EQ(part(rows, "utanför områdena"), 1);
    const auto& pop = eqs.at("befolkning i upptagningen");
    EXPECT_EQ(pop["summa"], 238);
    EXPECT_EQ(part(pop, "tilldelad"), 238);
    EXPECT_EQ(part(pop, "ej tilldelad"), 0);
    EXPECT_EQ(eqs.at("befolkningsfilen och upptagningen")["summa"], 238);
    // The wide SCB table: 115 DeSO × 14 value columns (not desokod, kommunkod), every one joined.
    const auto& scb = eqs.at("statistik scb_deso2025_indikatorer.csv");
    EXPECT_EQ(scb["summa"], 115 * 14);
    EXPECT_EQ(part(scb, "utanför områdena"), 0);
}

// Issue 15: VCs that share a register position share every DeSO under narmast. The report, the
// maps, the layers, the QGIS project and index.html say so where the figures are shown.
TEST(Build, SharedRegisterPositionIsStatedWhereFiguresAreShown) {
    const auto dir = scratch_dir("build_shared_position");
    // The demo's statistics and catalogue (the maps need indicators), with narmast.
    const std::string statistics =
        "[[statistik]]\nkalla = \"" + kron("scb_deso2025_indikatorer.csv") + "\"\nformat = \"bred\"\nar = 2024\n\n"
        "[[statistik]]\nkalla = \"" + kron("scb_deso2018_2022_antal.csv") + "\"\nformat = \"lang\"\nindelning = \"DeSO2018\"\n"
        "nyckel = \"" + kron("deso2018_deso2025_nyckel.csv") + "\"\n\n"
        "[[statistik]]\nkalla = \"" + kron("scb_deso2025_2024_antal.csv") + "\"\nformat = \"lang\"\n\n"
        "[[statistik]]\nkalla = \"" + kron("demo_halsa.csv") + "\"\nformat = \"lang\"\nsyntetisk = true\n\n"
        "[indikatorer]\nkatalog = \"" + kron("indikatorer.toml") + "\"\n";
    const auto cfg = write_config(dir, {{"statistik", statistics},
                                        {"upptagning", "[upptagning]\nmetod = \"narmast\"\n"},
                                        {"pilot", "[[pilot]]\nid = \"centrum\"\nvardcentral = \"Centrum\"\n\n"
                                                  "[[pilot]]\nid = \"dalbo\"\nvardcentral = \"Dalbo\"\n\n"
                                                  "[[pilot]]\nid = \"tingsryd\"\nvardcentral = \"Tingsryd\"\n"}});
    const auto r = run_omrade({"build", "--no-progress", "--config", cfg, "--out", (dir / "out").string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto count = [](const std::string& text, const std::string& what) {
        std::size_t n = 0;
        for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
        return n;
    };

    const std::string centrum = read_file(dir / "out" / "centrum" / "profil.html");
    EXPECT_NE(centrum.find("Centrum har samma upptagningsområde som Achima Care Växjö, Birka, Dalbo, Prima Vård "
                           "Söder och Skärvet: vårdcentralsregistret ger dem samma läge"),
              std::string::npos);
    EXPECT_NE(centrum.find("andelen 17\u00A0%"), std::string::npos);
    EXPECT_NE(centrum.find("varav 10 delade med andra vårdcentraler"), std::string::npos);
    EXPECT_NE(centrum.find("<th>Delas med</th>"), std::string::npos);
    EXPECT_EQ(count(centrum, "<td class=\"delas\">5 andra</td>"), 10u);
    // Every map draws the ten shared DeSOs with the dashed edge and explains it in the legend.
    const std::size_t maps = count(centrum, "<svg viewBox=\"0 0 710 440\" class=\"karta\"");
    ASSERT_GE(maps, 1u);
    EXPECT_GE(count(centrum, "class=\"delad\""), 10 * maps);
    EXPECT_EQ(count(centrum, "DeSO delad med annan vc"), maps);

    // Tingsryd shares nothing: none of it appears.
    const std::string tingsryd = read_file(dir / "out" / "tingsryd" / "profil.html");
    EXPECT_EQ(tingsryd.find("Delas med"), std::string::npos);
    EXPECT_EQ(tingsryd.find("class=\"delad\""), std::string::npos);
    EXPECT_EQ(tingsryd.find("class=\"delning\""), std::string::npos);

    const std::string index = read_file(dir / "out" / "index.html");
    EXPECT_NE(index.find("Samma upptagningsområde som Achima Care Växjö, Birka, Centrum, Prima Vård Söder och Skärvet"),
              std::string::npos);
    EXPECT_NE(index.find("<th>Anmärkning</th>"), std::string::npos);
    // Six Växjö clinics, two in Älmhult and two in Ljungby are registered at locality points.
    EXPECT_EQ(count(index, "<td class=\"anm\">samma läge i registret som"), 10u);

    // The layers carry the other VCs per DeSO; the QGIS project draws the shared DeSOs.
    GDALAllRegister();
    GDALDatasetH ds = GDALOpenEx((dir / "out" / "centrum" / "centrum.gpkg").string().c_str(), GDAL_OF_VECTOR, nullptr,
                                 nullptr, nullptr);
    ASSERT_NE(ds, nullptr);
    OGRLayerH sql = GDALDatasetExecuteSQL(ds, "SELECT delas_med FROM deso WHERE desokod = '0780C1170'", nullptr, nullptr);
    ASSERT_NE(sql, nullptr);
    OGRFeatureH f = OGR_L_GetNextFeature(sql);
    ASSERT_NE(f, nullptr);
    EXPECT_STREQ(OGR_F_GetFieldAsString(f, 0), "Achima Care Växjö 17 %, Birka 17 %, Dalbo 17 %, Prima Vård Söder 17 %, Skärvet 17 %");
    OGR_F_Destroy(f);
    GDALDatasetReleaseResultSet(ds, sql);
    GDALClose(ds);
    EXPECT_NE(read_file(dir / "out" / "centrum" / "centrum.qgs").find("Delade DeSO"), std::string::npos);
    EXPECT_EQ(read_file(dir / "out" / "tingsryd" / "tingsryd.qgs").find("Delade DeSO"), std::string::npos);
}
