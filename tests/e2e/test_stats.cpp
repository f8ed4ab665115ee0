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
    const auto in = write_file(dir, "andel.csv", "omr\xE5""de;numerator;denominator;kvot\r\nV\xE4xj\xF6;65;100;1,5\r\nB;0;50;2\r\nC;50;50;3\r\n");
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
    const auto in = write_file(dir, "a.csv", "numerator,denominator\n65,100\n");
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
    const auto in = write_file(dir, "r.csv", "id,numerator,denominator\na,5,2000\nb,10,2000\nc,..,2000\nd,0,0\ne,-,1000\n");
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
    const auto in = write_file(dir, "d.csv",
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
    const auto nonnum = write_file(dir, "x.csv", "numerator,denominator\n1,10\nabc,10\n");
    RunResult r = run_omrade({"stats", "rate", "--input", nonnum.string()});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("x.csv: rad 3"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("'numerator'"), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty());

    const auto negative = write_file(dir, "n.csv", "numerator,denominator\n1,-10\n");
    r = run_omrade({"stats", "rate", "--input", negative.string()});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("rad 2"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("'denominator'"), std::string::npos) << r.err;

    const auto above = write_file(dir, "p.csv", "numerator,denominator\n11,10\n");
    r = run_omrade({"stats", "proportion", "--input", above.string()});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("p.csv: rad 2"), std::string::npos) << r.err;
    // The same numbers are a valid rate.
    EXPECT_EQ(run_omrade({"stats", "rate", "--input", above.string()}).exit_code, 0);

    const auto missing = write_file(dir, "m.csv", "group,numerator,denominator\nA,1,10\n");
    r = run_omrade({"stats", "dsr", "--input", missing.string()});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("'standard'"), std::string::npos) << r.err;

    const auto uneven = write_file(dir, "u.csv", "group,numerator,denominator,standard\nA,5,10,1\nA,5,10,1\nB,5,10,1\n");
    r = run_omrade({"stats", "dsr", "--input", uneven.string()});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("u.csv: rad 4"), std::string::npos) << r.err;
}

TEST(StatsErrors, UsageErrorsExitTwo) {
    const fs::path dir = scratch_dir("stats_usage");
    const auto in = write_file(dir, "a.csv", "numerator,denominator\n1,10\n");
    EXPECT_EQ(run_omrade({"stats", "median", "--input", in.string()}).exit_code, 2);
    EXPECT_EQ(run_omrade({"stats", "rate", "--input", in.string(), "--confidence", "95"}).exit_code, 2);
    EXPECT_EQ(run_omrade({"stats", "rate", "--input", in.string(), "--multiplier", "0"}).exit_code, 2);
    EXPECT_EQ(run_omrade({"stats", "rate"}).exit_code, 2);
}

// Presentation finding (issue 10): --confidence accepted any 0 < c < 1; PHE allows 0.9–0.9999.
TEST(StatsErrors, ConfidenceOnlyFromPointNineToPointNineNineNineNine) {
    const fs::path dir = scratch_dir("stats_confidence");
    const auto in = write_file(dir, "a.csv", "numerator,denominator\n1,10\n");
    for (const char* bad : {"0.5", "0.89", "0.99995", "1"}) {
        const RunResult r = run_omrade({"stats", "proportion", "--input", in.string(), "--confidence", bad});
        EXPECT_EQ(r.exit_code, 2) << bad;
        EXPECT_NE(r.err.find("0.9999"), std::string::npos) << r.err;
    }
    for (const char* good : {"0.9", "0.95", "0.998", "0.9999"}) {
        EXPECT_EQ(run_omrade({"stats", "proportion", "--input", in.string(), "--confidence", good}).exit_code, 0) << good;
    }
}

// Finding 7 (issue 10) at the command line: events in a band without population is a data error
// naming the line; an empty band (0 of 0) keeps its weight.
TEST(StatsDsr, EmptyBandKeepsWeightAndEventsWithoutPopulationAreAnError) {
    const fs::path dir = scratch_dir("stats_dsr_empty");
    const auto ok = write_file(dir, "ok.csv",
                          "group,numerator,denominator,standard\na,0,0,5000\na,10,2500,6000\na,5,1000,5500\n");
    RunResult r = run_omrade({"stats", "dsr", "--input", ok.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto t = parse_output(r.out);
    expect_rel(cell(t, 0, "value"), 312.121212121212121);
    expect_rel(cell(t, 0, "lower"), 162.622490448051006);
    expect_rel(cell(t, 0, "upper"), 532.423677041389730);
    const auto bad = write_file(dir, "bad.csv", "group,numerator,denominator,standard\na,3,0,5000\na,10,2500,6000\n");
    r = run_omrade({"stats", "dsr", "--input", bad.string()});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("bad.csv: rad 2"), std::string::npos) << r.err;
}

// `omrade stats sii` against the independent phe_sii reference
// (tests/unit/profiles/stats/sii_reference.py on the same file): point estimates exactly, limits
// within simulation noise. Rows are given in reverse quantile order: the order must not matter.
TEST(StatsSii, ProportionAgreesWithIndependentPheSiiReference) {
    const fs::path dir = scratch_dir("stats_sii");
    const auto in = write_file(dir, "p.csv",
                          "group,quantile,population,value,lower,upper\n"
                          "lan,5,9700,0.021649484536082474,0.018937005888309058,0.024740692332474064\n"
                          "lan,4,10100,0.02574257425742574,0.022829694328676774,0.029016077495402907\n"
                          "lan,3,9900,0.030303030303030304,0.02710426441278853,0.0338661642164877\n"
                          "lan,2,10400,0.03365384615384615,0.03035650884460716,0.037295565786341384\n"
                          "lan,1,9800,0.04204081632653061,0.03824375322389723,0.04619676555620505\n"
                          "omr,5,1190,0.018487394957983194,0.01224009106366694,0.027833453431892044\n"
                          "omr,4,1250,0.024,0.016862294898748954,0.03405439665868327\n"
                          "omr,3,1710,0.03216374269005848,0.024793715527424282,0.04163101602214928\n"
                          "omr,2,1320,0.030303030303030304,0.022331903491660535,0.04100004480325226\n"
                          "omr,1,1500,0.04066666666666666,0.031788512536601546,0.051891491151671854\n");
    const RunResult r = run_omrade({"stats", "sii", "proportion", "--input", in.string(), "--multiplier", "100"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto t = parse_output(r.out);
    const std::vector<std::string> header = {"group", "sii", "sii_lower_95", "sii_upper_95", "sii_lower_998", "sii_upper_998",
                                             "rii", "rii_lower_95", "rii_upper_95", "rii_lower_998", "rii_upper_998"};
    EXPECT_EQ(t.header, header);
    ASSERT_EQ(t.rows.size(), 2u);
    EXPECT_EQ(text(t, 0, "group"), "lan");
    const double ref[2][10] = {
        {-2.41488679212, -2.95935251806, -1.87685725327, -3.28937275998, -1.56516731525, 0.435455393821, 0.353115205686,
         0.530824810363, 0.308234851258, 0.592158734801},
        {-2.46835630514, -3.90911131428, -1.05999427876, -4.85027871965, -0.232124622953, 0.41485906716, 0.224811767892,
         0.70012472461, 0.136906434225, 0.929976058338}};
    for (std::size_t g = 0; g < 2; ++g) {
        EXPECT_NEAR(cell(t, g, "sii"), ref[g][0], 1e-8);
        EXPECT_NEAR(cell(t, g, "rii"), ref[g][5], 1e-8);
        for (std::size_t k = 1; k < 5; ++k) {
            const double width95 = ref[g][2] - ref[g][1], width998 = ref[g][4] - ref[g][3];
            EXPECT_NEAR(cell(t, g, header[k + 1]), ref[g][k], (k <= 2 ? 0.03 * width95 : 0.05 * width998)) << header[k + 1];
            const double rw95 = ref[g][7] - ref[g][6], rw998 = ref[g][9] - ref[g][8];
            EXPECT_NEAR(cell(t, g, header[k + 6]), ref[g][k + 5], (k <= 2 ? 0.03 * rw95 : 0.05 * rw998)) << header[k + 6];
        }
        // The 99.8 % interval is the 99.8 % one, not the 95 % written twice.
        EXPECT_LT(cell(t, g, "sii_lower_998"), cell(t, g, "sii_lower_95"));
        EXPECT_GT(cell(t, g, "sii_upper_998"), cell(t, g, "sii_upper_95"));
    }
    // Reproducible: the simulation is seeded.
    EXPECT_EQ(run_omrade({"stats", "sii", "proportion", "--input", in.string(), "--multiplier", "100"}).out, r.out);
}

TEST(StatsSii, OtherValuesAsPheSiiDocumentationExample) {
    const fs::path dir = scratch_dir("stats_sii_other");
    const auto in = write_file(dir, "o.csv",
                          "group,quantile,population,value,lower,upper\n"
                          "Area1,1,7291,75.9,72.7,79.1\nArea1,2,7997,78.3,75.3,81.4\nArea1,3,6105,83.8,80.9,86.8\n"
                          "Area1,4,7666,83.6,80.2,87.1\nArea1,5,5790,80.5,77.1,83.8\nArea1,6,6934,81.1,78,84.2\n"
                          "Area1,7,5918,81.7,79,84.4\nArea1,8,5974,84.2,81.4,86.9\nArea1,9,7147,80.6,75.8,85.4\n"
                          "Area1,10,7534,86.3,83.2,89.4\n"
                          "Area2,1,21675,70.5,70.1,71\nArea2,2,20065,71.6,71.1,72.1\nArea2,3,19750,72.5,72,73.2\n"
                          "Area2,4,24713,73.5,73.1,73.7\nArea2,5,20112,73.1,72.7,75.8\nArea2,6,19618,76.2,75.7,78.8\n"
                          "Area2,7,22408,78.7,78.2,79.8\nArea2,8,19752,80.6,80.1,81.2\nArea2,9,18939,80.9,80.4,81.3\n"
                          "Area2,10,19312,80,79.5,80.9\n");
    const RunResult r = run_omrade({"stats", "sii", "other", "--input", in.string(), "--repetitions", "100000"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto t = parse_output(r.out);
    ASSERT_EQ(t.rows.size(), 2u);
    EXPECT_NEAR(cell(t, 0, "sii"), 7.00023476008, 1e-8);
    EXPECT_NEAR(cell(t, 0, "rii"), 1.08970970491, 1e-10);
    EXPECT_NEAR(cell(t, 1, "sii"), 12.6227385636, 1e-8);
    EXPECT_NEAR(cell(t, 1, "rii"), 1.182034348, 1e-9);
    EXPECT_NEAR(cell(t, 0, "sii_lower_95"), 3.12600826963, 0.03 * 7.7);
    EXPECT_NEAR(cell(t, 0, "sii_upper_998"), 13.0330700839, 0.05 * 12.1);
    EXPECT_NEAR(cell(t, 1, "sii_lower_95"), 12.006337834, 0.03 * 1.23);
    EXPECT_NEAR(cell(t, 1, "sii_upper_95"), 13.2375053764, 0.03 * 1.23);
}

TEST(StatsSii, BadInputIsADataErrorNamingTheLine) {
    const fs::path dir = scratch_dir("stats_sii_bad");
    const std::string head = "group,quantile,population,value,lower,upper\n";
    std::string five;
    for (int q = 1; q <= 5; ++q) five += "a," + std::to_string(q) + ",100,0.5,0.4,0.6\n";
    RunResult r = run_omrade({"stats", "sii", "proportion", "--input", write_file(dir, "zero.csv", head + five + "b,1,0,0.5,0.4,0.6\n").string()});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("zero.csv: rad 7"), std::string::npos) << r.err;
    r = run_omrade({"stats", "sii", "proportion", "--input", write_file(dir, "pct.csv", head + "a,1,100,50,40,60\n").string()});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("pct.csv: rad 2"), std::string::npos) << r.err;
    std::string four;
    for (int q = 1; q <= 4; ++q) four += "a," + std::to_string(q) + ",100,0.5,0.4,0.6\n";
    r = run_omrade({"stats", "sii", "other", "--input", write_file(dir, "four.csv", head + four).string()});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("5 till 100"), std::string::npos) << r.err;
    // A group without every quantile gets an empty row with a note (phe_sii leaves it out).
    r = run_omrade({"stats", "sii", "other", "--input", write_file(dir, "gap.csv", head + five + "b,1,100,0.5,0.4,0.6\n").string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto t = parse_output(r.out);
    ASSERT_EQ(t.rows.size(), 2u);
    EXPECT_EQ(text(t, 1, "sii"), "");
    EXPECT_NE(text(t, 1, "note").find("kvantil 2"), std::string::npos);
    // Usage: the value type is required, repetitions at least 1000.
    EXPECT_EQ(run_omrade({"stats", "sii", "--input", write_file(dir, "u.csv", head + five).string()}).exit_code, 2);
    EXPECT_EQ(run_omrade({"stats", "sii", "other", "--input", (dir / "u.csv").string(), "--repetitions", "10"}).exit_code, 2);
    EXPECT_EQ(run_omrade({"stats", "sii", "other", "--input", (dir / "u.csv").string(), "--confidence", "0.95"}).exit_code, 2);
}

TEST(StatsHelp, ListsOptions) {
    const RunResult r = run_omrade({"stats", "--help"});
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_NE(r.out.find("--confidence"), std::string::npos);
    EXPECT_NE(r.out.find("--multiplier"), std::string::npos);
}
