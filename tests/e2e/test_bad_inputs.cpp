// The bad-input corpus (tests/data/bad/, written by generera.py there): every case is a build
// (or check) of the demo configuration with one part replaced by a faulty file. Each must exit 1
// with one message holding the case's fragments (file, line or feature, DeSO code, field) and
// write no output folder, nor leave a temporary one behind.
#include "e2e/run.hpp"
#include "test_config.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

namespace fs = std::filesystem;
using namespace omrade::test;

namespace {

const fs::path corpus = fs::path(data_dir) / "bad";

struct Case {
    std::string name;
    std::string command = "build";
    std::vector<std::string> args;
    std::vector<std::string> expect;
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

std::vector<Case> load_cases() {
    std::vector<Case> cases;
    for (const auto& e : fs::directory_iterator(corpus)) {
        if (!e.is_directory()) continue;
        Case c;
        c.name = e.path().filename().string();
        std::ifstream in(e.path() / "fall.txt");
        std::string line;
        while (std::getline(in, line)) {
            const auto space = line.find(' ');
            const std::string key = line.substr(0, space);
            const std::string value = space == std::string::npos ? "" : line.substr(space + 1);
            if (key == "kommando") c.command = value;
            else if (key == "argument") c.args.push_back(value);
            else if (key == "forvantat") c.expect.push_back(value);
        }
        cases.push_back(std::move(c));
    }
    std::sort(cases.begin(), cases.end(), [](const Case& a, const Case& b) { return a.name < b.name; });
    return cases;
}

std::string substitute(std::string text, const fs::path& case_dir) {
    text = std::regex_replace(text, std::regex("@FALL@"), case_dir.string());
    return std::regex_replace(text, std::regex("@DEMO@"), std::string(kronoberg_dir));
}

// The demo configuration without the indicator catalogue and with one pilot (fast), absolute
// paths; the case's <part>.toml files replace parts, extra.toml is appended.
std::string write_config(const fs::path& dir, const fs::path& case_dir) {
    std::map<std::string, std::string> parts = {
        {"omraden", "[omraden]\nkalla = \"" + kron("deso2025_kronoberg.gpkg") + "|layername=deso\"\n"},
        {"kommuner", "[kommuner]\nkalla = \"" + kron("deso2025_kronoberg.gpkg") + "|layername=kommun\"\n"},
        {"befolkning", "[befolkning]\nkalla = \"" + kron("scb_deso2025_befolkning_alder_kon.csv") + "\"\n"},
        {"statistik", "[[statistik]]\nkalla = \"" + kron("scb_deso2025_indikatorer.csv") + "\"\nformat = \"bred\"\nar = 2024\n"},
        {"vardcentraler", "[vardcentraler]\nkalla = \"" + kron("vardcentraler.csv") + "\"\n"},
        {"upptagning", "[upptagning]\nmetod = \"tabell\"\nkalla = \"" + kron("demo_omradesansvar.csv") + "\"\n"},
        {"indikatorer", ""},
        {"pilot", "[[pilot]]\nid = \"tingsryd\"\nvardcentral = \"Tingsryd\"\n"},
    };
    for (auto& [part, text] : parts) {
        const fs::path f = case_dir / (part + ".toml");
        if (fs::exists(f)) text = substitute(read_file(f), case_dir);
    }
    const fs::path file = dir / "omrade.toml";
    std::ofstream out(file, std::ios::binary);
    for (const auto& [part, text] : parts) out << text << "\n";
    if (fs::exists(case_dir / "extra.toml")) out << substitute(read_file(case_dir / "extra.toml"), case_dir);
    return file.string();
}

class BadInput : public ::testing::TestWithParam<Case> {};

}  // namespace

TEST(BadInputCorpus, HasAtLeastSixtyCasesAcrossEveryReader) {
    const auto cases = load_cases();
    EXPECT_GE(cases.size(), 60u);
    std::map<std::string, std::size_t> per_reader;
    for (const auto& c : cases) {
        ++per_reader[c.name.substr(0, c.name.find('_'))];
        EXPECT_FALSE(c.expect.empty()) << c.name << " expects no message fragment";
    }
    for (const std::string reader : {"omraden", "befolkning", "statistik", "jsonstat", "vardcentraler", "upptagning",
                                     "listning", "konfig", "katalog", "kontroll"}) {
        EXPECT_GE(per_reader[reader], 3u) << reader;
    }
}

TEST_P(BadInput, ExitsOneWithAClearMessageAndWritesNothing) {
    const Case& c = GetParam();
    const fs::path dir = scratch_dir("bad_corpus");
    const std::string config = write_config(dir, corpus / c.name);
    std::vector<std::string> args = {c.command, "--no-progress", "--config", config};
    if (c.command == "build") args.insert(args.end(), {"--out", (dir / "out").string()});
    args.insert(args.end(), c.args.begin(), c.args.end());
    const auto r = run_omrade(args, dir);
    EXPECT_EQ(r.exit_code, 1) << r.err;
    for (const auto& f : c.expect) EXPECT_NE(r.err.find(f), std::string::npos) << "'" << f << "' not in: " << r.err;
    // One message, not a cascade, and never a crash report or a raw library error.
    EXPECT_EQ(r.err.find("filesystem error"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("terminate called"), std::string::npos) << r.err;
    EXPECT_LT(r.err.size(), 2000u) << r.err;
    EXPECT_FALSE(fs::exists(dir / "out")) << "an output folder was written";
    for (const auto& e : fs::directory_iterator(dir)) {
        EXPECT_NE(e.path().filename().string().rfind(".out.", 0), 0u) << "left behind: " << e.path();
    }
}

INSTANTIATE_TEST_SUITE_P(Corpus, BadInput, ::testing::ValuesIn(load_cases()),
                         [](const auto& p) { return p.param.name; });
