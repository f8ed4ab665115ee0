#include "profiles/stats/methods.hpp"

#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace omrade::profiles {

namespace {

void check_confidence(double confidence) {
    if (!(confidence > 0.0 && confidence < 1.0)) {
        throw std::invalid_argument("confidence must be between 0 and 1 (exclusive)");
    }
}

void check_count(double x, const char* what) {
    if (!std::isfinite(x) || x < 0) throw std::invalid_argument(std::string(what) + " must be finite and >= 0");
}

// Two-sided normal quantile as PHE's zscore(): qnorm(c + (1-c)/2). The complement form keeps the
// precision of the small tail probability at 99.8 %.
double z_for(double confidence) {
    const boost::math::normal_distribution<double> normal;
    return boost::math::quantile(boost::math::complement(normal, (1.0 - confidence) / 2.0));
}

double byars_lower(double x, double z) {
    if (x <= 0) return 0.0;
    const double t = 1.0 - 1.0 / (9.0 * x) - z / (3.0 * std::sqrt(x));
    return x * t * t * t;
}

double byars_upper(double x, double z) {
    const double x1 = x + 1.0;
    const double t = 1.0 - 1.0 / (9.0 * x1) + z / (3.0 * std::sqrt(x1));
    return x1 * t * t * t;
}

// Exact Poisson limits for a count through chi-square quantiles (Armitage & Berry), as phe_rate:
// lower = qchisq((1-c)/2, 2x)/2, upper = qchisq(c + (1-c)/2, 2x+2)/2. R's qchisq with 0 degrees
// of freedom is 0, so x = 0 has lower limit 0.
double exact_lower(double x, double confidence) {
    if (x <= 0) return 0.0;
    const boost::math::chi_squared_distribution<double> chi(2.0 * x);
    return boost::math::quantile(chi, (1.0 - confidence) / 2.0) / 2.0;
}

double exact_upper(double x, double confidence) {
    const boost::math::chi_squared_distribution<double> chi(2.0 * x + 2.0);
    return boost::math::quantile(boost::math::complement(chi, (1.0 - confidence) / 2.0)) / 2.0;
}

double t_for(double confidence, double degrees_of_freedom) {
    const boost::math::students_t_distribution<double> t(degrees_of_freedom);
    return boost::math::quantile(boost::math::complement(t, (1.0 - confidence) / 2.0));
}

Estimate ok(double value, double lower, double upper) {
    Estimate e;
    e.value = value;
    e.lower = lower;
    e.upper = upper;
    e.status = ValueStatus::ok;
    return e;
}

Estimate not_ok(ValueStatus status, std::string note) {
    Estimate e;
    e.status = status;
    e.note = std::move(note);
    return e;
}

}  // namespace

const char* status_text(ValueStatus s) {
    switch (s) {
        case ValueStatus::ok: return "";
        case ValueStatus::missing: return "saknas";
        case ValueStatus::too_few: return "för få för beräkning";
        case ValueStatus::suppressed: return "undertryckt";
    }
    return "";
}

Estimate proportion(double numerator, double denominator, double confidence, double multiplier) {
    check_confidence(confidence);
    check_count(numerator, "numerator");
    check_count(denominator, "denominator");
    if (denominator == 0) return not_ok(ValueStatus::missing, "nämnaren är 0");
    if (numerator > denominator) throw std::invalid_argument("numerator above denominator");
    const double z = z_for(confidence);
    const double x = numerator, n = denominator;
    const double centre = 2 * x + z * z;
    const double spread = z * std::sqrt(z * z + 4 * x * (1 - x / n));
    const double scale = 2 * (n + z * z);
    return ok(x / n * multiplier, (centre - spread) / scale * multiplier, (centre + spread) / scale * multiplier);
}

Estimate rate(double numerator, double denominator, double confidence, double multiplier) {
    check_confidence(confidence);
    check_count(numerator, "numerator");
    check_count(denominator, "denominator");
    if (denominator == 0) return not_ok(ValueStatus::missing, "nämnaren är 0");
    const double x = numerator, n = denominator;
    // phe_rate switches to the exact method below 10 events, where Byar's approximation is poor.
    if (x < 10) {
        return ok(x / n * multiplier, exact_lower(x, confidence) / n * multiplier,
                  exact_upper(x, confidence) / n * multiplier);
    }
    const double z = z_for(confidence);
    return ok(x / n * multiplier, byars_lower(x, z) / n * multiplier, byars_upper(x, z) / n * multiplier);
}

Estimate dsr(const std::vector<AgeBandCount>& bands, double confidence, double multiplier) {
    check_confidence(confidence);
    if (bands.empty()) return not_ok(ValueStatus::missing, "inga åldersgrupper");
    double observed = 0, weight_sum = 0, weighted_rate = 0, variance_sum = 0;
    for (const auto& b : bands) {
        check_count(b.numerator, "numerator");
        check_count(b.denominator, "denominator");
        check_count(b.standard, "standard");
        // Every standard weight stays in Σw (as PHE): an empty band (0 events, 0 population)
        // contributes a rate of 0. Events without population cannot be a rate.
        weight_sum += b.standard;
        if (b.denominator == 0) {
            if (b.numerator > 0) throw std::invalid_argument("dsr: events in an age band with population 0");
            continue;
        }
        const double w_over_n = b.standard / b.denominator;
        observed += b.numerator;
        weighted_rate += b.numerator * w_over_n;
        variance_sum += b.numerator * w_over_n * w_over_n;
    }
    if (weight_sum == 0) return not_ok(ValueStatus::missing, "standardbefolkningens vikter är 0");
    if (observed < 10) return not_ok(ValueStatus::too_few, "färre än 10 händelser");
    const double value = weighted_rate / weight_sum * multiplier;
    const double variance = variance_sum / (weight_sum * weight_sum);
    // Dobson: scale Byar's limits of the total count O by sqrt(var(DSR)/O).
    const double factor = std::sqrt(variance / observed) * multiplier;
    const double z = z_for(confidence);
    return ok(value, value + factor * (byars_lower(observed, z) - observed),
              value + factor * (byars_upper(observed, z) - observed));
}

Estimate mean(const std::vector<double>& values, double confidence) {
    check_confidence(confidence);
    for (double v : values) {
        if (!std::isfinite(v)) throw std::invalid_argument("mean of a non-finite value");
    }
    if (values.size() < 2) return not_ok(ValueStatus::too_few, "färre än 2 värden");
    const double n = static_cast<double>(values.size());
    const double m = std::accumulate(values.begin(), values.end(), 0.0) / n;
    double ss = 0;
    for (double v : values) ss += (v - m) * (v - m);
    const double half = t_for(confidence, n - 1) * std::sqrt(ss / (n - 1)) / std::sqrt(n);
    return ok(m, m - half, m + half);
}

std::vector<int> quantile_groups(const std::vector<double>& values, int groups) {
    if (groups < 1) throw std::invalid_argument("groups must be >= 1");
    std::vector<double> sorted;
    for (double v : values) {
        if (std::isfinite(v)) sorted.push_back(v);
    }
    std::sort(sorted.begin(), sorted.end());
    std::vector<int> out(values.size(), 0);
    const double count = static_cast<double>(sorted.size());
    const double g = groups;
    if (count < g) return out;
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (!std::isfinite(values[i])) continue;
        // rank(ties.method = "min"): 1 + number of strictly smaller values.
        const auto smaller = std::lower_bound(sorted.begin(), sorted.end(), values[i]) - sorted.begin();
        const double rank = static_cast<double>(smaller) + 1.0;
        const double q = std::floor((g + 1) - std::ceil(((count + 1) - rank) / (count / g)));
        out[i] = q < 1 ? 1 : static_cast<int>(q);
    }
    return out;
}

std::vector<double> quantile_cuts(std::vector<double> values, int groups) {
    const std::vector<int> assigned = quantile_groups(values, groups);
    const auto g = static_cast<std::size_t>(groups);
    constexpr double inf = std::numeric_limits<double>::infinity();
    std::vector<double> lowest(g + 2, inf);  // lowest value per group 1..g
    bool any = false;
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (assigned[i] == 0) continue;
        any = true;
        auto& slot = lowest[static_cast<std::size_t>(assigned[i])];
        slot = std::min(slot, values[i]);
    }
    if (!any) return {};
    // An empty group takes the boundary of the next non-empty group above it.
    for (std::size_t k = g; k >= 2; --k) lowest[k] = std::min(lowest[k], lowest[k + 1]);
    return std::vector<double>(lowest.begin() + 2, lowest.begin() + static_cast<std::ptrdiff_t>(g) + 1);
}

int quantile_of(double value, const std::vector<double>& cuts) {
    if (!std::isfinite(value)) return 0;
    return 1 + static_cast<int>(std::count_if(cuts.begin(), cuts.end(), [&](double c) { return c <= value; }));
}

Comparison compare(const Estimate& area, double benchmark) {
    if (area.status != ValueStatus::ok || !area.lower || !area.upper || !std::isfinite(benchmark))
        return Comparison::not_compared;
    if (*area.lower > benchmark) return Comparison::higher;
    if (*area.upper < benchmark) return Comparison::lower;
    return Comparison::similar;
}

Rating rate_comparison(Comparison c, Polarity p) {
    switch (c) {
        case Comparison::not_compared: return Rating::not_compared;
        case Comparison::similar: return Rating::similar;
        case Comparison::higher:
            return p == Polarity::high_is_good ? Rating::better
                   : p == Polarity::low_is_good ? Rating::worse
                                                : Rating::higher;
        case Comparison::lower:
            return p == Polarity::high_is_good ? Rating::worse
                   : p == Polarity::low_is_good ? Rating::better
                                                : Rating::lower;
    }
    return Rating::not_compared;
}

const char* rating_colour(Rating r) {
    switch (r) {
        case Rating::not_compared: return "#C9C9C9";
        case Rating::better: return "#92D050";
        case Rating::similar: return "#FFC000";
        case Rating::worse: return "#C00000";
        case Rating::higher: return "#BED2FF";
        case Rating::lower: return "#5555E6";
    }
    return "#C9C9C9";
}

const char* rating_text(Rating r) {
    switch (r) {
        case Rating::not_compared: return "";
        case Rating::better: return "bättre";
        case Rating::similar: return "likvärdigt";
        case Rating::worse: return "sämre";
        case Rating::higher: return "högre";
        case Rating::lower: return "lägre";
    }
    return "";
}

}  // namespace omrade::profiles
