// End-to-end tests of `omrade stats`. Expected numbers are the same independent references as in
// tests/unit/profiles/stats/test_methods.cpp (30-digit mpmath from the published formulas).
#include "e2e/run.hpp"
#include "profiles/input/table.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

namespace fs = std::filesystem;
using namespace omrade::test;

namespace {

fs::path write(const fs::path& dir, const std::string& name, const std::string& text) {
    const fs::path p = dir / name;
    std::ofstream(p, std::ios::binary) << text;
    return p;
}

omrade::profiles::TextTable parse_output(const std::string& text) {
    return omrade::profiles::parse_csv(text, "stdout");
}

double cell(const omrade::profiles::TextTable& t, std::size_t row, const std::string& column) {
    const auto c = omrade::profiles::parse_cell(t.rows.at(row).cells.at(*t.column(column)));
    EXPECT_EQ(c.status, omrade::profiles::CellStatus::Number) << column << " row " << row;
    return c.value;
}

std::string text(const omrade::profiles::TextTable& t, std::size_t row, const std::string& column) {
    return t.rows.at(row).cells.at(*t.column(column));
}

void expect_rel(double actual, double expected) {
    if (expected == 0) EXPECT_NEAR(actual, 0, 1e-12);
    else EXPECT_NEAR(actual / expected, 1.0, 1e-6) << actual << " vs " << expected;
}

}  // namespace

TEST(StatsProportion, SwedishCsvInPlainCsvOutWithColumnsPassedThrough) {
    const fs::path dir = scratch_dir("stats_prop");
    // Semicolons, decimal comma in a pass-through column, Windows-1252 'ö' (0xF6).
    const auto in = write(dir, "andel.csv", "omr\xE5""de;numerator;denominator;kvot\r\nV\xE4xj\xF6;65;100;1,5\r\nB;0;50;2\r\nC;50;50;3\r\n");
    const RunResult r = run_omrade({"stats", "proportion", "--input", in.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto t = parse_output(r.out);
    ASSERT_EQ(t.header, (std::vector<std::string>{"område", "numerator", "denominator", "kvot", "value", "lower", "upper"}));
    ASSERT_EQ(t.rows.size(), 3u);
    EXPECT_EQ(text(t, 0, "område"), "Växjö");
    EXPECT_EQ(text(t, 0, "kvot"), "1,5");
    expect_rel(cell(t, 0, "value"), 65.0);
    expect_rel(cell(t, 0, "lower"), 55.254443296887962);
    expect_rel(cell(t, 0, "upper"), 73.635751756902468);
    expect_rel(cell(t, 1, "lower"), 0.0);
    expect_rel(cell(t, 1, "upper"), 7.1347599133358704);
    expect_rel(cell(t, 2, "lower"), 92.86524008666413);
    expect_rel(cell(t, 2, "upper"), 100.0);
}

TEST(StatsProportion, Confidence998AndMultiplier) {
    const fs::path dir = scratch_dir("stats_prop998");
    const auto in = write(dir, "a.csv", "numerator,denominator\n65,100\n");
    const RunResult r = run_omrade({"stats", "proportion", "--input", in.string(), "--confidence", "0.998",
                                    "--multiplier", "1"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto t = parse_output(r.out);
    expect_rel(cell(t, 0, "value"), 0.65);
    expect_rel(cell(t, 0, "lower"), 0.49549465740704475);
    expect_rel(cell(t, 0, "upper"), 0.77835406140896857);
}

TEST(StatsRate, ExactBelowTenByarsFromTenAndNotesForMissingCounts) {
    const fs::path dir = scratch_dir("stats_rate");
    const auto in = write(dir, "r.csv", "id,numerator,denominator\na,5,2000\nb,10,2000\nc,..,2000\nd,0,0\ne,-,1000\n");
    const auto out = dir / "ut.csv";
    const RunResult r = run_omrade({"stats", "rate", "--input", in.string(), "--output", out.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(r.out.empty());
    const auto t = parse_output(read_file(out));
    ASSERT_EQ(t.header.back(), "note");
    expect_rel(cell(t, 0, "value"), 250.0);
    expect_rel(cell(t, 0, "lower"), 81.174319505921046);
    expect_rel(cell(t, 0, "upper"), 583.41660396613341);
    expect_rel(cell(t, 1, "lower"), 239.37249569837813);
    expect_rel(cell(t, 1, "upper"), 919.57293028782369);
    EXPECT_EQ(text(t, 2, "value"), "");
    EXPECT_EQ(text(t, 2, "note"), "täljaren är inte publicerad ('..')");
    EXPECT_EQ(text(t, 3, "value"), "");
    EXPECT_EQ(text(t, 3, "note"), "nämnaren är 0");
    // '-' is zero in Swedish tables: 0 events per 1000 -> upper limit -ln(0.025) per 1000.
    expect_rel(cell(t, 4, "upper"), 368.88794541139354);
    EXPECT_EQ(text(t, 0, "note"), "");

    // The existing file is kept without --overwrite.
    const RunResult again = run_omrade({"stats", "rate", "--input", in.string(), "--output", out.string()});
    EXPECT_EQ(again.exit_code, 2);
    EXPECT_NE(again.err.find("--overwrite"), std::string::npos) << again.err;
}

TEST(StatsDsr, OneRowPerGroupAndTooFewBelowTenEvents) {
    const fs::path dir = scratch_dir("stats_dsr");
    const auto in = write(dir, "d.csv",
                          "group;numerator;denominator;standard\n"
                          "A;3;1200;5000\nA;7;2500;6000\nA;12;1800;5500\nA;20;900;4000\n"
                          "B;1;1000;5000\nB;2;1000;6000\nB;3;1000;5500\nB;3;1000;4000\n");
    const RunResult r = run_omrade({"stats", "dsr", "--input", in.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto t = parse_output(r.out);
    ASSERT_EQ(t.header, (std::vector<std::string>{"group", "numerator", "denominator", "value", "lower", "upper", "note"}));
    ASSERT_EQ(t.rows.size(), 2u);
    EXPECT_EQ(text(t, 0, "group"), "A");
    expect_rel(cell(t, 0, "numerator"), 42);
    expect_rel(cell(t, 0, "denominator"), 6400);
    expect_rel(cell(t, 0, "value"), 755.3929539295393);
    expect_rel(cell(t, 0, "lower"), 539.15277779427888);
    expect_rel(cell(t, 0, "upper"), 1027.6584228928099);
    EXPECT_EQ(text(t, 1, "value"), "");
    EXPECT_EQ(text(t, 1, "lower"), "");
    EXPECT_EQ(text(t, 1, "note"), "färre än 10 händelser");
}

TEST(StatsErrors, BadCellsNameFileLineAndField) {
    const fs::path dir = scratch_dir("stats_errors");
    const auto nonnum = write(dir, "x.csv", "numerator,denominator\n1,10\nabc,10\n");
    RunResult r = run_omrade({"stats", "rate", "--input", nonnum.string()});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("x.csv: rad 3"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("'numerator'"), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty());

    const auto negative = write(dir, "n.csv", "numerator,denominator\n1,-10\n");
    r = run_omrade({"stats", "rate", "--input", negative.string()});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("rad 2"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("'denominator'"), std::string::npos) << r.err;

    const auto above = write(dir, "p.csv", "numerator,denominator\n11,10\n");
    r = run_omrade({"stats", "proportion", "--input", above.string()});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("p.csv: rad 2"), std::string::npos) << r.err;
    // The same numbers are a valid rate.
    EXPECT_EQ(run_omrade({"stats", "rate", "--input", above.string()}).exit_code, 0);

    const auto missing = write(dir, "m.csv", "group,numerator,denominator\nA,1,10\n");
    r = run_omrade({"stats", "dsr", "--input", missing.string()});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("'standard'"), std::string::npos) << r.err;

    const auto uneven = write(dir, "u.csv", "group,numerator,denominator,standard\nA,5,10,1\nA,5,10,1\nB,5,10,1\n");
    r = run_omrade({"stats", "dsr", "--input", uneven.string()});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("u.csv: rad 4"), std::string::npos) << r.err;
}

TEST(StatsErrors, UsageErrorsExitTwo) {
    const fs::path dir = scratch_dir("stats_usage");
    const auto in = write(dir, "a.csv", "numerator,denominator\n1,10\n");
    EXPECT_EQ(run_omrade({"stats", "median", "--input", in.string()}).exit_code, 2);
    EXPECT_EQ(run_omrade({"stats", "rate", "--input", in.string(), "--confidence", "95"}).exit_code, 2);
    EXPECT_EQ(run_omrade({"stats", "rate", "--input", in.string(), "--multiplier", "0"}).exit_code, 2);
    EXPECT_EQ(run_omrade({"stats", "rate"}).exit_code, 2);
}

TEST(StatsHelp, ListsOptions) {
    const RunResult r = run_omrade({"stats", "--help"});
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_NE(r.out.find("--confidence"), std::string::npos);
    EXPECT_NE(r.out.find("--multiplier"), std::string::npos);
}
