// Trend markers and change between periods against values computed independently: a 30-digit
// mpmath transcription of the published formulas (Fingertips "Trend markers": χ² of the
// logistic-regression trend, the 1/SE²-weighted regression, the leave-one-out sign rule) and
// Newcombe's published example (Stat Med 1998;17:873, table II: 56/70 − 48/80 → 0.0524 to
// 0.3339; 9/10 − 3/10 → 0.1705 to 0.8090). None of the numbers come from the code under test.
#include "profiles/stats/trend.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

using namespace omrade::profiles;

namespace {

void expect_rel(double actual, double expected) {
    EXPECT_NEAR(actual / expected, 1.0, 1e-9) << "actual " << actual << " expected " << expected;
}

std::vector<ProportionPoint> proportions(const std::vector<double>& x, const std::vector<double>& n,
                                         double first_year = 2016) {
    std::vector<ProportionPoint> s;
    for (std::size_t i = 0; i < x.size(); ++i) s.push_back({first_year + static_cast<double>(i), x[i], n[i]});
    return s;
}

std::vector<ValuePoint> values(const std::vector<double>& v, const std::vector<double>& lo,
                               const std::vector<double>& up, double first_year) {
    std::vector<ValuePoint> s;
    for (std::size_t i = 0; i < v.size(); ++i) s.push_back({first_year + static_cast<double>(i), v[i], lo[i], up[i]});
    return s;
}

std::vector<double> plus(const std::vector<double>& v, double d) {
    std::vector<double> out;
    for (double x : v) out.push_back(x + d);
    return out;
}

const std::vector<double> thousand(5, 1000.0);

}  // namespace

TEST(ProportionTrend, SignificantIncreaseWithChiSquareAndSlopeFromTheFormulas) {
    const TrendResult t = proportion_trend(proportions({100, 120, 140, 160, 180}, thousand));
    EXPECT_EQ(t.direction, TrendDirection::increasing);
    EXPECT_EQ(t.reason, TrendReason::significant);
    EXPECT_EQ(t.year, 2020);
    ASSERT_TRUE(t.chi_square && t.slope);
    expect_rel(*t.chi_square, 33.2225913621262458471760797342);
    expect_rel(*t.slope, 0.169595626402293570784623186938);
}

TEST(ProportionTrend, SignificantDecreaseWhenNoPointFlipsTheSlope) {
    // Leave-one-out slopes −0.0915, −0.0856, −0.0865, −0.0881, −0.0803: all negative.
    const TrendResult t = proportion_trend(proportions({400, 380, 350, 330, 300}, {2000, 2010, 1990, 2005, 2000}));
    EXPECT_EQ(t.direction, TrendDirection::decreasing);
    ASSERT_TRUE(t.chi_square);
    expect_rel(*t.chi_square, 21.3891753922468194875890956171);
    expect_rel(*t.slope, -0.0864925137254695864797387855605);
}

TEST(ProportionTrend, NotSignificantBelowThreshold) {
    const TrendResult t = proportion_trend(proportions({100, 104, 98, 103, 101}, thousand));
    EXPECT_EQ(t.direction, TrendDirection::no_significant_change);
    EXPECT_EQ(t.reason, TrendReason::not_significant);
    expect_rel(*t.chi_square, 0.0010994017495439681542891620096);
}

TEST(ProportionTrend, OutlierRuleTurnsASignificantTrendIntoNoChange) {
    // χ² = 92.7 but without the last year the slope is −0.0889: the rise is one outlying year.
    const TrendResult t = proportion_trend(proportions({130, 100, 100, 100, 300}, thousand));
    EXPECT_EQ(t.direction, TrendDirection::no_significant_change);
    EXPECT_EQ(t.reason, TrendReason::outlier);
    expect_rel(*t.chi_square, 92.7143819575887844470822238619);
    expect_rel(logistic_trend_slope({130, 100, 100, 100}, {1000, 1000, 1000, 1000}, {2016, 2017, 2018, 2019}),
               -0.0888797448429517200796381941271638);
}

TEST(ProportionTrend, FewerThanFivePointsCannotBeCalculated) {
    const TrendResult t = proportion_trend(proportions({100, 120, 140, 160}, {1000, 1000, 1000, 1000}));
    EXPECT_EQ(t.direction, TrendDirection::cannot_be_calculated);
    EXPECT_EQ(t.reason, TrendReason::not_enough_points);
    EXPECT_EQ(t.year, 2019);
    EXPECT_FALSE(t.chi_square);
    EXPECT_EQ(proportion_trend({}).direction, TrendDirection::cannot_be_calculated);
}

TEST(ProportionTrend, OnlyTheLastFiveYearsCountAndOrderDoesNotMatter) {
    // Six years, given newest first; the first (2015) is far off and is not used.
    std::vector<ProportionPoint> s = proportions({500, 100, 120, 140, 160, 180}, {1000, 1000, 1000, 1000, 1000, 1000}, 2015);
    std::reverse(s.begin(), s.end());
    const TrendResult t = proportion_trend(s);
    EXPECT_EQ(t.direction, TrendDirection::increasing);
    EXPECT_EQ(t.year, 2020);
    expect_rel(*t.chi_square, 33.2225913621262458471760797342);
    // A missing value outside the last five does not matter either ...
    s = proportions({0, 100, 120, 140, 160, 180}, {1000, 1000, 1000, 1000, 1000, 1000}, 2015);
    s[0].numerator.reset();
    EXPECT_EQ(proportion_trend(s).direction, TrendDirection::increasing);
    // ... but one inside them does: a missing year is missing, never zero.
    s[3].denominator.reset();
    const TrendResult m = proportion_trend(s);
    EXPECT_EQ(m.direction, TrendDirection::cannot_be_calculated);
    EXPECT_EQ(m.reason, TrendReason::missing_values);
}

TEST(ProportionTrend, DuplicateYearAndUndefinedLogit) {
    auto s = proportions({100, 120, 140, 160, 180}, thousand);
    s[4].year = 2019;
    EXPECT_EQ(proportion_trend(s).reason, TrendReason::duplicate_years);
    // 0 % in a significant series: logit(0) = −∞ makes the slope NaN, where R stops with an error.
    const TrendResult u = proportion_trend(proportions({0, 120, 140, 160, 180}, thousand));
    EXPECT_EQ(u.direction, TrendDirection::cannot_be_calculated);
    EXPECT_EQ(u.reason, TrendReason::undefined);
    // 0 % in a flat series: χ² decides first, so R says "No significant change".
    EXPECT_EQ(proportion_trend(proportions({0, 1, 0, 1, 0}, thousand)).reason, TrendReason::not_significant);
}

TEST(ValueTrend, WeightedRegressionOfTheFingertipsExample) {
    // The example in assign_trend_markers' documentation (value type "other", 95 % limits).
    const std::vector<double> v{30.6, 30.2, 28, 24.6, 24.67};
    const std::vector<double> lo{28.98, 28.63, 26.44, 23.15, 23.16};
    const std::vector<double> up{32.25, 31.9, 29.64, 26.19, 26.25};
    const TrendResult t = value_trend(values(v, lo, up, 1), 0.95);
    EXPECT_EQ(t.direction, TrendDirection::decreasing);
    EXPECT_EQ(t.reason, TrendReason::significant);
    expect_rel(*t.chi_square, 46.7635971605495535988442020988697);
    expect_rel(*t.slope, -1.75156622266294919291794519775373);
    // The same limits read as 99.8 % limits give smaller standard errors.
    expect_rel(weighted_trend_chi_square(v, lo, up, {1, 2, 3, 4, 5}, 0.998), 116.250274094795241452184874496681);
}

TEST(ValueTrend, OutlierAndAJumpThatIsNotAnOutlier) {
    const std::vector<double> flip{26, 20, 20.5, 21, 30};
    const TrendResult o = value_trend(values(flip, plus(flip, -1), plus(flip, 1), 2016));
    EXPECT_EQ(o.reason, TrendReason::outlier);
    expect_rel(*o.chi_square, 31.1158164476224081997237589214459);
    // Without the last year the slope is −1.45 ...
    expect_rel(weighted_trend_slope({26, 20, 20.5, 21}, {25, 19, 19.5, 20}, {27, 21, 21.5, 22}, {2016, 2017, 2018, 2019}, 0.95),
               -1.4499999999999999999999996827334);
    // ... while here every four-year subset still rises (smallest slope 0.40): a real increase.
    const std::vector<double> jump{20, 21, 20.5, 21.5, 35};
    const TrendResult j = value_trend(values(jump, plus(jump, -1), plus(jump, 1), 2016));
    EXPECT_EQ(j.direction, TrendDirection::increasing);
    expect_rel(*j.chi_square, 357.351706795070928738185510363756);
}

TEST(ValueTrend, MissingValueBeforeMissingLimitAndZeroWidth) {
    const std::vector<double> v{30.6, 30.2, 28, 24.6, 24.67};
    auto s = values(v, plus(v, -1), plus(v, 1), 2020);
    s[1].lower.reset();
    EXPECT_EQ(value_trend(s).reason, TrendReason::missing_limits);
    s[3].value.reset();  // R checks the values of all five first
    EXPECT_EQ(value_trend(s).reason, TrendReason::missing_values);
    auto z = values(v, plus(v, -1), plus(v, 1), 2020);
    z[2].lower = z[2].upper = 28;
    EXPECT_EQ(value_trend(z).reason, TrendReason::undefined);
    EXPECT_EQ(value_trend(values({1, 2, 3, 4}, {0, 1, 2, 3}, {2, 3, 4, 5}, 2020)).reason, TrendReason::not_enough_points);
    EXPECT_THROW(value_trend(s, 1.0), std::invalid_argument);
}

TEST(Change, NewcombeHybridScoreIntervalForTwoProportions) {
    // Newcombe 1998, table II: later 56/70, earlier 48/80.
    const Change c = proportion_change(48, 80, 56, 70, 0.95, 1.0);
    ASSERT_EQ(c.difference.status, ValueStatus::ok);
    expect_rel(*c.difference.value, 0.2);
    expect_rel(*c.difference.lower, 0.052431472402364906999805030472529);
    expect_rel(*c.difference.upper, 0.333872654036905952364524593127179);
    EXPECT_EQ(c.direction, ChangeDirection::increase);
    const Change d = proportion_change(3, 10, 9, 10, 0.95, 100.0);
    expect_rel(*d.difference.lower, 17.0522723934502960151205359877161);
    expect_rel(*d.difference.upper, 80.9017973535487963297237859840944);
    // The other way round the interval is mirrored: a significant decrease.
    const Change m = proportion_change(56, 70, 48, 80, 0.95, 1.0);
    expect_rel(*m.difference.lower, -0.333872654036905952364524593127179);
    EXPECT_EQ(m.direction, ChangeDirection::decrease);
}

TEST(Change, DifferenceOfTwoRatesWithByarsLimits) {
    const Change c = rate_change(120, 50000, 90, 52000);
    expect_rel(*c.difference.value, -66.9230769230769230769230769230653);
    expect_rel(*c.difference.lower, -124.863417584721662024920284525104);
    expect_rel(*c.difference.upper, -9.86156792342664805850701487132966);
    EXPECT_EQ(c.direction, ChangeDirection::decrease);
    const Change n = rate_change(40, 10000, 55, 10000);
    expect_rel(*n.difference.lower, -48.3699212680390686843786522908778);
    expect_rel(*n.difference.upper, 351.455871726191001985342506819031);
    EXPECT_EQ(n.direction, ChangeDirection::no_significant_change);
}

TEST(Change, MissingPeriodIsNotAChange) {
    const Change c = proportion_change(5, 0, 10, 100);
    EXPECT_EQ(c.direction, ChangeDirection::cannot_be_calculated);
    EXPECT_EQ(c.difference.status, ValueStatus::missing);
    EXPECT_FALSE(c.difference.value);
    EXPECT_NE(c.difference.note.find("föregående"), std::string::npos) << c.difference.note;
}

TEST(TrendWords, PolarityDecidesBetterOrWorseNeutralSaysUpOrDown) {
    EXPECT_EQ(trend_word(TrendDirection::increasing, Polarity::high_is_good), "förbättras");
    EXPECT_EQ(trend_word(TrendDirection::increasing, Polarity::low_is_good), "försämras");
    EXPECT_EQ(trend_word(TrendDirection::decreasing, Polarity::low_is_good), "förbättras");
    EXPECT_EQ(trend_word(TrendDirection::decreasing, Polarity::neutral), "minskar");
    EXPECT_EQ(trend_word(TrendDirection::no_significant_change, Polarity::neutral), "ingen säker förändring");
    EXPECT_EQ(change_word(ChangeDirection::increase, Polarity::neutral), "ökar");
    EXPECT_EQ(change_word(ChangeDirection::cannot_be_calculated, Polarity::high_is_good), "kan inte beräknas");
    EXPECT_EQ(trend_rating(TrendDirection::increasing, Polarity::low_is_good), Rating::worse);
    EXPECT_EQ(change_rating(ChangeDirection::decrease, Polarity::neutral), Rating::lower);
    // A gap (SII) of −3 that rises towards 0 narrows.
    EXPECT_EQ(gap_word(TrendDirection::increasing, -3.0), "skillnaden minskar");
    EXPECT_EQ(gap_word(ChangeDirection::increase, 2.0), "skillnaden ökar");
    EXPECT_EQ(std::string(trend_code(TrendDirection::no_significant_change)), "ingen_signifikant");
}

TEST(Change, ValuesWithoutLimitsCannotBeCompared) {
    Estimate a;
    a.status = ValueStatus::ok;
    a.value = 3.0;
    Estimate b = a;
    b.value = 4.0;
    const Change c = change_between(a, b);
    EXPECT_EQ(c.direction, ChangeDirection::cannot_be_calculated);
    EXPECT_FALSE(c.difference.value);
    EXPECT_EQ(c.difference.note, "konfidensintervall saknas");
}
