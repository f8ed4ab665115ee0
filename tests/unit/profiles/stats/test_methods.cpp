// Statistical methods against values computed independently from the published formulas
// (Wilson 1927, Byar / Breslow & Day 1987, exact Poisson via chi-square, Dobson 1991, Student's t,
// phe_quantile, the Fingertips comparison). Reference numbers come from a 30-digit mpmath computation
// (normal quantile via erfinv, chi-square and t quantiles by bisection on the regularised
// incomplete gamma/beta functions), not from the code under test.
#include "profiles/stats/methods.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>

using namespace omrade::profiles;

namespace {

void expect_rel(double actual, double expected) {
    if (expected == 0) {
        EXPECT_NEAR(actual, 0.0, 1e-12);
    } else {
        EXPECT_NEAR(actual / expected, 1.0, 1e-6) << "actual " << actual << " expected " << expected;
    }
}

void expect_estimate(const Estimate& e, double value, double lower, double upper) {
    ASSERT_EQ(e.status, ValueStatus::ok) << e.note;
    ASSERT_TRUE(e.value && e.lower && e.upper);
    expect_rel(*e.value, value);
    expect_rel(*e.lower, lower);
    expect_rel(*e.upper, upper);
}

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

}  // namespace

TEST(Proportion, WilsonScoreAt95And998) {
    expect_estimate(proportion(65, 100), 65.0, 55.254443296887962, 73.635751756902468);
    expect_estimate(proportion(65, 100, 0.998), 65.0, 49.549465740704475, 77.835406140896857);
    expect_estimate(proportion(1, 3, 0.95, 1.0), 1.0 / 3.0, 0.061491944720396248, 0.79234039919795223);
}

TEST(Proportion, ZeroNumeratorAndNumeratorEqualDenominator) {
    expect_estimate(proportion(0, 50), 0.0, 0.0, 7.1347599133358704);
    expect_estimate(proportion(50, 50), 100.0, 92.86524008666413, 100.0);
}

TEST(Proportion, ZeroDenominatorIsMissingWithNote) {
    const Estimate e = proportion(0, 0);
    EXPECT_EQ(e.status, ValueStatus::missing);
    EXPECT_FALSE(e.value);
    EXPECT_EQ(e.note, "nämnaren är 0");
}

TEST(Proportion, InvalidInputThrows) {
    EXPECT_THROW(proportion(6, 5), std::invalid_argument);
    EXPECT_THROW(proportion(-1, 5), std::invalid_argument);
    EXPECT_THROW(proportion(1, 5, 1.0), std::invalid_argument);
    EXPECT_THROW(proportion(1, 5, 95), std::invalid_argument);
}

TEST(Rate, ExactPoissonBelowTenEvents) {
    // Upper limit for 0 events at 95 %: -ln(0.025) = 3.6888794541139354 per 1000.
    expect_estimate(rate(0, 1000), 0.0, 0.0, 368.88794541139354);
    expect_estimate(rate(5, 2000), 250.0, 81.174319505921046, 583.41660396613341);
    expect_estimate(rate(9, 2000), 450.0, 205.76865486891665, 854.24017257095843);
    expect_estimate(rate(3, 1000, 0.998), 300.0, 19.053337756840325, 1306.224077918807);
}

TEST(Rate, ByarsFromTenEvents) {
    expect_estimate(rate(10, 2000), 500.0, 239.37249569837813, 919.57293028782369);
    expect_estimate(rate(150, 200000, 0.998), 75.0, 57.483540565282922, 95.927119810644407);
}

TEST(Rate, MultiplierScalesEverything) {
    const Estimate a = rate(10, 2000, 0.95, 1000.0);
    expect_estimate(a, 5.0, 2.3937249569837813, 9.1957293028782369);
}

TEST(Dsr, DobsonAt95And998) {
    const std::vector<AgeBandCount> bands = {{3, 1200, 5000}, {7, 2500, 6000}, {12, 1800, 5500}, {20, 900, 4000}};
    expect_estimate(dsr(bands), 755.3929539295393, 539.15277779427888, 1027.6584228928099);
    expect_estimate(dsr(bands, 0.998), 755.3929539295393, 437.52745017155968, 1200.8111333623439);
}

TEST(Dsr, FewerThanTenEventsIsTooFew) {
    const std::vector<AgeBandCount> bands = {{3, 1200, 5000}, {6, 2500, 6000}, {0, 1800, 5500}};
    const Estimate e = dsr(bands);
    EXPECT_EQ(e.status, ValueStatus::too_few);
    EXPECT_FALSE(e.value);
    EXPECT_EQ(e.note, "färre än 10 händelser");
    EXPECT_STREQ(status_text(e.status), "för få för beräkning");
    // Exactly 10 events is computed.
    EXPECT_EQ(dsr({{4, 1200, 5000}, {6, 2500, 6000}}).status, ValueStatus::ok);
}

// Finding 7 (issue 10): a band with population 0 was dropped and the weights re-normalised.
// PHE keeps every standard weight in Σw; 0 events in 0 population contribute 0. Reference (mpmath,
// 30 digits, from the Dobson formula): DSR = (10·6000/2500 + 5·5500/1000) / 16500 · 1e5.
TEST(Dsr, EmptyBandKeepsItsStandardWeight) {
    const std::vector<AgeBandCount> bands = {{0, 0, 5000}, {10, 2500, 6000}, {5, 1000, 5500}};
    expect_estimate(dsr(bands), 312.121212121212121, 162.622490448051006, 532.423677041389730);
    expect_estimate(dsr(bands, 0.998), 312.121212121212121, 103.044397118940493, 680.582964327447484);
    // Events in a band without population cannot be a rate: the caller names the area and band.
    EXPECT_THROW(dsr({{10, 0, 5000}, {6, 2500, 6000}}), std::invalid_argument);
}

TEST(Mean, StudentsT) {
    expect_estimate(mean({30, 40, 50, 60}), 45.0, 24.457397432394787, 65.542602567605213);
    expect_estimate(mean({20, 30, 40}, 0.998), 30.0, -98.905714962590656, 158.90571496259066);
    // Closed form for 2 degrees of freedom: t = (2p-1)/sqrt(2p(1-p)) with p = 0.975.
    const double p = 0.975, t = (2 * p - 1) / std::sqrt(2 * p * (1 - p));
    expect_estimate(mean({20, 30, 40}), 30.0, 30 - t * 10 / std::sqrt(3.0), 30 + t * 10 / std::sqrt(3.0));
}

TEST(Mean, OneValueIsTooFew) {
    EXPECT_EQ(mean({3}).status, ValueStatus::too_few);
    EXPECT_EQ(mean({}).status, ValueStatus::too_few);
}

TEST(Quantiles, RankRuleOfPheQuantile) {
    // N = 10, 5 groups: group = floor(6 - ceil((11 - rank) / 2)); the tied 3s share rank 3.
    const std::vector<double> v = {5, 1, 3, 3, 9, 7, 2, 8, 6, 4};
    EXPECT_EQ(quantile_groups(v, 5), (std::vector<int>{3, 1, 2, 2, 5, 4, 1, 5, 4, 3}));
    const auto cuts = quantile_cuts(v, 5);
    EXPECT_EQ(cuts, (std::vector<double>{3, 4, 6, 8}));
    const auto groups = quantile_groups(v, 5);
    for (std::size_t i = 0; i < v.size(); ++i) EXPECT_EQ(quantile_of(v[i], cuts), groups[i]) << v[i];
}

TEST(Quantiles, TiesAcrossBoundariesLeaveGroupsEmpty) {
    // ranks 1,1,1,4,5 with N/n = 1: groups 1,1,1,4,5 (2 and 3 empty).
    const std::vector<double> v = {1, 1, 1, 2, 3};
    EXPECT_EQ(quantile_groups(v, 5), (std::vector<int>{1, 1, 1, 4, 5}));
    const auto cuts = quantile_cuts(v, 5);
    EXPECT_EQ(cuts, (std::vector<double>{2, 2, 2, 3}));
    EXPECT_EQ(quantile_of(1, cuts), 1);
    EXPECT_EQ(quantile_of(2, cuts), 4);
    EXPECT_EQ(quantile_of(3, cuts), 5);
}

TEST(Quantiles, MissingValuesAndTooFewValues) {
    EXPECT_EQ(quantile_groups({2, not_a_number, 1, 4, 3}, 2), (std::vector<int>{1, 0, 1, 2, 2}));
    EXPECT_EQ(quantile_groups({1, 2, 3}, 5), (std::vector<int>{0, 0, 0}));
    EXPECT_TRUE(quantile_cuts({1, 2, 3}, 5).empty());
    EXPECT_EQ(quantile_of(not_a_number, {1.0}), 0);
    EXPECT_THROW(quantile_groups({1}, 0), std::invalid_argument);
}

// The SII/RII (phe_sii) are tested in test_sii.cpp.

TEST(Comparison, BenchmarkInsideOrOutsideTheInterval) {
    const Estimate e = proportion(65, 100);  // 55.25 .. 73.64
    EXPECT_EQ(compare(e, 60), Comparison::similar);
    EXPECT_EQ(compare(e, 50), Comparison::higher);
    EXPECT_EQ(compare(e, 80), Comparison::lower);
    EXPECT_EQ(compare(e, *e.lower), Comparison::similar);  // boundary counts as inside
    EXPECT_EQ(compare(e, not_a_number), Comparison::not_compared);
    EXPECT_EQ(compare(dsr({{1, 10, 1}}), 50), Comparison::not_compared);
}

TEST(Comparison, PolarityColoursAndWords) {
    EXPECT_EQ(rate_comparison(Comparison::higher, Polarity::high_is_good), Rating::better);
    EXPECT_EQ(rate_comparison(Comparison::higher, Polarity::low_is_good), Rating::worse);
    EXPECT_EQ(rate_comparison(Comparison::higher, Polarity::neutral), Rating::higher);
    EXPECT_EQ(rate_comparison(Comparison::lower, Polarity::high_is_good), Rating::worse);
    EXPECT_EQ(rate_comparison(Comparison::lower, Polarity::low_is_good), Rating::better);
    EXPECT_EQ(rate_comparison(Comparison::lower, Polarity::neutral), Rating::lower);
    EXPECT_EQ(rate_comparison(Comparison::similar, Polarity::neutral), Rating::similar);
    EXPECT_EQ(rate_comparison(Comparison::not_compared, Polarity::high_is_good), Rating::not_compared);
    EXPECT_STREQ(rating_colour(Rating::better), "#92D050");
    EXPECT_STREQ(rating_colour(Rating::similar), "#FFC000");
    EXPECT_STREQ(rating_colour(Rating::worse), "#C00000");
    EXPECT_STREQ(rating_colour(Rating::higher), "#BED2FF");
    EXPECT_STREQ(rating_colour(Rating::lower), "#5555E6");
    EXPECT_STREQ(rating_colour(Rating::not_compared), "#C9C9C9");
    EXPECT_STREQ(rating_text(Rating::similar), "likvärdigt");
    EXPECT_STREQ(rating_text(Rating::worse), "sämre");
    EXPECT_STREQ(status_text(ValueStatus::suppressed), "undertryckt");
    EXPECT_STREQ(status_text(ValueStatus::missing), "saknas");
}
