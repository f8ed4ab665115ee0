// Funnel plots as PHEindicatormethods (R/Funnels.R, R/utils.R; Fingertips technical guidance):
// control limits around the overall average at 95 % and 99.8 % for each denominator, and the
// significance of every unit against them. Pure functions; no I/O.
//
// Proportions: `sigma_adjustment` (the Wilson interval solved for the value whose limit touches
// the average); rates: `funnel_ratio_significance` (Byar's limits from 10 events, exact Poisson
// below) and `poisson_funnel` for the plotted lines. Used by `omrade stats funnel` and the
// vårdcentral follow-up (profiles/followup/).
#pragma once

#include <optional>
#include <utility>
#include <vector>

namespace omrade::profiles {

enum class FunnelStatistic { proportion, rate };

// assign_funnel_significance's levels: "High (0.001)", "High (0.025)", "Low (0.001)",
// "Low (0.025)", "Not significant".
enum class FunnelSignificance { high_998, high_95, low_998, low_95, not_significant };

struct FunnelUnit {
    double numerator = 0;
    double denominator = 0;
};

// Σnumerator / Σdenominator (a share or a rate per 1; multiply for display). Throws
// std::invalid_argument for no units, a negative numerator, a denominator <= 0 or (proportion) a
// numerator above its denominator, as assign_funnel_significance stops.
double funnel_average(const std::vector<FunnelUnit>& units, FunnelStatistic statistic);

// sigma_adjustment(p, population, average_proportion, side, multiplier): the proportion at the
// given population whose Wilson limit at one-sided probability p (0.975 or 0.999) equals the
// average; `high` picks the upper funnel. Not clipped.
double sigma_adjustment(double p, double population, double average_proportion, bool high, double multiplier);

struct FunnelLimits {
    double lower_95 = 0, upper_95 = 0, lower_998 = 0, upper_998 = 0;
};

// Proportion control limits at one denominator, as calculate_funnel_limits draws them: the
// sigma adjustments at 0.975 and 0.999, clipped to 0…multiplier.
FunnelLimits proportion_funnel_limits(double average_proportion, double denominator, double multiplier);

// assign_funnel_significance(statistic = "proportion"): numerator/denominator against the
// unclipped sigma adjustments, tested in the package's order low 99.8, low 95, high 99.8, high 95.
FunnelSignificance proportion_funnel_significance(double numerator, double denominator, double average_proportion);

// assign_funnel_significance(statistic = "rate", rate_type = "crude"): the average rate per 1
// against the unit's own limits at 99.8 and 95 % (funnel_ratio_significance: Byar from 10 events,
// exact Poisson below, lower limit 0 for 0 events), order high 99.8, high 95, low 99.8, low 95.
FunnelSignificance rate_funnel_significance(double numerator, double denominator, double average_rate);

// The lines of a funnel plot as calculate_funnel_limits computes them (100 points on the
// package's axis grid). Each line is (denominator, value × multiplier) pairs in increasing
// denominator. For rates the points are parametrised by events as in the package (population =
// poisson_funnel(events, p, side) / average / years_of_data), the Poisson quantile taken exactly
// from the χ² distribution where the package bisects to 1e-7.
struct FunnelLines {
    double average = 0;  // × multiplier
    std::vector<std::pair<double, double>> lower_95, upper_95, lower_998, upper_998;
};
FunnelLines funnel_lines(const std::vector<FunnelUnit>& units, FunnelStatistic statistic, double multiplier,
                         double years_of_data = 1);

// poisson_funnel(obs, p, side): the Poisson mean whose tail probability for obs is p; "high":
// P(X <= obs) = p, "low": P(X >= obs) = p (0 for obs = 0).
double poisson_funnel(double observed, double p, bool high);

// Machine code of `omrade stats funnel`: "hogre_998", "hogre_95", "lagre_998", "lagre_95", "inom".
const char* funnel_code(FunnelSignificance s);
// Swedish words for reports (outside the 99.8 or 95 % limit): "högre (99,8 %)", "högre (95 %)",
// "lägre (99,8 %)", "lägre (95 %)", "inom gränserna".
const char* funnel_text(FunnelSignificance s);

}  // namespace omrade::profiles
