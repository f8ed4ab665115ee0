// `omrade stats funnel proportion|rate`: funnel-plot limits and significance for the rows of a
// user's CSV (profiles/stats/funnel.hpp; DESIGN.md, "Command-line contract"). Reads through
// read_table like `omrade stats`.
#pragma once

#include "profiles/input/table.hpp"
#include "profiles/stats/funnel.hpp"
#include "profiles/stats/stats_table.hpp"

#include <string_view>

namespace omrade::profiles {

// "proportion" | "rate"; throws UsageError for other names.
FunnelStatistic parse_funnel_statistic(std::string_view name);
// 100 for proportions (per cent), 1 000 for rates (per 1 000 listed).
double default_funnel_multiplier(FunnelStatistic statistic);

// Every input row (columns `numerator`, `denominator` required, usually `id`; others passed
// through) with value, average, lower_95, upper_95, lower_998, upper_998, significance appended:
// value = numerator/denominator × multiplier, average = Σnumerator/Σdenominator × multiplier;
// proportions: the control limits at the row's denominator (sigma_adjustment, clipped to
// 0…multiplier); rates: the limits are empty (a rate funnel is drawn by events, not at a
// denominator) and significance as assign_funnel_significance for crude rates. significance is
// hogre_998, hogre_95, lagre_998, lagre_95 or inom. A row with an empty or '..' count gets empty
// output cells and a note and does not enter the average ('-' is 0). Non-numbers, negative
// counts, a denominator of 0, a numerator above its denominator (proportion), no usable row and
// input columns that clash with output columns are DataErrors naming file, line and field.
StatsTable compute_funnel_table(FunnelStatistic statistic, const TextTable& input, double multiplier);

}  // namespace omrade::profiles
