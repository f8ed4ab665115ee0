// Your own data, first time right (issue 15): the readers meet Excel halfway and every message
// says what to do. One test per message class, each on a small config of the embedded Kronoberg
// areas with a few files of its own; `check` wherever it suffices (fast), one small build for
// the Avstämning.
#include "e2e/run.hpp"
#include "test_config.hpp"

#include <gtest/gtest.h>

#include <regex>

namespace fs = std::filesystem;
using namespace omrade::test;

namespace {

// The parts of a small config; a test replaces the ones it is about. Paths of the embedded data
// are absolute, the test's own files relative to the config.
struct Parts {
    std::string statistics = "[[statistik]]\nkalla = \"halsa.csv\"\n";
    std::string catchment = "[upptagning]\nmetod = \"tabell\"\nkalla = \"upptagning.csv\"\n";
    std::string pilot = "[[pilot]]\nid = \"tingsryd\"\nvardcentral = \"Tingsryd\"\n";
    std::string extra;
};

const char* const health_csv = "desokod,indikator,ar,taljare,namnare\n0763A0010,rokare,2024,120,1500\n";
const char* const catchment_csv = "desokod,vardcentral\n0763A0010,Tingsryd\n0763A0040,Tingsryd\n";

fs::path write_config(const fs::path& dir, const Parts& p) {
    const std::string text = "[omraden]\nkalla = \"" + kron("deso2025_kronoberg.gpkg") + "|layername=deso\"\n" +
                             "[befolkning]\nkalla = \"" + kron("scb_deso2025_befolkning_alder_kon.csv") + "\"\n" +
                             p.statistics + "[vardcentraler]\nkalla = \"" + kron("vardcentraler.csv") + "\"\n" + p.catchment +
                             p.extra + p.pilot;
    return write_file(dir, "omrade.toml", text);
}

RunResult check(const fs::path& dir, const Parts& p = {}) {
    return run_omrade({"check", "--no-progress", "--config", write_config(dir, p).string()}, dir);
}

// The line of `needle` in the config (1-based), so a test names the line the message must name.
long line_of(const fs::path& dir, const std::string& needle) {
    const std::string text = read_file(dir / "omrade.toml");
    const auto at = text.find(needle);
    EXPECT_NE(at, std::string::npos) << needle;
    return 1 + static_cast<long>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
}

#define EXPECT_HAS(text, part) EXPECT_NE((text).find(part), std::string::npos) << "'" << (part) << "' not in:\n" << (text)

}  // namespace

// Headers as Excel users write them: any case, å/ä/ö, "DeSO" for the code; blank and
// separator-only rows at the end of an export skipped and counted.
TEST(Messages, SwedishExcelHeadersAndTrailingSeparatorRowsAreRead) {
    const fs::path dir = scratch_dir("msg_headers");
    // Windows-1252: 'Å' = 0xC5, 'ä' = 0xE4.
    write_file(dir, "halsa.csv", "DeSO;Indikator;\xC5r;T\xE4ljare;N\xE4mnare\r\n0763A0010;rokare;2024;120;1500\r\n"
                                 "0763A0040;rokare;2024;80;1200\r\n;;;;\r\n;;;;\r\n\r\n");
    write_file(dir, "upptagning.csv", "Desokod,VÅRDCENTRAL\n0763A0010,Tingsryd\n0763A0040,Tingsryd\n");
    const auto r = check(dir);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_HAS(r.out, "2 värden lästa, 2 kopplade");
    EXPECT_HAS(r.out, "3 tomma rader hoppades över");
}

TEST(Messages, BlankRowsAreInTheBuildReportsAvstamning) {
    const fs::path dir = scratch_dir("msg_blank_build");
    write_file(dir, "halsa.csv", std::string(health_csv) + ",,,,\n,,,,\n");
    write_file(dir, "upptagning.csv", catchment_csv);
    const auto r = run_omrade({"build", "--no-progress", "--config", write_config(dir, {}).string(), "--out", (dir / "out").string()}, dir);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string report = read_file(dir / "out" / "byggrapport.txt");
    EXPECT_HAS(report, "statistik halsa.csv (rader efter rubriken): 3 i filen = 1 datarader + 2 tomma rader (hoppades över)");
    EXPECT_HAS(report, "Avstämning (alla summor stämmer)");
}

// A missing column: the columns found, the nearest name, and the way out (falt).
TEST(Messages, MissingColumnListsTheColumnsFound) {
    const fs::path dir = scratch_dir("msg_missing_column");
    write_file(dir, "halsa.csv", "desokod,indikator,ar,antal,namnare\n0763A0010,rokare,2024,120,1500\n");
    write_file(dir, "upptagning.csv", catchment_csv);
    const auto r = check(dir);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_HAS(r.err, "halsa.csv: rad 1: fält 'taljare'");
    EXPECT_HAS(r.err, "kolumner som finns: desokod, indikator, ar, antal, namnare");
    EXPECT_HAS(r.err, "falt");
}

// falt: omrade's name → the user's column, in every table input; its own mistakes named with
// the config line.
TEST(Messages, FaltMapsOtherColumnNamesAndNamesItsOwnMistakes) {
    const fs::path dir = scratch_dir("msg_falt");
    write_file(dir, "halsa.csv", "Område;Mått;År;Antal rökare;Invånare\n0763A0010;rokare;2024;120;1500\n");
    write_file(dir, "upptagning.csv", "omr,VC\n0763A0010,Tingsryd\n");
    Parts p;
    p.statistics = "[[statistik]]\nkalla = \"halsa.csv\"\n"
                   "falt = { desokod = \"Område\", indikator = \"Mått\", taljare = \"Antal rökare\", namnare = \"Invånare\" }\n";
    p.catchment = "[upptagning]\nmetod = \"tabell\"\nkalla = \"upptagning.csv\"\nfalt = { desokod = \"omr\", vardcentral = \"VC\" }\n";
    auto r = check(dir, p);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_HAS(r.out, "1 värden lästa, 1 kopplade");

    // The same mapping as a table of its own, one name a line.
    p.statistics = "[[statistik]]\nkalla = \"halsa.csv\"\n[statistik.falt]\ndesokod = \"Område\"\nindikator = \"Mått\"\n"
                   "taljre = \"Antal rökare\"\nnamnare = \"Invanare\"\n";
    r = check(dir, p);
    EXPECT_EQ(r.exit_code, 1);
    const std::string line = "rad " + std::to_string(line_of(dir, "taljre"));
    EXPECT_HAS(r.err, "omrade.toml: " + line + ": fält 'statistik.falt.taljre': okänt fält 'taljre'; menade du 'taljare'?");
    // Fixed, the column named does not exist as written: the columns found.
    p.statistics = "[[statistik]]\nkalla = \"halsa.csv\"\nfalt = { desokod = \"Område\", indikator = \"Mått\", "
                   "taljare = \"Antal rokare\", namnare = \"Befolkning\" }\n";
    r = check(dir, p);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_HAS(r.err, "fält 'statistik.falt.namnare': kolumnen 'Befolkning' finns inte i");
    EXPECT_HAS(r.err, "kolumner som finns: Område, Mått, År, Antal rökare, Invånare");
}

// An extra text column in a wide table is left out with a note, not fatal; a column that has
// numbers and one bad cell still names the cell.
TEST(Messages, WideTableTextColumnIsLeftOutWithANote) {
    const fs::path dir = scratch_dir("msg_wide");
    write_file(dir, "bred.csv", "desokod;Kommun;andel_rokare\n0763A0010;Kommun 0763;8,1\n0763A0040;Kommun 0763;7,4\n");
    write_file(dir, "upptagning.csv", catchment_csv);
    Parts p;
    p.statistics = "[[statistik]]\nkalla = \"bred.csv\"\nformat = \"bred\"\nar = 2024\n";
    auto r = check(dir, p);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_HAS(r.out, "kolumnen 'Kommun' lästes inte: den har text men inga tal (rad 2: 'Kommun 0763')");
    EXPECT_HAS(r.out, "2 värden lästa");

    write_file(dir, "bred.csv", "desokod;Kommun;andel_rokare\n0763A0010;Kommun 0763;8,1\n0763A0040;Kommun 0763;7,4x\n");
    r = check(dir, p);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_HAS(r.err, "bred.csv: rad 3: fält 'andel_rokare': '7,4x' är inte ett tal");
}

// Vårdcentral names: case, spaces and "Vårdcentralen" forgiven and reported; a near miss gets
// "menade du"; the pilot's name with the config line.
TEST(Messages, CareCentreNamesMatchLooselyAndNearMissesAreSuggested) {
    const fs::path dir = scratch_dir("msg_vc");
    write_file(dir, "halsa.csv", health_csv);
    write_file(dir, "upptagning.csv", "desokod,vardcentral\n0763A0010,Vårdcentralen Tingsryd\n0763A0040,\"  TINGSRYD \"\n"
                                      "0764A0010,Vårdcentral Alvesta\n");
    Parts p;
    p.pilot = "[[pilot]]\nid = \"alvesta\"\nvardcentral = \"alvesta \"\n";
    auto r = check(dir, p);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_HAS(r.out, "namnet 'Vårdcentralen Tingsryd' tolkades som 'Tingsryd' (upptagning.csv, rad 2)");
    EXPECT_HAS(r.out, "namnet 'TINGSRYD' tolkades som 'Tingsryd' (upptagning.csv, rad 3)");
    EXPECT_HAS(r.out, "namnet 'alvesta ' tolkades som 'Alvesta' (omrade.toml");

    write_file(dir, "upptagning.csv", "desokod,vardcentral\n0763A0010,Tingsryd\n0781C1010,Slandan\n");
    p.pilot = "[[pilot]]\nid = \"tingsryd\"\nvardcentral = \"Tingsrid\"\n";
    r = check(dir, p);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_HAS(r.err, "upptagning.csv: rad 3: objekt 0781C1010: fält 'vardcentral': vårdcentralen 'Slandan' finns inte i "
                      "vårdcentralsregistret; menade du 'Sländan'?");
    EXPECT_HAS(r.err, "omrade.toml: rad " + std::to_string(line_of(dir, "Tingsrid")) +
                          ": objekt tingsryd: fält 'pilot.vardcentral': vårdcentralen 'Tingsrid' finns inte i "
                          "vårdcentralsregistret; menade du 'Tingsryd'?");
}

// Config keys: an unknown key gets the nearest allowed one and its line; a missing key the
// line of its table.
TEST(Messages, ConfigErrorsNameFileLineAndTheNearestKey) {
    const fs::path dir = scratch_dir("msg_keys");
    write_file(dir, "halsa.csv", health_csv);
    write_file(dir, "upptagning.csv", catchment_csv);
    Parts p;
    p.extra = "[roj]\nmin_talare = 5\n";
    auto r = check(dir, p);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_HAS(r.err, "omrade.toml: rad " + std::to_string(line_of(dir, "min_talare")) +
                          ": fält 'roj.min_talare': okänd nyckel; menade du 'min_taljare'?");
    p.extra.clear();
    p.catchment = "[upptagning]\nkalla = \"upptagning.csv\"\n";
    r = check(dir, p);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_HAS(r.err, "omrade.toml: rad " + std::to_string(line_of(dir, "[upptagning]")) + ": fält 'upptagning.metod': nyckeln saknas");
}

// Indicator ids: a catalogue id that no statistics has, and a follow-up indicator the catalogue
// does not know, get the nearest known id.
TEST(Messages, UnknownIndicatorsGetTheNearestKnownId) {
    const fs::path dir = scratch_dir("msg_indicators");
    write_file(dir, "upptagning.csv", catchment_csv);
    write_file(dir, "katalog.toml",
               "[[indikator]]\nid = \"low_ecn\"\nnamn = \"Låg ekonomisk standard\"\nenhet = \"%\"\ntyp = \"medel\"\n"
               "polaritet = \"lag_bra\"\ndoman = \"Ekonomi\"\nbeskrivning = \"Andel med låg ekonomisk standard.\"\n"
               "datakalla = \"SCB\"\n\n"
               "[[indikator]]\nid = \"vc_bedomning_3d\"\nniva = \"vardcentral\"\nnamn = \"Bedömning inom tre dagar\"\n"
               "definition = \"Andel kontakter med bedömning inom tre dagar.\"\ndatakalla = \"Regionen\"\n"
               "typ = \"andel\"\npolaritet = \"hog_bra\"\n");
    write_file(dir, "vc.csv", "vardcentral,indikator,period,taljare,namnare\nTingsryd,vc_bedomning3d,2024,90,100\n");
    Parts p;
    p.statistics = "[[statistik]]\nkalla = \"" + kron("scb_deso2025_indikatorer.csv") + "\"\nformat = \"bred\"\nar = 2024\n";
    p.extra = "[indikatorer]\nkatalog = \"katalog.toml\"\n[uppfoljning]\nkalla = \"vc.csv\"\n";
    const auto r = check(dir, p);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_HAS(r.err, "katalog.toml: rad 1: objekt low_ecn: fält 'indikator.id': statistiken 'low_ecn' finns inte i någon "
                      "[[statistik]]-källa; menade du 'low_econ'?");
    EXPECT_HAS(r.err, "vc.csv: rad 2: objekt Tingsryd: fält 'indikator': indikatorn 'vc_bedomning3d' är ingen "
                      "vårdcentralsindikator i katalogen; menade du 'vc_bedomning_3d'?");
}

// check collects every problem of one run and numbers them: a copied config with wrong paths, a
// misspelt key and a misspelt pilot takes one run.
TEST(Messages, CheckListsEveryProblemNumberedAndExitsOne) {
    const fs::path dir = scratch_dir("msg_collect");
    write_file(dir, "upptagning.csv", "desokod,vardcentral\n0763A0010,Tingsrud\n0763A0040,Tingsrud\n0763A0050,Tingsrud\n");
    Parts p;
    p.statistics = "[[statistik]]\nkalla = \"halsa.csv\"\n[[statistik]]\nkalla = \"dodsfall.csv\"\n";
    p.extra = "[resurser]\nkalla = \"resurser.gpkg\"\n[roj]\nmin_namare = 50\n";
    p.pilot = "[[pilot]]\nid = \"tingsryd\"\nvardcentral = \"Tingsrid\"\n";
    const auto r = check(dir, p);
    EXPECT_EQ(r.exit_code, 1);
    for (const std::string file : {"halsa.csv", "dodsfall.csv", "resurser.gpkg"}) {
        EXPECT_HAS(r.err, "rad " + std::to_string(line_of(dir, file)) + ": fält ");
        EXPECT_HAS(r.err, file + " finns inte");
    }
    EXPECT_HAS(r.err, "menade du 'min_namnare'?");
    EXPECT_HAS(r.err, "menade du 'Tingsryd'?");
    // The same unknown name on three rows is one problem with its other lines.
    EXPECT_HAS(r.err, "vårdcentralen 'Tingsrud' finns inte i vårdcentralsregistret; menade du 'Tingsryd'?");
    EXPECT_HAS(r.err, "(samma fel även på rad 3 och 4)");
    EXPECT_HAS(r.err, "omrade: check hittade 8 problem:");
    for (int n = 1; n <= 6; ++n) EXPECT_HAS(r.err, "\n  " + std::to_string(n) + ". ");
    EXPECT_EQ(r.err.find("\n  7. "), std::string::npos) << r.err;
    EXPECT_HAS(r.err, "omrade: rätta dem och kör check igen");
}

// omrade stats reads the Swedish column names build reads, with the same results.
TEST(Messages, StatsAcceptsTaljareAndNamnare) {
    const fs::path dir = scratch_dir("msg_stats");
    const auto sv = write_file(dir, "sv.csv", "omrade;Täljare;Nämnare\r\nA;65;100\r\n;;\r\n");
    const auto r = run_omrade({"stats", "proportion", "--input", sv.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    // Wilson 95 % for 65/100 (the reference of test_stats.cpp, mpmath from the published formula).
    EXPECT_HAS(r.out, "A,65,100,65,55.2544433");
    EXPECT_HAS(r.out, ",73.6357517");
    const auto bad = write_file(dir, "bad.csv", "omrade,taljare,namnre\nA,65,100\n");
    const auto e = run_omrade({"stats", "proportion", "--input", bad.string()});
    EXPECT_EQ(e.exit_code, 1);
    EXPECT_HAS(e.err, "fält 'denominator': kolumnen saknas (eller 'namnare'); menade du 'namnre'? kolumner som finns: omrade, taljare, namnre");
}
