// End-to-end tests of `omrade stats funnel`. The expected limits and states come from
// tests/unit/profiles/stats/funnel_reference.py (40-digit mpmath: root finding on the Wilson
// formula for proportions, the Poisson distribution function and Byar's formula for rates), not
// from the code under test.
#include "e2e/run.hpp"
#include "profiles/input/table.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace fs = std::filesystem;
using namespace omrade::test;

namespace {

omrade::profiles::TextTable table_of(const std::string& out) { return omrade::profiles::parse_csv(out, "stdout"); }

void expect_rel(const std::string& cell, double expected) {
    ASSERT_FALSE(cell.empty());
    EXPECT_NEAR(std::stod(cell) / expected, 1.0, 1e-8) << cell << " vs " << expected;
}

}  // namespace

TEST(StatsFunnel, ProportionLimitsAtEachDenominatorAndEveryState) {
    const fs::path dir = scratch_dir("stats_funnel_prop");
    // Swedish CSV with ';' on purpose; a row with '..' is missing and not in the average.
    const auto in = write_file(dir, "p.csv",
                          "id;numerator;denominator\n"
                          "liten;3;40\nA;30;100\nB;50;100\nC;120;400\nD;100;400\nE;144;400\nF;900;3000\n"
                          "G;800;3000\nH;1000;3000\nnoll;0;20\nI;380;1200\nJ;860;3000\nsaknas;..;500\n");
    const RunResult r = run_omrade({"stats", "funnel", "proportion", "--input", in.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto t = table_of(r.out);
    EXPECT_EQ(t.header, (std::vector<std::string>{"id", "numerator", "denominator", "value", "average", "lower_95",
                                                  "upper_95", "lower_998", "upper_998", "significance", "note"}));
    ASSERT_EQ(t.rows.size(), 13u);
    const std::vector<std::string> states{"lagre_998", "inom",      "hogre_998", "inom",     "lagre_95",
                                          "hogre_95",  "inom",      "lagre_998", "hogre_998", "lagre_95",
                                          "inom",      "inom",      ""};
    for (std::size_t i = 0; i < states.size(); ++i) EXPECT_EQ(t.rows[i].cells[9], states[i]) << t.rows[i].cells[0];
    for (std::size_t i = 0; i + 1 < t.rows.size(); ++i) expect_rel(t.rows[i].cells[4], 29.924965893588);
    // liten (3 of 40, fewer than 10 events): 95 and 99.8 % limits in per cent.
    expect_rel(t.rows[0].cells[3], 7.5);
    expect_rel(t.rows[0].cells[5], 15.733848708534);
    expect_rel(t.rows[0].cells[6], 44.116083078642);
    expect_rel(t.rows[0].cells[7], 7.5501421050997);
    expect_rel(t.rows[0].cells[8], 52.2997896820763);
    // noll (0 of 20): the 99.8 % lower limit is clipped to 0.
    EXPECT_EQ(t.rows[9].cells[7], "0");
    expect_rel(t.rows[9].cells[5], 9.85569550525873);
    EXPECT_TRUE(t.rows[12].cells[3].empty());
    EXPECT_NE(t.rows[12].cells[10].find("medelvärdet"), std::string::npos);
}

TEST(StatsFunnel, CrudeRatePerThousandWithFewEvents) {
    const fs::path dir = scratch_dir("stats_funnel_rate");
    const auto in = write_file(dir, "r.csv",
                          "id,numerator,denominator\n"
                          "a,4,40\nb,0,10\nc,273,1000\nd,330,1000\ne,310,1000\nf,235,1000\ng,2600,10000\n"
                          "h,3000,10000\ni,2850,10000\nj,2500,10000\nk,9,12\nl,5,9\n");
    const auto out = dir / "ut.csv";
    const RunResult r = run_omrade({"stats", "funnel", "rate", "--input", in.string(), "--output", out.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto t = table_of(read_file(out));
    ASSERT_EQ(t.header.size(), 10u);  // no note column for clean input
    const std::vector<std::string> states{"lagre_95", "inom",      "inom",     "hogre_998", "hogre_95", "lagre_95",
                                          "lagre_95", "hogre_998", "inom",     "lagre_998", "hogre_95", "inom"};
    ASSERT_EQ(t.rows.size(), states.size());
    for (std::size_t i = 0; i < states.size(); ++i) {
        EXPECT_EQ(t.rows[i].cells[9], states[i]) << t.rows[i].cells[0];
        EXPECT_TRUE(t.rows[i].cells[5].empty());  // rate limits are drawn by events, not per row
    }
    expect_rel(t.rows[0].cells[3], 100);                  // 4 per 40 = 100 per 1 000
    expect_rel(t.rows[0].cells[4], 274.920015429648);     // default multiplier 1 000
}

TEST(StatsFunnel, ErrorsAndUsage) {
    const fs::path dir = scratch_dir("stats_funnel_errors");
    const auto above = write_file(dir, "a.csv", "id,numerator,denominator\nA,5,10\nB,11,10\n");
    RunResult r = run_omrade({"stats", "funnel", "proportion", "--input", above.string()});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("a.csv: rad 3"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("'numerator'"), std::string::npos) << r.err;
    // A rate may exceed its denominator.
    EXPECT_EQ(run_omrade({"stats", "funnel", "rate", "--input", above.string()}).exit_code, 0);

    const auto zero = write_file(dir, "z.csv", "id,numerator,denominator\nA,0,0\n");
    r = run_omrade({"stats", "funnel", "rate", "--input", zero.string()});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("z.csv: rad 2"), std::string::npos) << r.err;

    const auto none = write_file(dir, "n.csv", "id,numerator,denominator\nA,..,10\n");
    EXPECT_EQ(run_omrade({"stats", "funnel", "rate", "--input", none.string()}).exit_code, 1);

    const auto clash = write_file(dir, "c.csv", "id,numerator,denominator,average\nA,1,10,3\n");
    EXPECT_EQ(run_omrade({"stats", "funnel", "rate", "--input", clash.string()}).exit_code, 1);

    EXPECT_EQ(run_omrade({"stats", "funnel", "--input", above.string()}).exit_code, 2);
    EXPECT_EQ(run_omrade({"stats", "funnel", "dsr", "--input", above.string()}).exit_code, 2);
    EXPECT_EQ(run_omrade({"stats", "funnel", "rate", "--input", above.string(), "--confidence", "0.95"}).exit_code, 2);
    EXPECT_EQ(run_omrade({"stats", "funnel", "rate", "--input", above.string(), "--multiplier", "0"}).exit_code, 2);
}
