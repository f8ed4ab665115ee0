// End-to-end tests of the command line itself: help and usage errors in Swedish, every option in
// --help documented in docs/ and every documented option real, and the embedded default found at
// run time relative to the binary (or OMRADE_DATA), never at a path fixed when it was compiled.
#include "e2e/run.hpp"
#include "test_config.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <regex>
#include <set>

namespace fs = std::filesystem;
using namespace omrade::test;

namespace {

const std::vector<std::string> subcommands = {"aggregate-points", "allocate", "build", "catchments",
                                              "check", "interpolate", "stats"};
// Flags every subcommand takes; documented once, in the user guide (docs/kom-igang.md).
const std::set<std::string> global_flags = {"--help", "--version", "--progress", "--no-progress"};

std::set<std::string> long_options(const std::string& text) {
    std::set<std::string> out;
    const std::regex option(R"((^|[^A-Za-z0-9_-])(--[a-z][a-z0-9-]*))");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), option); it != std::sregex_iterator(); ++it)
        out.insert((*it)[2].str());
    return out;
}

std::string doc(const std::string& name) { return read_file(fs::path(source_dir) / "docs" / name); }

// English words CLI11 writes unless told otherwise.
const std::vector<std::string> english = {"Usage", "Options", "OPTIONS", "REQUIRED", "Positionals",
                                          "Subcommands", "Print this help", "Display program version",
                                          "is required", "Could not convert", "Run with --help",
                                          "not expected", "not in {"};

}  // namespace

TEST(SwedishCli, HelpOfEveryCommandIsSwedish) {
    std::vector<std::vector<std::string>> calls = {{"--help"}};
    for (const auto& c : subcommands) calls.push_back({c, "--help"});
    for (const auto& args : calls) {
        const auto r = run_omrade(args);
        EXPECT_EQ(r.exit_code, 0) << args[0];
        EXPECT_NE(r.out.find("Användning:"), std::string::npos) << args[0] << "\n" << r.out;
        EXPECT_NE(r.out.find("Flaggor:"), std::string::npos) << args[0];
        for (const auto& w : english) EXPECT_EQ(r.out.find(w), std::string::npos) << args[0] << ": '" << w << "'\n" << r.out;
    }
    // The global flags are in each subcommand's help, and work after it.
    EXPECT_NE(run_omrade({"build", "--help"}).out.find("--progress"), std::string::npos);
    EXPECT_EQ(run_omrade({"check", "--no-progress", "--json"}).exit_code, 0);
}

TEST(SwedishCli, UsageErrorsAreSwedishAndExitTwo) {
    struct Case {
        std::vector<std::string> args;
        std::string message;
    };
    const fs::path csv = scratch_dir("cli_usage") / "in.csv";
    std::ofstream(csv) << "numerator,denominator\n5,100\n";
    const std::vector<Case> cases = {
        {{}, "ange ett underkommando: aggregate-points, allocate, build"},
        {{"buidl"}, "okänt underkommando 'buidl'"},
        {{"stats", "proportion", "--input", csv.string(), "--confidence", "abc"}, "--confidence: 'abc' är inte ett tal"},
        {{"stats"}, "argumentet method krävs"},
        {{"stats", "proportion"}, "--input krävs"},
        {{"build", "--csv-format", "xx"}, "--csv-format: 'xx' är inte ett av"},
        {{"build", "--out"}, "--out: värde saknas"},
        {{"check", "--lang", "en"}, "oväntat argument: "},
        {{"build", "--lang", "sv"}, "--lang"},
    };
    for (const auto& c : cases) {
        const auto r = run_omrade(c.args);
        const std::string what = c.args.empty() ? "(inga argument)" : c.args[0] + " …";
        EXPECT_EQ(r.exit_code, 2) << what << "\n" << r.err;
        EXPECT_NE(r.err.find(c.message), std::string::npos) << what << "\n" << r.err;
        EXPECT_NE(r.err.find("för hjälp"), std::string::npos) << what;
        for (const auto& w : english) EXPECT_EQ(r.err.find(w), std::string::npos) << what << ": '" << w << "'\n" << r.err;
    }
}

TEST(SwedishCli, EveryOptionIsDocumentedAndEveryDocumentedOptionExists) {
    std::set<std::string> all = global_flags;
    for (const auto& c : subcommands) {
        const auto help = run_omrade({c, "--help"});
        ASSERT_EQ(help.exit_code, 0) << c;
        const auto in_help = long_options(help.out);
        const std::string page = "omrade-" + c + ".md";
        const auto in_doc = long_options(doc(page));
        for (const auto& o : in_help) {
            all.insert(o);
            if (global_flags.count(o)) continue;
            EXPECT_TRUE(in_doc.count(o)) << "docs/" << page << " nämner inte " << o << " (omrade " << c << " --help har den)";
        }
    }
    const auto guide = long_options(doc("kom-igang.md"));
    for (const auto& g : {"--progress", "--no-progress"}) EXPECT_TRUE(guide.count(g)) << "docs/kom-igang.md nämner inte " << g;
    // The pages of the commands and the user guide name no option that no command has.
    for (const auto& entry : fs::directory_iterator(fs::path(source_dir) / "docs")) {
        const std::string name = entry.path().filename().string();
        if (name.rfind("omrade-", 0) != 0 && name != "kom-igang.md") continue;
        for (const auto& o : long_options(read_file(entry.path())))
            EXPECT_TRUE(all.count(o)) << "docs/" << name << " nämner " << o << ", som inget underkommando har";
    }
}

namespace {

// A copy of the binary at `to` (a hard link where the file system allows, else a copy).
void place_binary(const fs::path& to) {
    fs::create_directories(to.parent_path());
    std::error_code ec;
    fs::create_hard_link(omrade_binary, to, ec);
    if (ec) fs::copy_file(omrade_binary, to, fs::copy_options::overwrite_existing);
}

void copy_kronoberg(const fs::path& to) {
    fs::create_directories(to);
    fs::copy(kronoberg_dir, to, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
}

// The copy's omrade.toml, with the first pilot's vårdcentral renamed so that `check` fails in a
// way that names this file.
void break_first_pilot(const fs::path& toml) {
    std::string text = read_file(toml);
    const auto at = text.find("vardcentral = \"");
    ASSERT_NE(at, std::string::npos);
    const auto end = text.find('"', at + 15);
    text.replace(at + 15, end - at - 15, "Finns Inte I Kopian");
    std::ofstream(toml) << text;
}

struct EnvVar {
    EnvVar(const char* name, const std::string& value) : m_name(name) { setenv(name, value.c_str(), 1); }
    ~EnvVar() { unsetenv(m_name); }
    const char* m_name;
};

}  // namespace

TEST(EmbeddedDefault, ACopiedProjectUsesItsOwnCopy) {
    const fs::path copy = scratch_dir("cli_copy");
    place_binary(copy / "build" / "tools" / "omrade");
    copy_kronoberg(copy / "shapefiles" / "kronoberg");
    const fs::path toml = copy / "shapefiles" / "kronoberg" / "omrade.toml";
    const auto help = run_program(copy / "build" / "tools" / "omrade", {"build", "--help"});
    EXPECT_NE(help.out.find(fs::canonical(toml).string()), std::string::npos) << help.out;
    EXPECT_EQ(run_program(copy / "build" / "tools" / "omrade", {"check"}).exit_code, 0);
    break_first_pilot(toml);
    const auto r = run_program(copy / "build" / "tools" / "omrade", {"check"});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find("Finns Inte I Kopian"), std::string::npos) << r.err;
}

TEST(EmbeddedDefault, InstallPrefixAndOmradeDataAndNowhere) {
    // Outside the source tree, so that no folder above holds shapefiles/kronoberg.
    const fs::path base = fs::temp_directory_path() / ("omrade_cli_" + std::to_string(getpid()));
    fs::remove_all(base);
    place_binary(base / "prefix" / "bin" / "omrade");
    copy_kronoberg(base / "prefix" / "share" / "omrade" / "kronoberg");
    const auto installed = run_program(base / "prefix" / "bin" / "omrade", {"check", "--help"});
    EXPECT_NE(installed.out.find("share/omrade/kronoberg/omrade.toml, installerad med programmet"), std::string::npos)
        << installed.out;

    place_binary(base / "lone" / "omrade");
    const auto nowhere = run_program(base / "lone" / "omrade", {"check"});
    EXPECT_EQ(nowhere.exit_code, 1);
    EXPECT_NE(nowhere.err.find("hittar inte de inbyggda Kronobergsdata"), std::string::npos) << nowhere.err;
    EXPECT_NE(nowhere.err.find("OMRADE_DATA"), std::string::npos) << nowhere.err;
    // --config needs no default.
    EXPECT_EQ(run_program(base / "lone" / "omrade", {"check", "--config", std::string(kronoberg_dir) + "/omrade.toml"}).exit_code, 0);
    {
        copy_kronoberg(base / "egen");
        break_first_pilot(base / "egen" / "omrade.toml");
        EnvVar data("OMRADE_DATA", (base / "egen").string());
        const auto r = run_program(base / "lone" / "omrade", {"check"});
        EXPECT_EQ(r.exit_code, 1);
        EXPECT_NE(r.err.find("Finns Inte I Kopian"), std::string::npos) << r.err;
        EXPECT_NE(run_program(base / "lone" / "omrade", {"build", "--help"}).out.find("OMRADE_DATA"), std::string::npos);
    }
    {
        EnvVar data("OMRADE_DATA", (base / "finns_inte").string());
        const auto r = run_program(base / "lone" / "omrade", {"check"});
        EXPECT_EQ(r.exit_code, 1);
        EXPECT_NE(r.err.find("OMRADE_DATA=" + (base / "finns_inte").string()), std::string::npos) << r.err;
    }
    fs::remove_all(base);
}
