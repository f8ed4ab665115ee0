// Statistics as SCB and Excel deliver them: Windows-1252 CSV with Swedish number formats, XLSX
// whose cells are all text, and PX-Web JSON-stat2 responses (fixtures: tests/data/statistics,
// made by make_fixtures.py there).
#include "geo/error.hpp"
#include "geo/reader.hpp"
#include "profiles/input/areas.hpp"
#include "profiles/input/jsonstat.hpp"
#include "profiles/input/statistics.hpp"
#include "profiles/input/table.hpp"
#include "test_config.hpp"
#include "unit/profiles/kronoberg_areas.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using namespace omrade;
using namespace omrade::profiles;

namespace {

std::string fixture(const std::string& f) { return std::string(test::data_dir) + "/statistics/" + f; }

fs::path write(const std::string& name, const std::string& bytes) {
    const auto dir = fs::path(test::binary_dir) / "test_scratch" / "statistics_readers";
    fs::create_directories(dir);
    std::ofstream(dir / name, std::ios::binary) << bytes;
    return dir / name;
}

const StatRow* find_row(const Statistics& s, const std::string& code, const std::string& indicator,
                        const std::string& sex = "totalt", int year = 2024) {
    const auto area = test::kronoberg_areas().find(code);
    if (!area) return nullptr;
    for (const auto& r : s.rows) {
        if (r.area == *area && r.indicator == indicator && r.sex == sex && r.year == year) return &r;
    }
    return nullptr;
}

StatisticsSource source(const std::string& path, const std::string& format, std::optional<int> year = std::nullopt) {
    return {path, format, "desokod", year, {}, false};
}

}  // namespace

TEST(StatisticsCsv, Windows1252SemicolonDecimalCommaThousandsDotsAndDash) {
    const Statistics s = read_statistics({source(fixture("scb_lang_1252.csv"), "lang")}, test::kronoberg_areas());
    const auto& rep = s.sources.at(0);
    EXPECT_EQ(rep.encoding, "Windows-1252");
    EXPECT_EQ(rep.rows_read, 5u);
    EXPECT_EQ(rep.rows_joined, 4u);
    EXPECT_EQ(rep.rows_outside, 1u);  // 0180C1010 is in Stockholm
    EXPECT_EQ(rep.rows_not_published, 1u);
    ASSERT_EQ(rep.indicators, std::vector<std::string>{"röker dagligen"});

    const StatRow* a = find_row(s, "0760A0010", "röker dagligen");
    ASSERT_TRUE(a);
    EXPECT_EQ(a->numerator, 123.0);
    EXPECT_EQ(a->denominator, 1071.0);  // "1 071"
    EXPECT_EQ(a->value, 11.5);          // "11,5"
    EXPECT_EQ(a->line, 2);
    const StatRow* unpublished = find_row(s, "0760A0020", "röker dagligen");
    ASSERT_TRUE(unpublished);
    EXPECT_TRUE(unpublished->not_published);
    EXPECT_FALSE(unpublished->numerator);
    const StatRow* dash = find_row(s, "0763A0010", "röker dagligen");
    ASSERT_TRUE(dash);
    EXPECT_EQ(dash->numerator, 0.0);  // '-' is zero, not missing
    EXPECT_FALSE(dash->not_published);
    EXPECT_EQ(dash->denominator, 5105.0);
    const StatRow* women = find_row(s, "0760A0010", "röker dagligen", "kvinnor");
    ASSERT_TRUE(women);
    EXPECT_EQ(women->value, 11.1);
}

TEST(StatisticsCsv, RejectedRowNamesFileLineAndField) {
    const auto p = write("bad_1252.csv", "desokod;indikator;ar;taljare;namnare\r\n0760A0010;r\xF6ker;2024;12;100\r\n"
                                         "0760A0020;r\xF6ker;2024;tolv;100\r\n");
    try {
        read_statistics({source(p.string(), "lang")}, test::kronoberg_areas());
        FAIL() << "expected a DataError";
    } catch (const DataError& e) {
        EXPECT_EQ(e.where().file, p.string());
        EXPECT_EQ(e.where().line, 3);
        EXPECT_EQ(e.where().field, "taljare");
        EXPECT_NE(std::string(e.what()).find("'tolv'"), std::string::npos) << e.what();
    }
}

TEST(StatisticsXlsx, AllTextSheetKeepsItsHeaderRow) {
    const TextTable t = read_table(fixture("scb_bred_text.xlsx"));
    ASSERT_EQ(t.header, (std::vector<std::string>{"desokod", "lag_ek_standard", "trangbodda"}));
    ASSERT_EQ(t.rows.size(), 3u);
    EXPECT_EQ(t.rows[0].line, 2);  // spreadsheet row numbers
    EXPECT_EQ(t.rows[0].cells[0], "0760A0010");

    const Statistics s = read_statistics({source(fixture("scb_bred_text.xlsx"), "bred", 2024)}, test::kronoberg_areas());
    const auto& rep = s.sources.at(0);
    EXPECT_EQ(rep.rows_read, 6u);  // 3 rows x 2 indicator columns
    EXPECT_EQ(rep.rows_joined, 6u);
    EXPECT_EQ(rep.rows_not_published, 1u);
    EXPECT_EQ(find_row(s, "0760A0010", "lag_ek_standard")->value, 20.0);
    EXPECT_EQ(find_row(s, "0780C1010", "trangbodda")->value, 12.25);
    EXPECT_TRUE(find_row(s, "0760A0020", "trangbodda")->not_published);
    EXPECT_EQ(find_row(s, "0760A0020", "trangbodda")->line, 3);
}

TEST(StatisticsJsonStat, ScbResponseBecomesLongRows) {
    const TextTable t = read_jsonstat(fixture("scb_jsonstat2.json"), "desokod");
    ASSERT_EQ(t.header, (std::vector<std::string>{"desokod", "indikator", "ar", "kon", "aldersgrupp", "varde"}));
    ASSERT_EQ(t.rows.size(), 12u);
    // Row-major: value 6 (1-based) is region 2, Kon 1 (man), Tid 2024 -> null with status "..".
    EXPECT_EQ(t.rows[5].cells, (std::vector<std::string>{"0760A0020_DeSO2025", "000007GN", "2024", "man", "totalt", ".."}));
    EXPECT_EQ(t.rows[3].cells, (std::vector<std::string>{"0760A0010_DeSO2025", "000007GN", "2024", "kvinnor", "totalt", "1210"}));

    const Statistics s = read_statistics({source(fixture("scb_jsonstat2.json"), "jsonstat")}, test::kronoberg_areas());
    const auto& rep = s.sources.at(0);
    EXPECT_EQ(rep.rows_read, 12u);
    EXPECT_EQ(rep.rows_outside, 4u);  // the Stockholm DeSO
    EXPECT_EQ(rep.rows_joined, 8u);
    EXPECT_EQ(rep.rows_not_published, 1u);
    EXPECT_EQ(find_row(s, "0760A0010", "000007GN", "kvinnor", 2024)->value, 1210.0);
    EXPECT_EQ(find_row(s, "0760A0020", "000007GN", "kvinnor", 2023)->value, 530.0);
    EXPECT_TRUE(find_row(s, "0760A0020", "000007GN", "man", 2024)->not_published);
    EXPECT_EQ(s.latest_year("000007GN"), 2024);
}

TEST(StatisticsJsonStat, ArrayIndexSparseValuesDashStatusAndExtraDimension) {
    const std::string doc = R"({"version":"2.0","class":"dataset","id":["Region","Utbildning","Tid"],"size":[1,2,1],
        "dimension":{"Region":{"category":{"index":["0760A0010"]}},
                     "Utbildning":{"category":{"index":{"F":0,"E":1}}},
                     "Tid":{"category":{"index":{"2024":0}}}},
        "value":{"0":12.5},"status":{"1":"-"}})";
    const TextTable t = jsonstat_to_table(doc, "svar.json", "desokod");
    ASSERT_EQ(t.rows.size(), 2u);
    EXPECT_EQ(t.rows[0].cells, (std::vector<std::string>{"0760A0010", "varde_F", "2024", "totalt", "totalt", "12.5"}));
    EXPECT_EQ(t.rows[1].cells[5], "-");
}

TEST(StatisticsJsonStat, BadResponsesAreDataErrors) {
    EXPECT_THROW(jsonstat_to_table("{not json", "a.json", "desokod"), DataError);
    EXPECT_THROW(jsonstat_to_table(R"({"class":"dataset"})", "b.json", "desokod"), DataError);
    // value list shorter than the dimensions promise
    EXPECT_THROW(jsonstat_to_table(R"({"id":["Region"],"size":[2],"dimension":{"Region":{"category":{"index":["a","b"]}}},"value":[1]})",
                                   "c.json", "desokod"),
                 DataError);
    // monthly time codes are not years
    try {
        jsonstat_to_table(R"({"id":["Region","Tid"],"size":[1,1],"dimension":{"Region":{"category":{"index":["0760A0010"]}},
            "Tid":{"category":{"index":["2024M01"]}}},"value":[1]})", "d.json", "desokod");
        FAIL() << "expected a DataError";
    } catch (const DataError& e) {
        EXPECT_EQ(e.where().file, "d.json");
        EXPECT_NE(std::string(e.what()).find("2024M01"), std::string::npos);
    }
    // DeSO 2018 codes are never joined to DeSO 2025 areas.
    const auto p = write("deso2018.json", R"({"id":["Region","Tid"],"size":[1,1],"dimension":{"Region":{"category":{"index":["0760A0010_DeSO2018"]}},
        "Tid":{"category":{"index":["2024"]}}},"value":[1]})");
    try {
        read_statistics({source(p.string(), "jsonstat")}, test::kronoberg_areas());
        FAIL() << "expected a DataError";
    } catch (const DataError& e) {
        EXPECT_EQ(e.where().line, 1);
        EXPECT_NE(std::string(e.what()).find("DeSO2018"), std::string::npos) << e.what();
    }
}
