// End-to-end tests of `omrade stats trend`. The expected markers follow from χ² values computed
// independently (30-digit mpmath transcription of the Fingertips formulas, see
// tests/unit/profiles/stats/test_trend.cpp), not from the code under test.
#include "e2e/run.hpp"
#include "profiles/input/table.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace fs = std::filesystem;
using namespace omrade::test;

namespace {

std::vector<std::vector<std::string>> rows_of(const std::string& out) {
    const auto t = omrade::profiles::parse_csv(out, "stdout");
    EXPECT_EQ(t.header, (std::vector<std::string>{"group", "year", "trend", "reason"}));
    std::vector<std::vector<std::string>> rows;
    for (const auto& r : t.rows) rows.push_back(r.cells);
    return rows;
}

}  // namespace

TEST(StatsTrend, ProportionGroupsEveryMarkerInFirstAppearanceOrder) {
    const fs::path dir = scratch_dir("stats_trend_prop");
    // up: χ² 33.2; flat: χ² 0.0011; outlier: χ² 92.7 but the slope flips without 2020; short: 4
    // years; gap: a missing count in 2018; six: six years, the off first one unused; dup: 2019
    // twice (several groups: marked, not an error). Rows deliberately out of year order.
    const auto in = write_file(dir, "t.csv",
                          "group;year;numerator;denominator\n"
                          "up;2020;180;1000\nup;2016;100;1000\nup;2017;120;1000\nup;2018;140;1000\nup;2019;160;1000\n"
                          "flat;2016;100;1000\nflat;2017;104;1000\nflat;2018;98;1000\nflat;2019;103;1000\nflat;2020;101;1000\n"
                          "outlier;2016;130;1000\noutlier;2017;100;1000\noutlier;2018;100;1000\noutlier;2019;100;1000\noutlier;2020;300;1000\n"
                          "short;2017;120;1000\nshort;2018;140;1000\nshort;2019;160;1000\nshort;2020;180;1000\n"
                          "gap;2016;100;1000\ngap;2017;120;1000\ngap;2018;..;1000\ngap;2019;160;1000\ngap;2020;180;1000\n"
                          "six;2015;500;1000\nsix;2016;100;1000\nsix;2017;120;1000\nsix;2018;140;1000\nsix;2019;160;1000\nsix;2020;180;1000\n"
                          "dec;2016;400;2000\ndec;2017;380;2010\ndec;2018;350;1990\ndec;2019;330;2005\ndec;2020;300;2000\n"
                          "dup;2016;100;1000\ndup;2017;120;1000\ndup;2019;140;1000\ndup;2019;160;1000\ndup;2020;180;1000\n");
    const RunResult r = run_omrade({"stats", "trend", "proportion", "--input", in.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto rows = rows_of(r.out);
    ASSERT_EQ(rows.size(), 8u);
    const std::vector<std::pair<std::string, std::string>> expected{
        {"up", "okande"},          {"flat", "ingen_signifikant"}, {"outlier", "ingen_signifikant"},
        {"short", "kan_inte_beraknas"}, {"gap", "kan_inte_beraknas"}, {"six", "okande"},
        {"dec", "minskande"},      {"dup", "kan_inte_beraknas"}};
    for (std::size_t i = 0; i < expected.size(); ++i) {
        EXPECT_EQ(rows[i][0], expected[i].first);
        EXPECT_EQ(rows[i][1], "2020") << rows[i][0];
        EXPECT_EQ(rows[i][2], expected[i].second) << rows[i][0] << ": " << rows[i][3];
    }
    EXPECT_NE(rows[2][3].find("avvikande"), std::string::npos) << rows[2][3];
    EXPECT_NE(rows[3][3].find("färre än fem"), std::string::npos) << rows[3][3];
    EXPECT_NE(rows[4][3].find("saknas"), std::string::npos) << rows[4][3];
}

TEST(StatsTrend, OtherWithLimitsAndConfidence) {
    const fs::path dir = scratch_dir("stats_trend_other");
    // The example of assign_trend_markers' documentation (χ² 46.8 at 95 %), an outlier series and
    // a series whose limits are missing in one year.
    const auto in = write_file(dir, "o.csv",
                          "group,year,value,lower,upper\n"
                          "doc,1,30.6,28.98,32.25\ndoc,2,30.2,28.63,31.9\ndoc,3,28,26.44,29.64\ndoc,4,24.6,23.15,26.19\ndoc,5,24.67,23.16,26.25\n"
                          "flip,2016,26,25,27\nflip,2017,20,19,21\nflip,2018,20.5,19.5,21.5\nflip,2019,21,20,22\nflip,2020,30,29,31\n"
                          "nolim,2016,26,25,27\nnolim,2017,20,,21\nnolim,2018,20.5,19.5,21.5\nnolim,2019,21,20,22\nnolim,2020,30,29,31\n");
    const auto out = dir / "ut.csv";
    RunResult r = run_omrade({"stats", "trend", "other", "--input", in.string(), "--output", out.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto rows = rows_of(read_file(out));
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0][1], "5");
    EXPECT_EQ(rows[0][2], "minskande");
    EXPECT_EQ(rows[1][2], "ingen_signifikant");
    EXPECT_EQ(rows[2][2], "kan_inte_beraknas");
    EXPECT_NE(rows[2][3].find("konfidensgräns"), std::string::npos) << rows[2][3];
    // "95" means 95 % as in the package.
    r = run_omrade({"stats", "trend", "other", "--input", in.string(), "--confidence", "95"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    rows = rows_of(r.out);
    EXPECT_EQ(rows[0][2], "minskande");
}

TEST(StatsTrend, ErrorsAndUsage) {
    const fs::path dir = scratch_dir("stats_trend_errors");
    // One series with a duplicate year: assign_trend_markers stops, so do we (file, line, field).
    const auto dup = write_file(dir, "d.csv", "year,numerator,denominator\n2019,1,10\n2020,2,10\n2020,3,10\n");
    RunResult r = run_omrade({"stats", "trend", "proportion", "--input", dup.string()});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("d.csv: rad 4"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("'year'"), std::string::npos) << r.err;

    const auto above = write_file(dir, "a.csv", "group,year,numerator,denominator\nA,2020,11,10\n");
    r = run_omrade({"stats", "trend", "proportion", "--input", above.string()});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("a.csv: rad 2"), std::string::npos) << r.err;

    const auto swapped = write_file(dir, "s.csv", "group,year,value,lower,upper\nA,2020,5,6,4\n");
    r = run_omrade({"stats", "trend", "other", "--input", swapped.string()});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("'lower'"), std::string::npos) << r.err;

    const auto noyear = write_file(dir, "y.csv", "group,numerator,denominator\nA,1,10\n");
    r = run_omrade({"stats", "trend", "proportion", "--input", noyear.string()});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("'year'"), std::string::npos) << r.err;

    EXPECT_EQ(run_omrade({"stats", "trend", "--input", dup.string()}).exit_code, 2);
    EXPECT_EQ(run_omrade({"stats", "trend", "rate", "--input", dup.string()}).exit_code, 2);
    EXPECT_EQ(run_omrade({"stats", "trend", "other", "--input", swapped.string(), "--confidence", "0.8"}).exit_code, 2);
    EXPECT_EQ(run_omrade({"stats", "proportion", "other", "--input", above.string()}).exit_code, 2);
}
