#include "profiles/catchments/catchments.hpp"

#include <algorithm>

namespace omrade::profiles {

std::vector<std::pair<std::size_t, double>> Catchments::areas_of(std::size_t vc) const {
    std::vector<std::pair<std::size_t, double>> out;
    for (const auto& w : weights) {
        if (w.vc == vc) out.emplace_back(w.area, w.share);
    }
    return out;
}

CatchmentAccounting account(const std::vector<CatchmentWeight>& weights, const AreaSet& areas,
                            const std::vector<double>& population, std::size_t vc_count) {
    CatchmentAccounting acc;
    acc.population_per_vc.assign(vc_count, 0.0);
    std::vector<double> share_sum(areas.size(), 0.0);
    std::vector<int> vc_count_per_area(areas.size(), 0);
    for (const auto& w : weights) {
        acc.population_per_vc[w.vc] += w.share * population[w.area];
        share_sum[w.area] += w.share;
        ++vc_count_per_area[w.area];
    }
    for (std::size_t a = 0; a < areas.size(); ++a) {
        acc.population_in += population[a];
        acc.population_unassigned += (1.0 - std::min(1.0, share_sum[a])) * population[a];
        if (vc_count_per_area[a] == 0) acc.areas_uncovered.push_back(a);
        if (vc_count_per_area[a] > 1) acc.areas_overlapping.push_back(a);
    }
    return acc;
}

}  // namespace omrade::profiles
