// Reading tables as users bring them (DOMAIN.md §8).
#include "geo/error.hpp"
#include "profiles/input/table.hpp"
#include "test_config.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace omrade;
using namespace omrade::profiles;

TEST(ParseCell, SwedishAndInternationalNumbers) {
    EXPECT_EQ(parse_cell("12.5").value, 12.5);
    EXPECT_EQ(parse_cell("12,5").value, 12.5);
    EXPECT_EQ(parse_cell("5 105").value, 5105);
    EXPECT_EQ(parse_cell("5\u00a0105,25").value, 5105.25);
    EXPECT_EQ(parse_cell("1,234.5").value, 1234.5);
    EXPECT_EQ(parse_cell("-3,2").value, -3.2);
    EXPECT_EQ(parse_cell("\u22123,2").value, -3.2);
    EXPECT_EQ(parse_cell("..").status, CellStatus::NotPublished);
    EXPECT_EQ(parse_cell("-").status, CellStatus::Dash);
    EXPECT_EQ(parse_cell(" ").status, CellStatus::Empty);
    EXPECT_EQ(parse_cell("12a").status, CellStatus::Invalid);
    EXPECT_EQ(parse_cell("1,2,3").status, CellStatus::Invalid);
}

TEST(ParseCsv, SemicolonQuotedAndLineNumbers) {
    const auto t = parse_csv("kod;namn;värde\r\n0780C1010;\"Växjö; centrum\";12,5\r\n\r\n0763A0010;\"a \"\"b\"\"\";..\r\n", "x.csv");
    EXPECT_EQ(t.delimiter, ';');
    ASSERT_EQ(t.rows.size(), 2u);
    EXPECT_EQ(t.rows[0].cells[1], "Växjö; centrum");
    EXPECT_EQ(t.rows[1].line, 4);
    EXPECT_EQ(t.rows[1].cells[1], "a \"b\"");
    EXPECT_FALSE(number_at(t, t.rows[1], 2, true).has_value());
    try {
        number_at(t, t.rows[1], 2, false);
        FAIL();
    } catch (const DataError& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("x.csv: rad 4"), std::string::npos) << m;
        EXPECT_NE(m.find("värde"), std::string::npos) << m;
    }
}

TEST(ParseCsv, WrongFieldCountNamesTheLine) {
    try {
        parse_csv("a,b\n1,2\n3\n", "y.csv");
        FAIL();
    } catch (const DataError& e) {
        EXPECT_EQ(e.where().line, 3);
    }
}

TEST(Encoding, Windows1252AndBom) {
    std::string latin = "kommun\n\xC4lmhult\n";  // Ä in Windows-1252
    EXPECT_EQ(normalize_encoding(latin), "Windows-1252");
    EXPECT_EQ(latin, "kommun\n\xC3\x84lmhult\n");
    std::string bom = "\xEF\xBB\xBFkod\n1\n";
    EXPECT_EQ(normalize_encoding(bom), "UTF-8 (BOM)");
    EXPECT_EQ(bom, "kod\n1\n");
    std::string euro = "\x80";
    normalize_encoding(euro);
    EXPECT_EQ(euro, "\xE2\x82\xAC");
}

TEST(CsvWriter, SwedishFormat) {
    std::ostringstream s;
    CsvWriter w(s, CsvFormat::Sv);
    w.write_row({"a;b", w.number(1234.5), w.number(NAN), w.number(2.0)});
    EXPECT_EQ(s.str(), "\xEF\xBB\xBF\"a;b\";1234,5;;2\r\n");
}

TEST(ReadTable, MissingFile) {
    EXPECT_THROW(read_table("/nonexistent/stat.csv"), DataError);
}

TEST(ReadTable, RealScbFile) {
    const auto t = read_table(std::string(test::kronoberg_dir) + "/scb_deso2025_indikatorer.csv");
    EXPECT_EQ(t.rows.size(), 115u);
    EXPECT_EQ(t.encoding, "UTF-8");
    EXPECT_TRUE(t.column("low_econ"));
}

// Issue 15: headers as Excel users write them.
TEST(ColumnKey, CaseSwedishLettersAndSeparatorsAreIgnored) {
    EXPECT_EQ(column_key("Täljare"), "taljare");
    EXPECT_EQ(column_key("NÄMNARE"), "namnare");
    EXPECT_EQ(column_key(" Åldersgrupp "), "aldersgrupp");
    EXPECT_EQ(column_key("Övre"), "ovre");
    EXPECT_EQ(column_key("DeSO-kod"), "desokod");
    EXPECT_EQ(column_key("x_sweref99tm"), "xsweref99tm");
    EXPECT_NE(column_key("Kön"), column_key("Kon 2"));
}

TEST(TextTableColumn, FindsHeadersByKeyAndRefusesTwoOfTheSameName) {
    const TextTable t = parse_csv("DeSO;T\xC3\xA4ljare;N\xC3\xA4mnare\n0763A0010;1;2\n", "t.csv");
    EXPECT_EQ(t.column("deso"), 0u);
    EXPECT_EQ(t.column("taljare"), 1u);
    EXPECT_EQ(t.column({"desokod", "deso"}), 0u);
    EXPECT_FALSE(t.column("varde"));
    const TextTable twice = parse_csv("taljare,T\xC3\xA4ljare\n1,2\n", "t.csv");
    try {
        (void)twice.column("taljare");
        ADD_FAILURE() << "two columns named taljare accepted";
    } catch (const DataError& e) {
        EXPECT_NE(std::string(e.what()).find("har samma namn"), std::string::npos) << e.what();
    }
}

TEST(ParseCsv, BlankAndSeparatorOnlyRowsAreSkippedAndCounted) {
    const TextTable t = parse_csv("a;b;c\r\n1;2;3\r\n;;\r\n\r\n4;5;6\r\n;;;;;;\r\n \" \";;\r\n", "t.csv");
    ASSERT_EQ(t.rows.size(), 2u);
    EXPECT_EQ(t.rows[1].line, 5);
    EXPECT_EQ(t.blank_rows, 4u);
    EXPECT_EQ(t.file_rows, 6u);
}

TEST(TextTableMapFields, MapsOmradesNamesToTheUsersColumnsAndNamesItsMistakes) {
    TextTable t = parse_csv("Område,Antal döda\n0763A0010,3\n", "d.csv");
    FieldMap map{"omrade.toml", "statistik", {{"desokod", "Område", 7}, {"taljare", "antal DÖDA", 8}}};
    t.map_fields(map, {"desokod", "taljare", "namnare"});
    EXPECT_EQ(t.column("taljare"), 1u);
    EXPECT_EQ(t.column("desokod"), 0u);

    TextTable u = parse_csv("Område,Antal\n0763A0010,3\n", "d.csv");
    try {
        u.map_fields({"omrade.toml", "statistik", {{"taljre", "Antal", 9}}}, {"desokod", "taljare"});
        ADD_FAILURE() << "unknown field accepted";
    } catch (const DataError& e) {
        EXPECT_EQ(e.where().line, 9);
        EXPECT_EQ(e.where().field, "statistik.falt.taljre");
        EXPECT_NE(std::string(e.what()).find("menade du 'taljare'?"), std::string::npos) << e.what();
    }
    try {
        u.map_fields({"omrade.toml", "statistik", {{"taljare", "Antl", 9}}}, {"desokod", "taljare"});
        ADD_FAILURE() << "missing column accepted";
    } catch (const DataError& e) {
        EXPECT_NE(std::string(e.what()).find("menade du 'Antal'? kolumner som finns: Område, Antal"), std::string::npos)
            << e.what();
    }
}

TEST(ClosestName, FoldsCaseAndSwedishLetters) {
    EXPECT_EQ(closest_name("Slandan", {"Sländan", "Lagan"}), "Sländan");
    EXPECT_EQ(closest_name("min_talare", {"min_taljare", "min_namnare"}), "min_taljare");
    EXPECT_FALSE(closest_name("Sländan", {"Sländan"}));
    EXPECT_FALSE(closest_name("abc", {"xyz"}));
}
