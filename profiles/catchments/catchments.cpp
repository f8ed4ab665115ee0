#include "profiles/catchments/catchments.hpp"

#include <algorithm>
#include <cmath>
#include <set>

namespace omrade::profiles {

std::vector<std::pair<std::size_t, double>> Catchments::areas_of(std::size_t vc) const {
    std::vector<std::pair<std::size_t, double>> out;
    for (const auto& w : weights) {
        if (w.vc == vc) out.emplace_back(w.area, w.share);
    }
    return out;
}

namespace {

// The weights of one area: weights are sorted by (area, vc).
std::pair<std::vector<CatchmentWeight>::const_iterator, std::vector<CatchmentWeight>::const_iterator>
weights_of_area(const std::vector<CatchmentWeight>& weights, std::size_t area) {
    const auto lo = std::lower_bound(weights.begin(), weights.end(), area,
                                     [](const CatchmentWeight& w, std::size_t a) { return w.area < a; });
    const auto hi = std::find_if(lo, weights.end(), [area](const CatchmentWeight& w) { return w.area != area; });
    return {lo, hi};
}

constexpr double same_position_m = 0.001;
constexpr double same_share = 1e-9;

}  // namespace

std::vector<std::vector<std::size_t>> shared_positions(const CareCentreRegister& centres) {
    std::vector<std::size_t> located;
    for (std::size_t v = 0; v < centres.centres.size(); ++v) {
        if (centres.centres[v].position) located.push_back(v);
    }
    const auto pos = [&](std::size_t v) { return *centres.centres[v].position; };
    std::sort(located.begin(), located.end(), [&](std::size_t a, std::size_t b) {
        return pos(a).x() != pos(b).x() ? pos(a).x() < pos(b).x() : (pos(a).y() != pos(b).y() ? pos(a).y() < pos(b).y() : a < b);
    });
    // Within one x-window of 1 mm, group by y: positions closer than 1 mm in both coordinates.
    std::vector<bool> used(centres.centres.size(), false);
    std::vector<std::vector<std::size_t>> groups;
    for (std::size_t i = 0; i < located.size(); ++i) {
        if (used[located[i]]) continue;
        std::vector<std::size_t> g{located[i]};
        for (std::size_t j = i + 1; j < located.size() && pos(located[j]).x() - pos(located[i]).x() <= same_position_m; ++j) {
            if (!used[located[j]] && std::abs(pos(located[j]).y() - pos(located[i]).y()) <= same_position_m) {
                g.push_back(located[j]);
                used[located[j]] = true;
            }
        }
        if (g.size() < 2) continue;
        std::sort(g.begin(), g.end());
        groups.push_back(std::move(g));
    }
    std::sort(groups.begin(), groups.end());
    return groups;
}

std::string shared_with_text(const SharedArea& a, const CareCentreRegister& centres) {
    std::string out;
    for (const auto& [v, share] : a.others) {
        const long pct = std::lround(100.0 * share);
        out += (out.empty() ? "" : ", ") + centres.centres.at(v).name + " " + (pct == 0 ? "under 1" : std::to_string(pct)) + " %";
    }
    return out;
}

CatchmentSharing sharing_of(const Catchments& c, std::size_t vc) {
    CatchmentSharing out;
    const auto mine = c.areas_of(vc);
    std::set<std::size_t> partners;
    for (const auto& [area, share] : mine) {
        const auto [lo, hi] = weights_of_area(c.weights, area);
        SharedArea sa{area, share, {}};
        for (auto it = lo; it != hi; ++it) {
            if (it->vc != vc) sa.others.emplace_back(it->vc, it->share);
        }
        if (share < 1 - same_share || !sa.others.empty()) {
            for (const auto& o : sa.others) partners.insert(o.first);
            out.areas.push_back(std::move(sa));
        }
    }
    out.partners.assign(partners.begin(), partners.end());
    for (const auto p : out.partners) {
        const auto theirs = c.areas_of(p);
        const bool same = theirs.size() == mine.size() &&
                          std::equal(mine.begin(), mine.end(), theirs.begin(), [](const auto& a, const auto& b) {
                              return a.first == b.first && std::abs(a.second - b.second) <= same_share;
                          });
        if (same) out.same_catchment.push_back(p);
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
