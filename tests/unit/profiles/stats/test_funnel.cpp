// Funnel-plot limits and significance against values derived independently by
// tests/unit/profiles/stats/funnel_reference.py (40-digit mpmath): the proportion limits by
// root finding on the Wilson score formula (the share whose upper or lower Wilson limit meets the
// average), the rate limits from the Poisson distribution function (below 10 events) and Byar's
// formula. None of the numbers come from the code under test.
#include "profiles/stats/funnel.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

using namespace omrade::profiles;

namespace {

void expect_rel(double actual, double expected, double tolerance = 1e-9) {
    if (expected == 0) {
        EXPECT_NEAR(actual, 0, 1e-12);
        return;
    }
    EXPECT_NEAR(actual / expected, 1.0, tolerance) << "actual " << actual << " expected " << expected;
}

// funnel_reference.py proportion 3/40 30/100 50/100 120/400 100/400 144/400 900/3000 800/3000
//   1000/3000 0/20 380/1200 860/3000
const std::vector<FunnelUnit> proportion_units{{3, 40},     {30, 100},    {50, 100},    {120, 400},
                                               {100, 400},  {144, 400},   {900, 3000},  {800, 3000},
                                               {1000, 3000}, {0, 20},     {380, 1200},  {860, 3000}};
struct ProportionRef {
    double l95, u95, l998, u998;
    FunnelSignificance state;
};
const std::vector<ProportionRef> proportion_ref{
    {0.15733848708534, 0.44116083078642, 0.075501421050997, 0.522997896820763, FunnelSignificance::low_998},
    {0.209497153241624, 0.389002164630136, 0.157738848102799, 0.440760469768961, FunnelSignificance::not_significant},
    {0.209497153241624, 0.389002164630136, 0.157738848102799, 0.440760469768961, FunnelSignificance::high_998},
    {0.254373406088752, 0.344125911783008, 0.228494253519339, 0.370005064352421, FunnelSignificance::not_significant},
    {0.254373406088752, 0.344125911783008, 0.228494253519339, 0.370005064352421, FunnelSignificance::low_95},
    {0.254373406088752, 0.344125911783008, 0.228494253519339, 0.370005064352421, FunnelSignificance::high_95},
    {0.282863168282095, 0.315636149589665, 0.273413437861172, 0.325085880010588, FunnelSignificance::not_significant},
    {0.282863168282095, 0.315636149589665, 0.273413437861172, 0.325085880010588, FunnelSignificance::low_998},
    {0.282863168282095, 0.315636149589665, 0.273413437861172, 0.325085880010588, FunnelSignificance::high_998},
    // 0 of 20: the 99.8 % lower limit is below 0 (clipped when drawn), so 0 % is only low at 95 %.
    {0.0985569550525873, 0.499942362819173, 0.0, 0.615677451509763, FunnelSignificance::low_95},
    {0.273340342274369, 0.325158975597391, 0.258399006572019, 0.340100311299741, FunnelSignificance::not_significant},
    {0.282863168282095, 0.315636149589665, 0.273413437861172, 0.325085880010588, FunnelSignificance::not_significant},
};

}  // namespace

TEST(Funnel, ProportionAverageIsSumOfNumeratorsOverSumOfDenominators) {
    expect_rel(funnel_average(proportion_units, FunnelStatistic::proportion), 0.29924965893588, 1e-12);
}

TEST(Funnel, ProportionLimitsAndEveryStateAgreeWithTheWilsonDefinition) {
    const double av = funnel_average(proportion_units, FunnelStatistic::proportion);
    for (std::size_t i = 0; i < proportion_units.size(); ++i) {
        SCOPED_TRACE(i);
        const auto& u = proportion_units[i];
        const auto& r = proportion_ref[i];
        const FunnelLimits l = proportion_funnel_limits(av, u.denominator, 100);
        expect_rel(l.lower_95, r.l95 * 100);
        expect_rel(l.upper_95, r.u95 * 100);
        expect_rel(l.lower_998, r.l998 * 100);
        expect_rel(l.upper_998, r.u998 * 100);
        EXPECT_EQ(proportion_funnel_significance(u.numerator, u.denominator, av), r.state);
    }
}

TEST(Funnel, FewerThanTenEventsJustInsideTheLowerLimitIsStillSeen) {
    // 3 of 40 = 7.5 % against a 99.8 % lower limit of 7.5501 %: the margin is 0.05 points.
    const double av = funnel_average(proportion_units, FunnelStatistic::proportion);
    EXPECT_EQ(proportion_funnel_significance(3, 40, av), FunnelSignificance::low_998);
    EXPECT_EQ(proportion_funnel_significance(4, 40, av), FunnelSignificance::low_95);  // 10 % > 7.55 %
}

TEST(Funnel, SigmaAdjustmentIsUnclippedAndScaledByTheMultiplier) {
    const double av = funnel_average(proportion_units, FunnelStatistic::proportion);
    EXPECT_LT(sigma_adjustment(0.999, 20, av, false, 100), 0.0);
    expect_rel(sigma_adjustment(0.975, 400, av, true, 1000), 344.125911783008);
    // Clipping to 0…multiplier for the drawn limits: 1 000 as multiplier clips at 1 000.
    EXPECT_EQ(proportion_funnel_limits(av, 20, 1000).lower_998, 0.0);
}

TEST(Funnel, ProportionInputIsCheckedAsThePackageStops) {
    EXPECT_THROW(funnel_average({}, FunnelStatistic::proportion), std::invalid_argument);
    EXPECT_THROW(funnel_average({{5, 0}}, FunnelStatistic::proportion), std::invalid_argument);
    EXPECT_THROW(funnel_average({{-1, 10}}, FunnelStatistic::proportion), std::invalid_argument);
    EXPECT_THROW(funnel_average({{11, 10}}, FunnelStatistic::proportion), std::invalid_argument);
    EXPECT_NO_THROW(funnel_average({{11, 10}}, FunnelStatistic::rate));
}

// funnel_reference.py rate 4/40 0/10 273/1000 330/1000 310/1000 235/1000 2600/10000 3000/10000
//   2850/10000 2500/10000 9/12 5/9
TEST(Funnel, CrudeRateSignificanceByByarAndExactPoisson) {
    const std::vector<FunnelUnit> units{{4, 40},      {0, 10},       {273, 1000},  {330, 1000},
                                        {310, 1000},  {235, 1000},   {2600, 10000}, {3000, 10000},
                                        {2850, 10000}, {2500, 10000}, {9, 12},      {5, 9}};
    using S = FunnelSignificance;
    const std::vector<S> expected{S::low_95,  S::not_significant, S::not_significant, S::high_998,
                                  S::high_95, S::low_95,          S::low_95,          S::high_998,
                                  S::not_significant, S::low_998, S::high_95,         S::not_significant};
    const double av = funnel_average(units, FunnelStatistic::rate);
    expect_rel(av, 0.274920015429648, 1e-12);
    for (std::size_t i = 0; i < units.size(); ++i) {
        EXPECT_EQ(rate_funnel_significance(units[i].numerator, units[i].denominator, av), expected[i]) << i;
    }
}

TEST(Funnel, PoissonFunnelIsTheTailMean) {
    // Exact means from the Poisson distribution function (funnel_reference.py exact_mean):
    // 4 events: P(X <= 4) = 0.025 at 10.2415886754037; P(X >= 4) = 0.025 at 1.08986537362632.
    expect_rel(poisson_funnel(4, 0.025, true), 10.2415886754037, 1e-9);
    expect_rel(poisson_funnel(4, 0.025, false), 1.08986537362632, 1e-9);
    EXPECT_EQ(poisson_funnel(0, 0.025, false), 0.0);
}

TEST(Funnel, PlottedProportionLinesFollowThePackageGrid) {
    // Denominators 20…3000: the largest is above twice the smallest, so the axis starts at 1; it
    // ends at signif.ceiling(3000) = ceiling(3150 / 100) · 100 = 3200.
    const FunnelLines lines = funnel_lines(proportion_units, FunnelStatistic::proportion, 100);
    ASSERT_EQ(lines.upper_95.size(), 100u);
    EXPECT_EQ(lines.upper_95.front().first, 1.0);
    EXPECT_EQ(lines.upper_95.back().first, 3200.0);
    expect_rel(lines.average, 29.924965893588, 1e-12);
    for (std::size_t i = 1; i < lines.upper_95.size(); ++i) {
        EXPECT_GT(lines.upper_95[i].first, lines.upper_95[i - 1].first);
        EXPECT_LE(lines.upper_95[i].second, lines.upper_95[i - 1].second + 1e-12);  // the funnel narrows
        EXPECT_GE(lines.lower_998[i].second, 0.0);
    }
}

TEST(Funnel, PlottedRateLinesMeetTheAverageFromBothSides) {
    const std::vector<FunnelUnit> units{{273, 1000}, {2600, 10000}, {40, 150}};
    const FunnelLines lines = funnel_lines(units, FunnelStatistic::rate, 1000);
    ASSERT_FALSE(lines.lower_95.empty());
    for (std::size_t i = 0; i < lines.lower_95.size(); ++i) {
        EXPECT_LT(lines.lower_998[i].second, lines.lower_95[i].second);
        EXPECT_LT(lines.lower_95[i].second, lines.average);
        EXPECT_GT(lines.upper_95[i].second, lines.average);
        EXPECT_GT(lines.upper_998[i].second, lines.upper_95[i].second);
    }
    EXPECT_EQ(lines.lower_95.size(), 100u);
}

TEST(Funnel, CodesAndWords) {
    EXPECT_STREQ(funnel_code(FunnelSignificance::high_998), "hogre_998");
    EXPECT_STREQ(funnel_code(FunnelSignificance::low_95), "lagre_95");
    EXPECT_STREQ(funnel_code(FunnelSignificance::not_significant), "inom");
}
