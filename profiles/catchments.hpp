// Catchments: weights W[area][vc] tying DeSOs to vårdcentraler (DOMAIN.md §3), with an
// accounting of what is covered by no VC. Σ over VCs of W for one area never exceeds 1.
#pragma once

#include "profiles/areas.hpp"
#include "profiles/care_centres.hpp"
#include "profiles/config.hpp"

#include <string>
#include <vector>

namespace omrade::profiles {

struct CatchmentWeight {
    std::size_t area = 0;  // index into AreaSet::areas
    std::size_t vc = 0;    // index into CareCentreRegister::centres
    double share = 0;      // 0 < share <= 1
};

struct CatchmentAccounting {
    double population_in = 0;                 // Σ population of all areas
    std::vector<double> population_per_vc;    // Σ_area W·pop, per VC index
    double population_unassigned = 0;         // Σ_area (1 − Σ_vc W)·pop
    std::vector<std::size_t> areas_uncovered; // areas with Σ_vc W = 0
    std::vector<std::size_t> areas_overlapping;  // areas with more than one VC
    std::vector<std::string> warnings;        // Swedish, one line each
};

struct Catchments {
    std::string method;  // "tabell" | "listning" | "narmast" | "polygoner"
    std::vector<CatchmentWeight> weights;  // sorted by (area, vc)
    CatchmentAccounting accounting;
    // Weights of one VC, as (area, share) pairs.
    std::vector<std::pair<std::size_t, double>> areas_of(std::size_t vc) const;
};

}  // namespace omrade::profiles

namespace omrade::profiles {

// Population covered per VC, unassigned population, uncovered and shared areas. `population`
// is per area index. Warnings are left to the method.
CatchmentAccounting account(const std::vector<CatchmentWeight>& weights, const AreaSet& areas,
                            const std::vector<double>& population, std::size_t vc_count);

// Method "tabell": an explicit DeSO→VC table (columns desokod, vardcentral[, weight column]).
// Throws DataError (file, line, field) for unknown DeSO codes or VC names, duplicate (DeSO, VC)
// rows, weights outside (0, 1] or summing above 1 per DeSO, and — when cross-kommun is not
// allowed — a VC whose DeSOs lie in another kommun than the VC. Catchments below
// min_population are warned about.
Catchments catchments_from_table(const CatchmentConfig& config, const AreaSet& areas,
                                 const CareCentreRegister& centres, const std::vector<double>& population);

}  // namespace omrade::profiles
