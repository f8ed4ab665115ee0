// The indicator catalogue: parsing, defaults, validation errors, and the demo catalogue's coverage.
#include "geo/error.hpp"
#include "profiles/engine/indicators.hpp"
#include "profiles/input/config.hpp"
#include "profiles/input/table.hpp"
#include "test_config.hpp"

#include <gtest/gtest.h>

#include <tuple>

#include <filesystem>
#include <fstream>
#include <set>

using namespace omrade;
using namespace omrade::profiles;

namespace {

const std::string minimal = R"(
[standardbefolkning.std]
namn = "Test"
[standardbefolkning.std.vikter]
0-4 = 10
5-9 = 30

[[indikator]]
id = "a"
namn = "A"
enhet = "%"
typ = "andel"
polaritet = "lag_bra"
doman = "D"
beskrivning = "Testindikator."
datakalla = "Test"

[[indikator]]
id = "b"
namn = "B"
enhet = "per 100 000"
typ = "dsr"
polaritet = "hog_bra"
doman = "D"
kalla = "b_stat"
standardbefolkning = "std"
syntetisk = true
beskrivning = "Testindikator."
datakalla = "Test"
[indikator.jamforelse]
metod = "ki998"
niva = "riket"
[indikator.malvarde]
varde = 80
riktning = "hogst"
[indikator.roj]
min_taljare = 10
)";

// Parses `text` and returns the DataError's message ("" if none was thrown).
std::string error_of(const std::string& text) {
    try {
        parse_catalogue(text, "katalog.toml");
    } catch (const DataError& e) {
        return e.what();
    }
    return "";
}

std::string with_b(const std::string& extra) {
    return "[[indikator]]\nid = \"b\"\nnamn = \"B\"\nenhet = \"%\"\ntyp = \"andel\"\npolaritet = \"neutral\"\ndoman = \"D\"\nbeskrivning = \"B\"\ndatakalla = \"T\"\n" + extra;
}

}  // namespace

TEST(Catalogue, ParsesFieldsDefaultsAndOrder) {
    // niva = "riket" needs a benchmark: add one to the minimal catalogue.
    std::string text = minimal;
    text.insert(text.find("[indikator.jamforelse]"), "benchmark = 250\n");
    const Catalogue c = parse_catalogue(text, "k.toml");
    ASSERT_EQ(c.indicators.size(), 2u);
    const Indicator& a = c.indicators[0];
    EXPECT_EQ(a.id, "a");
    EXPECT_EQ(a.type, IndicatorType::proportion);
    EXPECT_EQ(a.multiplier, 100.0);  // andel default: per cent
    EXPECT_EQ(a.source, "a");        // kalla defaults to the id
    EXPECT_EQ(a.polarity, Polarity::low_is_good);
    EXPECT_EQ(a.comparison_confidence, 0.95);
    EXPECT_FALSE(a.target);
    const Indicator& b = c.indicators[1];
    EXPECT_EQ(b.multiplier, 100000.0);
    EXPECT_EQ(b.source, "b_stat");
    EXPECT_EQ(b.comparison_confidence, 0.998);
    EXPECT_EQ(b.comparison_level, "riket");
    EXPECT_EQ(*b.benchmark, 250.0);
    ASSERT_TRUE(b.target);
    EXPECT_EQ(b.target->value, 80.0);
    EXPECT_FALSE(b.target->at_least);
    EXPECT_EQ(*b.min_numerator, 10.0);
    EXPECT_FALSE(b.min_denominator);
    EXPECT_TRUE(b.synthetic);
    EXPECT_EQ(c.standards.at("std").weights.at("5-9"), 30.0);
    EXPECT_EQ(c.find("b"), &c.indicators[1]);
    EXPECT_EQ(c.find("x"), nullptr);
    EXPECT_EQ(c.deprivation, "low_econ");
}

// One indicator x of a type and unit, with extra keys; the unit is on line 4.
std::string one(const std::string& type, const std::string& unit, const std::string& extra) {
    return "[[indikator]]\nid = \"x\"\nnamn = \"X\"\nenhet = \"" + unit + "\"\ntyp = \"" + type +
           "\"\npolaritet = \"neutral\"\ndoman = \"D\"\n" + extra +
           "[standardbefolkning.std]\nnamn = \"S\"\n[standardbefolkning.std.vikter]\n0-4 = 1\n";
}
const std::string both = "beskrivning = \"B\"\ndatakalla = \"T\"\n";

TEST(Catalogue, UnitsThatFitTheirTypeAreAccepted) {
    for (const auto& [type, unit, extra] : std::vector<std::tuple<std::string, std::string, std::string>>{
             {"andel", "%", ""}, {"andel", "per 1 000", "multiplikator = 1000\n"}, {"kvot", "per 100 000", ""},
             {"kvot", "per 100000", ""}, {"dsr", "per 100 000", "standardbefolkning = \"std\"\n"},
             {"antal", "personer", "befolkning = true\n"}, {"antal", "hushåll", ""}, {"medel", "tkr", ""}, {"medel", "%", ""}}) {
        EXPECT_EQ(error_of(one(type, unit, both + extra)), "") << type << " " << unit;
    }
    const Catalogue c = parse_catalogue(one("antal", "personer", both + "befolkning = true\n"), "k.toml");
    EXPECT_TRUE(c.indicators.at(0).is_population);
    EXPECT_EQ(c.indicators.at(0).data_source, "T");
}

TEST(Catalogue, ValidationErrorsNameFileLineAndKey) {
    // Each case: text, expected pieces of the message.
    const std::vector<std::pair<std::string, std::vector<std::string>>> cases = {
        {with_b("farg = \"röd\"\n"), {"katalog.toml", "rad 10", "indikator.farg", "okänd nyckel"}},
        {with_b("").replace(with_b("").find("andel"), 5, "procent"), {"rad 5", "indikator.b.typ", "okänd typ 'procent'"}},
        {with_b("") + with_b(""), {"indikatorn 'b' förekommer två gånger"}},
        {with_b("standardbefolkning = \"esp\"\n"), {"indikator.b.standardbefolkning", "okänd standardbefolkning 'esp'"}},
        {with_b("[indikator.jamforelse]\nniva = \"riket\"\n"), {"indikator.b.jamforelse.niva", "benchmark"}},
        {with_b("[indikator.jamforelse]\nmetod = \"ki90\"\n"), {"rad 11", "indikator.b.jamforelse.metod", "ki90"}},
        {with_b("[indikator.malvarde]\nvarde = 5\nriktning = \"over\"\n"), {"indikator.b.malvarde.riktning", "'over'"}},
        {with_b("multiplikator = 0\n"), {"indikator.b.multiplikator", "större än 0"}},
        {with_b("[indikator.roj]\nmin_taljare = \"fem\"\n"), {"indikator.b.roj.min_taljare", "ska vara ett tal"}},
        {"[[indikator]]\nid = \"Diabetes\"\n", {"indikator.id", "'Diabetes'"}},
        {"[[indikator]]\nid = \"x\"\nnamn = \"X\"\nenhet = \"%\"\ntyp = \"dsr\"\npolaritet = \"neutral\"\ndoman = \"D\"\nbeskrivning = \"B\"\ndatakalla = \"T\"\n",
         {"indikator.x.standardbefolkning", "standardbefolkning"}},
        {"[standardbefolkning.s]\nnamn = \"S\"\n[standardbefolkning.s.vikter]\n0-4 = -1\n", {"rad 4", "standardbefolkning.s.vikter.0-4"}},
        {"[[indikator]\n", {"katalog.toml", "ogiltig TOML"}},
        // Issue 15: a definition, a source and a unit that fits the type.
        {one("andel", "%", "datakalla = \"T\"\n"), {"indikator.x.beskrivning", "saknar beskrivning"}},
        {one("andel", "%", "beskrivning = \"B\"\n"), {"indikator.x.datakalla", "saknar datakälla"}},
        {one("kvot", "%", both), {"rad 4", "indikator.x.enhet", "enheten '%' passar inte typen kvot", "\"per 100 000\""}},
        {one("dsr", "per 1000", both + "standardbefolkning = \"std\"\n"), {"indikator.x.enhet", "\"per 100 000\""}},
        {one("andel", "%", both + "multiplikator = 1000\n"), {"indikator.x.enhet", "\"per 1 000\""}},
        {one("antal", "%", both), {"indikator.x.enhet", "typen antal", "personer"}},
        {one("antal", "per 1 000", both), {"indikator.x.enhet", "typen antal"}},
        {one("andel", "%", both + "befolkning = true\n"), {"indikator.x.befolkning", "bara typ antal"}},
        {"", {"inga indikatorer"}},
    };
    for (const auto& [text, pieces] : cases) {
        const std::string msg = error_of(text);
        ASSERT_FALSE(msg.empty()) << "no error for:\n" << text;
        for (const auto& p : pieces) EXPECT_NE(msg.find(p), std::string::npos) << "'" << p << "' not in: " << msg;
    }
}

TEST(Catalogue, DemoCatalogueCoversEveryDemoStatistic) {
    const Catalogue c = load_catalogue(std::string(test::kronoberg_dir) + "/indikatorer.toml");
    std::set<std::string> sources;
    for (const auto& i : c.indicators) sources.insert(i.source);

    const TextTable scb = read_table(std::string(test::kronoberg_dir) + "/scb_deso2025_indikatorer.csv");
    for (const auto& h : scb.header) {
        // capital_inc: SCB's definition is not in the demo data, so no reader could know what the
        // number means; the catalogue leaves it out and the build report counts its cells.
        if (h == "desokod" || h == "kommunkod" || h == "capital_inc") continue;
        EXPECT_TRUE(sources.count(h)) << "SCB column without indicator: " << h;
        const Indicator* i = c.find(h);
        ASSERT_NE(i, nullptr) << h;
        EXPECT_FALSE(from_counts(i->type) && i->type != IndicatorType::count) << h << ": SCB values have no counts";
        EXPECT_FALSE(i->synthetic) << h;
    }
    const TextTable halsa = read_table(std::string(test::kronoberg_dir) + "/demo_halsa.csv");
    const std::size_t col = halsa.require_column("indikator");
    std::set<std::string> health;
    for (const auto& r : halsa.rows) health.insert(r.cells[col]);
    EXPECT_EQ(health.size(), 7u);
    for (const auto& h : health) {
        const Indicator* i = c.find(h);
        ASSERT_NE(i, nullptr) << "demo_halsa indicator without catalogue entry: " << h;
        EXPECT_TRUE(i->synthetic) << h << " is synthetic demo data";
        EXPECT_TRUE(from_counts(i->type)) << h;
    }
    EXPECT_EQ(c.find("fortida_dodlighet")->type, IndicatorType::dsr);
    // ESP 2013 sums to 100 000.
    double sum = 0;
    for (const auto& [band, w] : c.standards.at("esp2013").weights) sum += w;
    EXPECT_EQ(sum, 100000.0);
}

TEST(CatalogueConfig, MissingCatalogueAndZeroSuppressionKey) {
    const auto dir = std::filesystem::path(test::binary_dir) / "test_scratch" / "catalogue_config";
    std::filesystem::create_directories(dir);
    const auto file = dir / "omrade.toml";
    std::ofstream(file) << "[omraden]\nkalla = \"x.gpkg\"\n\n[indikatorer]\nkatalog = \"saknas.toml\"\n";
    try {
        load_config(file);
        FAIL() << "no error";
    } catch (const DataError& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("rad 5"), std::string::npos) << m;
        EXPECT_NE(m.find("indikatorer.katalog"), std::string::npos) << m;
        EXPECT_NE(m.find("saknas.toml"), std::string::npos) << m;
    }
    std::ofstream(file) << "[omraden]\nkalla = \"x.gpkg\"\n\n[roj]\nundertryck_noll = true\n";
    EXPECT_TRUE(load_config(file).suppress_zero);
    std::ofstream(file) << "[omraden]\nkalla = \"x.gpkg\"\n";
    EXPECT_FALSE(load_config(file).suppress_zero);
}
