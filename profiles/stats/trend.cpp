#include "profiles/stats/trend.hpp"

#include <boost/math/distributions/normal.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace omrade::profiles {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// R's sign(): NaN stays NaN, so a comparison with it is "undefined" (R stops there).
double r_sign(double x) {
    if (std::isnan(x)) return nan;
    return x > 0 ? 1.0 : (x < 0 ? -1.0 : 0.0);
}

void check_lengths(std::size_t a, std::size_t b, std::size_t c) {
    if (a != b || a != c || a < 2) throw std::invalid_argument("trend: vectors of equal length >= 2 required");
}

template <class Point>
void sort_by_year(std::vector<Point>& series) {
    std::stable_sort(series.begin(), series.end(), [](const Point& a, const Point& b) { return a.year < b.year; });
}

template <class Point>
bool has_duplicate_years(const std::vector<Point>& sorted) {
    for (std::size_t i = 1; i < sorted.size(); ++i) {
        if (sorted[i].year == sorted[i - 1].year) return true;
    }
    return false;
}

TrendResult with(TrendDirection d, TrendReason r, double year) {
    TrendResult t;
    t.direction = d;
    t.reason = r;
    t.year = year;
    return t;
}

template <class Vec>
Vec without(const Vec& v, std::size_t j) {
    Vec out;
    out.reserve(v.size() - 1);
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (i != j) out.push_back(v[i]);
    }
    return out;
}

// The common decision of both value types once the last five points are complete: χ² above the
// threshold, then the leave-one-out sign check. slope_without(j) is the slope with point j left out.
template <class SlopeWithout>
TrendResult decide(double chi_square, double slope, std::size_t points, double year, SlopeWithout slope_without) {
    TrendResult t = with(TrendDirection::cannot_be_calculated, TrendReason::undefined, year);
    t.chi_square = chi_square;
    t.slope = slope;
    if (std::isnan(chi_square)) return t;  // R: if (NaN > 9.5495) is an error
    if (!(chi_square > trend_chi_square_threshold)) {
        t.direction = TrendDirection::no_significant_change;
        t.reason = TrendReason::not_significant;
        return t;
    }
    const double s = r_sign(slope);
    if (std::isnan(s)) return t;
    for (std::size_t j = 0; j < points; ++j) {
        const double sj = r_sign(slope_without(j));
        if (std::isnan(sj)) return t;
        if (sj != s) {
            t.direction = TrendDirection::no_significant_change;
            t.reason = TrendReason::outlier;
            return t;
        }
    }
    // R: ifelse(beta < 0, "Decreasing", "Increasing"), so a zero slope counts as increasing.
    t.direction = slope < 0 ? TrendDirection::decreasing : TrendDirection::increasing;
    t.reason = TrendReason::significant;
    return t;
}

double z_two_sided(double confidence) {
    if (!(confidence > 0.0 && confidence < 1.0)) {
        throw std::invalid_argument("confidence must be between 0 and 1 (exclusive)");
    }
    const boost::math::normal_distribution<double> normal;
    return boost::math::quantile(boost::math::complement(normal, (1.0 - confidence) / 2.0));
}

}  // namespace

double logistic_trend_slope(const std::vector<double>& x, const std::vector<double>& n, const std::vector<double>& t) {
    check_lengths(x.size(), n.size(), t.size());
    // Ordinary least squares of logit(x/n) on year.
    const double N = static_cast<double>(x.size());
    double s_l = 0, s_lt = 0, s_t = 0, s_t2 = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double p = x[i] / n[i];
        const double logit = std::log(p / (1.0 - p));
        s_l += logit;
        s_lt += logit * t[i];
        s_t += t[i];
        s_t2 += t[i] * t[i];
    }
    return (N * s_lt - s_l * s_t) / (N * s_t2 - s_t * s_t);
}

double logistic_trend_chi_square(const std::vector<double>& x, const std::vector<double>& n,
                                 const std::vector<double>& t) {
    check_lengths(x.size(), n.size(), t.size());
    double s_d = 0, s_ct = 0, s_c = 0, s_dt = 0, s_dt2 = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        s_d += n[i];
        s_c += x[i];
        s_ct += x[i] * t[i];
        s_dt += n[i] * t[i];
        s_dt2 += n[i] * t[i] * t[i];
    }
    const double a = s_d * s_ct - s_c * s_dt;
    return s_d * a * a / (s_c * (s_d - s_c) * (s_d * s_dt2 - s_dt * s_dt));
}

namespace {

struct WeightedSums {
    double s1 = 0, svt = 0, st = 0, sv = 0, st2 = 0;
};

WeightedSums weighted_sums(const std::vector<double>& v, const std::vector<double>& lo, const std::vector<double>& up,
                           const std::vector<double>& t, double confidence) {
    check_lengths(v.size(), lo.size(), up.size());
    if (t.size() != v.size()) throw std::invalid_argument("trend: vectors of equal length required");
    const double two_z = 2.0 * z_two_sided(confidence);
    WeightedSums s;
    for (std::size_t i = 0; i < v.size(); ++i) {
        const double se = (up[i] - lo[i]) / two_z;
        const double var = se * se;
        s.s1 += 1.0 / var;
        s.svt += v[i] * t[i] / var;
        s.st += t[i] / var;
        s.sv += v[i] / var;
        s.st2 += t[i] * t[i] / var;
    }
    return s;
}

}  // namespace

double weighted_trend_slope(const std::vector<double>& v, const std::vector<double>& lo, const std::vector<double>& up,
                            const std::vector<double>& t, double confidence) {
    const WeightedSums s = weighted_sums(v, lo, up, t, confidence);
    return (s.s1 * s.svt - s.st * s.sv) / (s.s1 * s.st2 - s.st * s.st);
}

double weighted_trend_chi_square(const std::vector<double>& v, const std::vector<double>& lo,
                                 const std::vector<double>& up, const std::vector<double>& t, double confidence) {
    const WeightedSums s = weighted_sums(v, lo, up, t, confidence);
    const double det = s.s1 * s.st2 - s.st * s.st;
    const double beta = (s.s1 * s.svt - s.st * s.sv) / det;
    const double variance = s.s1 / det;
    return beta * beta / variance;
}

TrendResult proportion_trend(std::vector<ProportionPoint> series) {
    if (series.empty()) return with(TrendDirection::cannot_be_calculated, TrendReason::not_enough_points, 0);
    sort_by_year(series);
    const double year = series.back().year;
    if (has_duplicate_years(series)) return with(TrendDirection::cannot_be_calculated, TrendReason::duplicate_years, year);
    if (series.size() < static_cast<std::size_t>(trend_points)) {
        return with(TrendDirection::cannot_be_calculated, TrendReason::not_enough_points, year);
    }
    std::vector<double> x, n, t;
    for (std::size_t i = series.size() - trend_points; i < series.size(); ++i) {
        const ProportionPoint& p = series[i];
        if (!p.numerator || !p.denominator) {
            return with(TrendDirection::cannot_be_calculated, TrendReason::missing_values, year);
        }
        x.push_back(*p.numerator);
        n.push_back(*p.denominator);
        t.push_back(p.year);
    }
    const double chi = logistic_trend_chi_square(x, n, t);
    const double beta = logistic_trend_slope(x, n, t);
    return decide(chi, beta, x.size(), year, [&](std::size_t j) {
        return logistic_trend_slope(without(x, j), without(n, j), without(t, j));
    });
}

TrendResult value_trend(std::vector<ValuePoint> series, double confidence) {
    z_two_sided(confidence);  // validates before any data decides the answer
    if (series.empty()) return with(TrendDirection::cannot_be_calculated, TrendReason::not_enough_points, 0);
    sort_by_year(series);
    const double year = series.back().year;
    if (has_duplicate_years(series)) return with(TrendDirection::cannot_be_calculated, TrendReason::duplicate_years, year);
    if (series.size() < static_cast<std::size_t>(trend_points)) {
        return with(TrendDirection::cannot_be_calculated, TrendReason::not_enough_points, year);
    }
    const std::size_t first = series.size() - trend_points;
    // R checks the values of all five before the limits.
    for (std::size_t i = first; i < series.size(); ++i) {
        if (!series[i].value) return with(TrendDirection::cannot_be_calculated, TrendReason::missing_values, year);
    }
    std::vector<double> v, lo, up, t;
    for (std::size_t i = first; i < series.size(); ++i) {
        const ValuePoint& p = series[i];
        if (!p.lower || !p.upper) return with(TrendDirection::cannot_be_calculated, TrendReason::missing_limits, year);
        v.push_back(*p.value);
        lo.push_back(*p.lower);
        up.push_back(*p.upper);
        t.push_back(p.year);
    }
    const double chi = weighted_trend_chi_square(v, lo, up, t, confidence);
    const double beta = weighted_trend_slope(v, lo, up, t, confidence);
    return decide(chi, beta, v.size(), year, [&](std::size_t j) {
        return weighted_trend_slope(without(v, j), without(lo, j), without(up, j), without(t, j), confidence);
    });
}

const char* trend_code(TrendDirection d) {
    switch (d) {
        case TrendDirection::increasing: return "okande";
        case TrendDirection::decreasing: return "minskande";
        case TrendDirection::no_significant_change: return "ingen_signifikant";
        case TrendDirection::cannot_be_calculated: return "kan_inte_beraknas";
    }
    return "kan_inte_beraknas";
}

const char* trend_reason_text(TrendReason r) {
    switch (r) {
        case TrendReason::not_enough_points: return "färre än fem datapunkter";
        case TrendReason::duplicate_years: return "samma år förekommer flera gånger";
        case TrendReason::missing_values: return "värde saknas bland de fem senaste åren";
        case TrendReason::missing_limits: return "konfidensgräns saknas bland de fem senaste åren";
        case TrendReason::undefined:
            return "trenden är inte definierad (andel 0 eller 100 procent eller konfidensintervall utan bredd)";
        case TrendReason::outlier: return "avvikande värde: lutningen byter tecken när ett år utelämnas";
        case TrendReason::significant: return "signifikant trend (chi2 över 9,5495) utan avvikande värden";
        case TrendReason::not_significant: return "ingen signifikant trend (chi2 högst 9,5495)";
    }
    return "";
}

// ---- Change ---------------------------------------------------------------------------------

Change change_between(const Estimate& earlier, const Estimate& later) {
    Change c;
    if (earlier.status != ValueStatus::ok || later.status != ValueStatus::ok) {
        const Estimate& bad = earlier.status != ValueStatus::ok ? earlier : later;
        c.difference.status = bad.status;
        c.difference.note = std::string(&bad == &earlier ? "föregående period: " : "senaste perioden: ") +
                            (bad.note.empty() ? status_text(bad.status) : bad.note);
        return c;
    }
    if (!earlier.lower || !earlier.upper || !later.lower || !later.upper) {
        c.difference.status = ValueStatus::missing;
        c.difference.note = "konfidensintervall saknas";
        return c;
    }
    const double v1 = *earlier.value, l1 = *earlier.lower, u1 = *earlier.upper;
    const double v2 = *later.value, l2 = *later.lower, u2 = *later.upper;
    const double d = v2 - v1;
    c.difference.value = d;
    c.difference.lower = d - std::sqrt((v2 - l2) * (v2 - l2) + (u1 - v1) * (u1 - v1));
    c.difference.upper = d + std::sqrt((u2 - v2) * (u2 - v2) + (v1 - l1) * (v1 - l1));
    c.difference.status = ValueStatus::ok;
    if (*c.difference.lower > 0) c.direction = ChangeDirection::increase;
    else if (*c.difference.upper < 0) c.direction = ChangeDirection::decrease;
    else c.direction = ChangeDirection::no_significant_change;
    return c;
}

Change proportion_change(double x1, double n1, double x2, double n2, double confidence, double multiplier) {
    return change_between(proportion(x1, n1, confidence, multiplier), proportion(x2, n2, confidence, multiplier));
}

Change rate_change(double x1, double n1, double x2, double n2, double confidence, double multiplier) {
    return change_between(rate(x1, n1, confidence, multiplier), rate(x2, n2, confidence, multiplier));
}

// ---- Words ----------------------------------------------------------------------------------

namespace {

std::string directional(bool up, Polarity p) {
    switch (p) {
        case Polarity::high_is_good: return up ? "förbättras" : "försämras";
        case Polarity::low_is_good: return up ? "försämras" : "förbättras";
        case Polarity::neutral: return up ? "ökar" : "minskar";
    }
    return "";
}

Rating directional_rating(bool up, Polarity p) {
    switch (p) {
        case Polarity::high_is_good: return up ? Rating::better : Rating::worse;
        case Polarity::low_is_good: return up ? Rating::worse : Rating::better;
        case Polarity::neutral: return up ? Rating::higher : Rating::lower;
    }
    return Rating::not_compared;
}

std::string gap(bool up, double latest_sii) {
    // The gap is |SII|: a rising SII widens a positive gap and narrows a negative one.
    const bool wider = latest_sii >= 0 ? up : !up;
    return wider ? "skillnaden ökar" : "skillnaden minskar";
}

}  // namespace

namespace {

// A trend and a change say the same four things: up, down, no significant change, not computed.
enum class Move { up, down, none, unknown };

Move move_of(TrendDirection d) {
    switch (d) {
        case TrendDirection::increasing: return Move::up;
        case TrendDirection::decreasing: return Move::down;
        case TrendDirection::no_significant_change: return Move::none;
        case TrendDirection::cannot_be_calculated: return Move::unknown;
    }
    return Move::unknown;
}

Move move_of(ChangeDirection d) {
    switch (d) {
        case ChangeDirection::increase: return Move::up;
        case ChangeDirection::decrease: return Move::down;
        case ChangeDirection::no_significant_change: return Move::none;
        case ChangeDirection::cannot_be_calculated: return Move::unknown;
    }
    return Move::unknown;
}

// `directed(up)` words a significant move; the other two states have fixed words.
template <class Directed>
std::string word_of(Move m, Directed directed) {
    switch (m) {
        case Move::up: return directed(true);
        case Move::down: return directed(false);
        case Move::none: return "ingen säker förändring";
        case Move::unknown: return "kan inte beräknas";
    }
    return "";
}

Rating rating_of(Move m, Polarity p) {
    switch (m) {
        case Move::up: return directional_rating(true, p);
        case Move::down: return directional_rating(false, p);
        case Move::none: return Rating::similar;
        case Move::unknown: return Rating::not_compared;
    }
    return Rating::not_compared;
}

}  // namespace

std::string trend_word(TrendDirection d, Polarity p) {
    return word_of(move_of(d), [p](bool up) { return directional(up, p); });
}

std::string change_word(ChangeDirection d, Polarity p) {
    return word_of(move_of(d), [p](bool up) { return directional(up, p); });
}

std::string gap_word(TrendDirection d, double latest_sii) {
    return word_of(move_of(d), [latest_sii](bool up) { return gap(up, latest_sii); });
}

std::string gap_word(ChangeDirection d, double latest_sii) {
    return word_of(move_of(d), [latest_sii](bool up) { return gap(up, latest_sii); });
}

Rating trend_rating(TrendDirection d, Polarity p) { return rating_of(move_of(d), p); }

Rating change_rating(ChangeDirection d, Polarity p) { return rating_of(move_of(d), p); }

}  // namespace omrade::profiles
