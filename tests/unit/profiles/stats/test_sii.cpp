// phe_sii (PHEindicatormethods R/SII_function.R, SimulationFunc in R/utils.R) against an
// independent reference: sii_reference.py beside this file, python3 + mpmath written from the
// published method
// (weighted least squares of sqrt(a)·y on sqrt(a) and b·sqrt(a) by matrix algebra at 30 digits;
// standard errors from the 95 % limits on the log/logit scale; 100 000 draws from Python's own
// random.gauss, sorted, positions round(R·(1−c')) and round(R·c')). Point estimates must agree
// exactly; limits within the noise of two independent simulations (a few per cent of the width).
#include "profiles/stats/sii.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

using namespace omrade::profiles;

namespace {

struct Reference {
    double sii, sii_lo95, sii_hi95, sii_lo998, sii_hi998;
    double rii, rii_lo95, rii_hi95, rii_lo998, rii_hi998;
};

void expect_limits(const Estimate& e, double lo, double hi, double share) {
    ASSERT_TRUE(e.lower && e.upper) << e.note;
    const double tol = share * (hi - lo);
    EXPECT_NEAR(*e.lower, lo, tol);
    EXPECT_NEAR(*e.upper, hi, tol);
}

void expect_reference(const SiiResult& r, const Reference& x) {
    ASSERT_EQ(r.sii95.status, ValueStatus::ok) << r.sii95.note;
    EXPECT_NEAR(*r.sii95.value, x.sii, 1e-9 * std::abs(x.sii));
    EXPECT_NEAR(*r.rii95.value, x.rii, 1e-9 * std::abs(x.rii));
    EXPECT_EQ(*r.sii998.value, *r.sii95.value);
    expect_limits(r.sii95, x.sii_lo95, x.sii_hi95, 0.03);
    expect_limits(r.sii998, x.sii_lo998, x.sii_hi998, 0.05);
    expect_limits(r.rii95, x.rii_lo95, x.rii_hi95, 0.03);
    expect_limits(r.rii998, x.rii_lo998, x.rii_hi998, 0.05);
}

}  // namespace

// The example of phe_sii's own documentation (Area1, deciles, value_type 0).
TEST(Sii, OtherValuesAsPheSiiDocumentationExample) {
    const std::vector<SiiQuantile> q = {
        {7291, 75.9, 72.7, 79.1}, {7997, 78.3, 75.3, 81.4}, {6105, 83.8, 80.9, 86.8}, {7666, 83.6, 80.2, 87.1},
        {5790, 80.5, 77.1, 83.8}, {6934, 81.1, 78, 84.2},   {5918, 81.7, 79, 84.4},   {5974, 84.2, 81.4, 86.9},
        {7147, 80.6, 75.8, 85.4}, {7534, 86.3, 83.2, 89.4}};
    SiiOptions o;
    o.type = SiiValueType::other;
    expect_reference(phe_sii(q, o), {7.00023476008, 3.12600826963, 10.8333663975, 0.92898842426, 13.0330700839,
                                     1.08970970491, 1.03909626915, 1.1421864869, 1.01154113134, 1.17360814889});
}

// Proportions as shares with Wilson 95 % limits, multiplier 100 (percentage points).
TEST(Sii, ProportionLogitScale) {
    const std::vector<SiiQuantile> q = {
        {9800, 0.04204081632653061, 0.03824375322389723, 0.04619676555620505},
        {10400, 0.03365384615384615, 0.03035650884460716, 0.037295565786341384},
        {9900, 0.030303030303030304, 0.02710426441278853, 0.0338661642164877},
        {10100, 0.02574257425742574, 0.022829694328676774, 0.029016077495402907},
        {9700, 0.021649484536082474, 0.018937005888309058, 0.024740692332474064}};
    SiiOptions o;
    o.type = SiiValueType::proportion;
    o.multiplier = 100;
    expect_reference(phe_sii(q, o), {-2.41488679212, -2.95935251806, -1.87685725327, -3.28937275998, -1.56516731525,
                                     0.435455393821, 0.353115205686, 0.530824810363, 0.308234851258, 0.592158734801});
}

// Rates per 100 000 with Byar's limits, log scale, six quantiles.
TEST(Sii, RateLogScale) {
    const std::vector<SiiQuantile> q = {{20000, 475.0, 384.2936458712978, 580.668683746201},
                                        {21000, 380.95238095238096, 302.06129151814645, 474.1340590424875},
                                        {19500, 338.46153846153845, 261.7537314747012, 430.61271679926455},
                                        {22000, 268.1818181818182, 204.1406630507804, 345.941080131912},
                                        {20500, 200.0, 143.50766491761647, 271.32963778584605},
                                        {21500, 204.6511627906977, 148.68543877870434, 274.7412731704102}};
    SiiOptions o;
    o.type = SiiValueType::rate;
    expect_reference(phe_sii(q, o), {-334.534594326, -453.976956471, -220.247733185, -524.531628842, -152.351211285,
                                     0.297939949396, 0.167316228042, 0.475214311071, 0.106201492925, 0.611540142605});
}

TEST(Sii, SameSeedSameLimitsAndCoefficientsReproduceTheFit) {
    const std::vector<SiiQuantile> q = {{100, 5, 4, 6}, {200, 4, 3, 5}, {150, 3, 2, 4}, {120, 2, 1, 3}, {130, 1, 0.5, 1.5}};
    const SiiResult a = phe_sii(q, {}), b = phe_sii(q, {});
    EXPECT_EQ(*a.sii95.lower, *b.sii95.lower);
    EXPECT_EQ(*a.rii998.upper, *b.rii998.upper);
    // A perfectly linear gradient: y = 5 − 5·rank exactly at the mid-points → SII −5, RII 0.
    const SiiCoefficients c = sii_coefficients({1, 1, 1, 1, 1});
    double slope = 0, intercept = 0;
    for (std::size_t i = 0; i < 5; ++i) {
        const double y = 5 - 5 * (0.1 + 0.2 * static_cast<double>(i));
        slope += c.slope[i] * y;
        intercept += c.intercept[i] * y;
    }
    EXPECT_NEAR(slope, -5, 1e-12);
    EXPECT_NEAR(intercept, 5, 1e-12);
}

TEST(Sii, RefusesWhatPheSiiRefuses) {
    std::vector<SiiQuantile> four(4, {100, 5, 4, 6});
    EXPECT_THROW(phe_sii(four, {}), std::invalid_argument);  // fewer than 5 quantiles
    std::vector<SiiQuantile> five(5, {100, 5, 4, 6});
    SiiOptions few;
    few.repetitions = 999;
    EXPECT_THROW(phe_sii(five, few), std::invalid_argument);
    five[2].population = 0;
    EXPECT_THROW(phe_sii(five, {}), std::invalid_argument);
    std::vector<SiiQuantile> pct(5, {100, 5, 4, 6});
    SiiOptions prop;
    prop.type = SiiValueType::proportion;
    EXPECT_THROW(phe_sii(pct, prop), std::invalid_argument);  // per cent given as a proportion
}

TEST(Sii, ProportionLimitAtZeroGivesPointEstimatesWithoutLimits) {
    std::vector<SiiQuantile> q = {{100, 0.05, 0.02, 0.1}, {100, 0.04, 0.01, 0.09}, {100, 0.0, 0.0, 0.037},
                                  {100, 0.03, 0.01, 0.08}, {100, 0.02, 0.005, 0.07}};
    SiiOptions o;
    o.type = SiiValueType::proportion;
    const SiiResult r = phe_sii(q, o);
    ASSERT_EQ(r.sii95.status, ValueStatus::ok);
    EXPECT_TRUE(r.sii95.value);
    EXPECT_FALSE(r.sii95.lower);
    EXPECT_FALSE(r.sii95.note.empty());
}
