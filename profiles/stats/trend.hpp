// Change over time: the recent trend of a series exactly as PHEindicatormethods'
// assign_trend_markers (R/TrendMarkers.R with R/utils.R, Fingertips "Trend markers"), and the
// change between two periods with a confidence interval. Pure functions; no I/O.
//
// Used by the engine (series per indicator and area), `omrade stats trend` and the vårdcentral
// follow-up. Years are numbers (normally whole years); a series is given in any order.
#pragma once

#include "profiles/stats/methods.hpp"

#include <optional>
#include <string>
#include <vector>

namespace omrade::profiles {

// χ² with 1 degree of freedom at 99.8 %: a trend is significant when the statistic is above it.
inline constexpr double trend_chi_square_threshold = 9.5495;
// assign_trend_markers uses the last five points of a series, and needs five.
inline constexpr int trend_points = 5;

// The markers of assign_trend_markers: "Increasing", "Decreasing", "No significant change",
// "Cannot be calculated".
enum class TrendDirection { increasing, decreasing, no_significant_change, cannot_be_calculated };

enum class TrendReason {
    not_enough_points,        // fewer than five rows in the series ("Not enough data points")
    duplicate_years,          // a year appears twice ("Duplicate years in group")
    missing_values,           // a value (other) or a numerator/denominator (proportion) is missing
                              // among the last five ("Missing values")
    missing_limits,           // other: a confidence limit is missing among the last five
    undefined,                // the formulas give no number (0 %/100 % in a significant series,
                              // a confidence interval of zero width): R stops with an error here
    outlier,                  // χ² significant but leaving out one point flips the slope's sign
    significant,              // χ² above the threshold and no outlier
    not_significant,          // χ² not above the threshold
};

struct TrendResult {
    TrendDirection direction = TrendDirection::cannot_be_calculated;
    TrendReason reason = TrendReason::not_enough_points;
    double year = 0;                    // latest year of the series (the row the marker belongs to)
    std::optional<double> chi_square;   // the test statistic when it was computed
    std::optional<double> slope;        // the trend-direction slope (logit or value per year)
};

// One period of a proportion: numerator of denominator; nullopt = missing (NA).
struct ProportionPoint {
    double year = 0;
    std::optional<double> numerator, denominator;
};
// One period of any other indicator type: value with its limits at the given confidence.
struct ValuePoint {
    double year = 0;
    std::optional<double> value, lower, upper;
};

// assign_trend_markers(value_type = "proportion") for the latest year of the series: the rows are
// ordered by year and the last five used; fewer than five rows or a duplicate year → cannot be
// calculated; χ² of the logistic-regression trend (utils.R calculate_trend_logistic_regression),
// direction from the least-squares slope of logit(p) on year; significant above 9.5495 unless
// the slope of some four-point subset has another sign (R's sign(): 0 differs from ±).
TrendResult proportion_trend(std::vector<ProportionPoint> series);

// assign_trend_markers(value_type = "other", multiplier = 1): the same rules with the
// regression weighted by 1/SE², SE = (upper − lower) / (2·z), z = qnorm(1 − (1 − confidence)/2)
// (calculate_trend_weighted_regression). confidence in (0, 1).
TrendResult value_trend(std::vector<ValuePoint> series, double confidence = 0.95);

// The building blocks (utils.R), exposed for tests and for callers that need the figures. The
// vectors have equal length >= 2.
double logistic_trend_slope(const std::vector<double>& numerators, const std::vector<double>& denominators,
                            const std::vector<double>& years);
double logistic_trend_chi_square(const std::vector<double>& numerators, const std::vector<double>& denominators,
                                 const std::vector<double>& years);
double weighted_trend_slope(const std::vector<double>& values, const std::vector<double>& lower,
                            const std::vector<double>& upper, const std::vector<double>& years, double confidence);
double weighted_trend_chi_square(const std::vector<double>& values, const std::vector<double>& lower,
                                 const std::vector<double>& upper, const std::vector<double>& years,
                                 double confidence);

// Machine code of `omrade stats trend`: "okande", "minskande", "ingen_signifikant",
// "kan_inte_beraknas".
const char* trend_code(TrendDirection d);
// Swedish explanation of a reason (decimal comma: CSV writers quote it).
const char* trend_reason_text(TrendReason r);

// ---- Change between two periods -------------------------------------------------------------

enum class ChangeDirection { increase, decrease, no_significant_change, cannot_be_calculated };

struct Change {
    Estimate difference;  // later − earlier, with its interval (status/note when not computable)
    ChangeDirection direction = ChangeDirection::cannot_be_calculated;
};

// Difference of two estimates with their own intervals by MOVER (Zou & Donner 2008): with
// d = v₂ − v₁, lower = d − √((v₂ − l₂)² + (u₁ − v₁)²), upper = d + √((u₂ − v₂)² + (v₁ − l₁)²).
// For two Wilson intervals this is Newcombe's hybrid score interval (method 10), the difference
// of proportions Fingertips uses; with Byar/exact Poisson limits it is the difference of two
// rates; with symmetric limits it is d ± z√(SE₁² + SE₂²). The change is significant when the
// interval excludes 0. Both estimates must be at the same confidence level and multiplier; an
// estimate that is not ok or has no limits (a published mean) gives cannot_be_calculated.
Change change_between(const Estimate& earlier, const Estimate& later);

// Convenience: the change of a proportion (Wilson limits) or of a crude rate (Byar/exact).
Change proportion_change(double numerator_earlier, double denominator_earlier, double numerator_later,
                         double denominator_later, double confidence = 0.95, double multiplier = 100.0);
Change rate_change(double numerator_earlier, double denominator_earlier, double numerator_later,
                   double denominator_later, double confidence = 0.95, double multiplier = 100000.0);

// ---- Words for users ------------------------------------------------------------------------

// What a trend or change means for the indicator: "förbättras", "försämras" (by polarity),
// "ökar"/"minskar" (neutral), "ingen säker förändring", "kan inte beräknas".
std::string trend_word(TrendDirection d, Polarity p);
std::string change_word(ChangeDirection d, Polarity p);
// For the inequality gap (SII; larger |SII| = wider gap): "skillnaden minskar", "skillnaden ökar",
// "ingen säker förändring", "kan inte beräknas". latest_sii gives the side of 0 the gap is on (it
// widens when SII moves away from 0).
std::string gap_word(TrendDirection d, double latest_sii);
std::string gap_word(ChangeDirection d, double latest_sii);
// Rating colour of a trend/change word: better/worse/higher/lower as the comparison colours.
Rating trend_rating(TrendDirection d, Polarity p);
Rating change_rating(ChangeDirection d, Polarity p);

}  // namespace omrade::profiles
