#include "profiles/stats/funnel.hpp"

#include "profiles/stats/methods.hpp"

#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/normal.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace omrade::profiles {

namespace {

double qnorm(double p) {
    const boost::math::normal_distribution<double> normal;
    return p > 0.5 ? boost::math::quantile(boost::math::complement(normal, 1.0 - p)) : boost::math::quantile(normal, p);
}

// R's nchar() of a whole number >= 0: as.character() writes it in fixed notation unless the
// scientific form is shorter (1e+05 has 5 characters, 100000 six). The axis rounding of
// calculate_funnel_limits depends on it.
int r_nchar(double whole) {
    if (whole < 1) return 1;
    const std::string fixed = std::to_string(static_cast<long long>(whole));
    std::string mantissa = fixed;
    while (mantissa.size() > 1 && mantissa.back() == '0') mantissa.pop_back();
    const int exponent = static_cast<int>(fixed.size()) - 1;
    const int exp_width = exponent >= 100 ? 3 : 2;
    const int sci = (mantissa.size() == 1 ? 1 : static_cast<int>(mantissa.size()) + 1) + 2 + exp_width;
    return sci < static_cast<int>(fixed.size()) ? sci : static_cast<int>(fixed.size());
}

// signif.floor / signif.ceiling of calculate_funnel_limits: the axis ends rounded to a neat value.
double signif_floor(double x) {
    if (x == 0) return 0;
    const double n = r_nchar(std::floor(x * 0.95)) - 1;
    return std::floor(x * 0.95 / std::pow(10.0, n)) * std::pow(10.0, n);
}

double signif_ceiling(double x) {
    if (x == 0) return 0;
    const double n = r_nchar(std::ceil(x * 1.05)) - 2;
    return std::ceil(x * 1.05 / std::pow(10.0, n)) * std::pow(10.0, n);
}

// The 100 axis points: from max(1, minimum) growing geometrically to the maximum, each at least
// one above the previous (R's round() rounds halves to even, as nearbyint does by default).
std::vector<double> axis_grid(double minimum, double maximum) {
    std::vector<double> grid{std::max(1.0, minimum)};
    for (int j = 2; j <= 100; ++j) {
        const double prev = grid.back();
        const double next = std::nearbyint(std::pow(maximum / prev, 1.0 / (101 - j)) * prev);
        grid.push_back(std::max(next, prev + 1));
    }
    return grid;
}

void check_units(const std::vector<FunnelUnit>& units, FunnelStatistic statistic) {
    if (units.empty()) throw std::invalid_argument("a funnel needs at least one unit");
    for (const auto& u : units) {
        if (!std::isfinite(u.numerator) || u.numerator < 0) throw std::invalid_argument("numerators must be >= 0");
        if (!std::isfinite(u.denominator) || u.denominator <= 0) throw std::invalid_argument("denominators must be > 0");
        if (statistic == FunnelStatistic::proportion && u.numerator > u.denominator) {
            throw std::invalid_argument("numerator above denominator");
        }
    }
}

}  // namespace

double funnel_average(const std::vector<FunnelUnit>& units, FunnelStatistic statistic) {
    check_units(units, statistic);
    double num = 0, den = 0;
    for (const auto& u : units) {
        num += u.numerator;
        den += u.denominator;
    }
    return num / den;
}

double sigma_adjustment(double p, double population, double average_proportion, bool high, double multiplier) {
    const double z2 = qnorm(p) * qnorm(p);
    const double av = average_proportion, n = population;
    const double first = av * (n / z2 + 1);
    const double radicand = std::pow(-8 * av * (n / z2 + 1), 2) -
                            64 * (1 / z2 + 1 / n) * av * (n * (av * (n / z2 + 2) - 1) + z2 * (av - 1));
    // At an average of 0 or 1 the radicand is 0 in exact arithmetic; rounding must not make it NaN.
    const double adj = std::sqrt(std::max(0.0, radicand));
    const double last = 1 / z2 + 1 / n;
    const double limit = high ? (first + adj / 8) / last : (first - adj / 8) / last;
    return limit / n * multiplier;
}

FunnelLimits proportion_funnel_limits(double average_proportion, double denominator, double multiplier) {
    const auto clip = [multiplier](double v) { return std::clamp(v, 0.0, multiplier); };
    FunnelLimits l;
    l.lower_95 = clip(sigma_adjustment(0.975, denominator, average_proportion, false, multiplier));
    l.upper_95 = clip(sigma_adjustment(0.975, denominator, average_proportion, true, multiplier));
    l.lower_998 = clip(sigma_adjustment(0.999, denominator, average_proportion, false, multiplier));
    l.upper_998 = clip(sigma_adjustment(0.999, denominator, average_proportion, true, multiplier));
    return l;
}

FunnelSignificance proportion_funnel_significance(double numerator, double denominator, double average_proportion) {
    if (!(denominator > 0) || numerator < 0 || numerator > denominator) {
        throw std::invalid_argument("proportion needs 0 <= numerator <= denominator, denominator > 0");
    }
    const double v = numerator / denominator;
    if (v < sigma_adjustment(0.999, denominator, average_proportion, false, 1)) return FunnelSignificance::low_998;
    if (v < sigma_adjustment(0.975, denominator, average_proportion, false, 1)) return FunnelSignificance::low_95;
    if (v > sigma_adjustment(0.999, denominator, average_proportion, true, 1)) return FunnelSignificance::high_998;
    if (v > sigma_adjustment(0.975, denominator, average_proportion, true, 1)) return FunnelSignificance::high_95;
    return FunnelSignificance::not_significant;
}

FunnelSignificance rate_funnel_significance(double numerator, double denominator, double average_rate) {
    if (!(denominator > 0) || numerator < 0) throw std::invalid_argument("rate needs numerator >= 0, denominator > 0");
    // funnel_ratio_significance(obs, expected, p, side) is phe_rate's limit of obs divided by the
    // denominator: Byar from 10 events, exact below, 0 as the lower limit of 0 events.
    const Estimate e998 = rate(numerator, denominator, 0.998, 1.0);
    const Estimate e95 = rate(numerator, denominator, 0.95, 1.0);
    if (average_rate < *e998.lower) return FunnelSignificance::high_998;
    if (average_rate < *e95.lower) return FunnelSignificance::high_95;
    if (average_rate > *e998.upper) return FunnelSignificance::low_998;
    if (average_rate > *e95.upper) return FunnelSignificance::low_95;
    return FunnelSignificance::not_significant;
}

double poisson_funnel(double observed, double p, bool high) {
    if (high) {
        const boost::math::chi_squared_distribution<double> chi(2 * observed + 2);
        return boost::math::quantile(boost::math::complement(chi, p)) / 2;
    }
    if (observed <= 0) return 0;
    const boost::math::chi_squared_distribution<double> chi(2 * observed);
    return boost::math::quantile(chi, p) / 2;
}

FunnelLines funnel_lines(const std::vector<FunnelUnit>& units, FunnelStatistic statistic, double multiplier,
                         double years_of_data) {
    const double av = funnel_average(units, statistic);
    double lo = units.front().denominator, hi = lo;
    for (const auto& u : units) {
        lo = std::min(lo, u.denominator);
        hi = std::max(hi, u.denominator);
    }
    FunnelLines lines;
    lines.average = av * multiplier;
    if (statistic == FunnelStatistic::proportion) {
        const double axis_min = hi > 2 * lo ? 0 : signif_floor(lo);
        for (const double n : axis_grid(axis_min, signif_ceiling(hi))) {
            const FunnelLimits l = proportion_funnel_limits(av, n, multiplier);
            lines.lower_95.emplace_back(n, l.lower_95);
            lines.upper_95.emplace_back(n, l.upper_95);
            lines.lower_998.emplace_back(n, l.lower_998);
            lines.upper_998.emplace_back(n, l.upper_998);
        }
        return lines;
    }
    if (!(av > 0)) return lines;  // no events anywhere: the package divides by a zero average
    const double axis_min = hi > 2 * lo ? 0 : signif_floor(lo / years_of_data) * years_of_data;
    const double axis_max = signif_ceiling(hi / years_of_data) * years_of_data;
    for (const double events : axis_grid(std::floor(axis_min * av), std::ceil(axis_max * av))) {
        const auto point = [&](double p, bool high) {
            const double population = poisson_funnel(events, p, high) / av;
            return std::make_pair(population / years_of_data, events / population * multiplier);
        };
        // The lower line is where the upper Poisson limit of the events meets the average.
        lines.lower_95.push_back(point(0.025, true));
        lines.upper_95.push_back(point(0.025, false));
        lines.lower_998.push_back(point(0.001, true));
        lines.upper_998.push_back(point(0.001, false));
    }
    return lines;
}

const char* funnel_code(FunnelSignificance s) {
    switch (s) {
        case FunnelSignificance::high_998: return "hogre_998";
        case FunnelSignificance::high_95: return "hogre_95";
        case FunnelSignificance::low_998: return "lagre_998";
        case FunnelSignificance::low_95: return "lagre_95";
        case FunnelSignificance::not_significant: return "inom";
    }
    return "";
}

const char* funnel_text(FunnelSignificance s) {
    switch (s) {
        case FunnelSignificance::high_998: return "högre (99,8 %)";
        case FunnelSignificance::high_95: return "högre (95 %)";
        case FunnelSignificance::low_998: return "lägre (99,8 %)";
        case FunnelSignificance::low_95: return "lägre (95 %)";
        case FunnelSignificance::not_significant: return "inom gränserna";
    }
    return "";
}

}  // namespace omrade::profiles
