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
