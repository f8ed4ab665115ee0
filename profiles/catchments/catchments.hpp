// Catchments: weights W[area][vc] tying DeSOs to vårdcentraler (DOMAIN.md §3), with an
// accounting of what is covered by no VC. Σ over VCs of W for one area never exceeds 1.
#pragma once

#include "profiles/input/areas.hpp"
#include "profiles/input/care_centres.hpp"
#include "profiles/input/config.hpp"
#include "profiles/input/population.hpp"
#include "profiles/input/table.hpp"

#include <ostream>
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
    std::vector<std::string> centres_skipped; // VCs the method could not use (e.g. no position)
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
// Columns as TextTable::column finds them (desokod, deso or kod; `falt` in the config for other
// names); with a collecting `problems` every bad row is recorded (also for listning).
Catchments catchments_from_table(const CatchmentConfig& config, const AreaSet& areas,
                                 const CareCentreRegister& centres, const std::vector<double>& population,
                                 Problems& problems = stop_at_first_problem());

// Method "listning": a listing matrix (columns desokod, vardcentral, antal — the count column is
// `vikt` in the config when given). Plurality (default): each DeSO wholly to the VC with the most
// listed residents; a tie goes to the tied VC that comes first in the vårdcentral register.
// Fractional (`fraktionell = true`): share = antal(DeSO, VC) / Σ antal(DeSO, ·). Rows of DeSOs in
// kommuner outside the area set are counted (warning), unknown codes inside them, unknown VC
// names, duplicates and negative counts are DataErrors naming file, line and field.
Catchments catchments_from_listing(const CatchmentConfig& config, const AreaSet& areas,
                                   const CareCentreRegister& centres, const std::vector<double>& population,
                                   Problems& problems = stop_at_first_problem());

// The point each DeSO is measured from: the population-weighted mean of the population points
// inside it (when `config.population_points` is set and the DeSO holds any weight), otherwise
// its representative point (GEOS PointOnSurface). `from_points[a]` tells which.
struct AreaPoints {
    std::vector<geo::Point> points;
    std::vector<bool> from_points;
    std::size_t population_points_read = 0, population_points_outside = 0;
};
AreaPoints area_points(const CatchmentConfig& config, const AreaSet& areas);

// Method "narmast": each DeSO to the VC nearest (Euclidean, EPSG:3006) to its area point. VCs at
// the same minimal distance (within 1 mm; in practice VCs registered at one shared position)
// split the DeSO equally. VCs without a position are skipped and listed in
// accounting.centres_skipped; VCs outside the area set (another county) take part.
Catchments catchments_nearest(const CatchmentConfig& config, const AreaSet& areas,
                              const CareCentreRegister& centres, const std::vector<double>& population);

// Voronoi cells of the located VCs clipped to the union of the areas, for display: one feature
// per VC (field vardcentral; VCs sharing a position get the same cell), EPSG:3006, layer name
// "narmast_voronoi". VCs without a position get no feature.
geo::Layer nearest_voronoi_layer(const AreaSet& areas, const CareCentreRegister& centres);

// Method "polygoner": catchment polygons drawn by the region (a polygon layer with the VC name in
// `config.vc_field`) overlaid on the DeSOs. Polygons of one VC are dissolved first. Share =
// intersection area / DeSO area, or, with population points, the points' weight inside the
// intersection / the DeSO's weight (area shares where a DeSO holds no point weight). Where
// polygons of different VCs overlap and a DeSO's shares sum above 1 they are scaled down to 1
// and a warning names the DeSO.
Catchments catchments_from_polygons(const CatchmentConfig& config, const AreaSet& areas,
                                    const CareCentreRegister& centres, const std::vector<double>& population);

// The dispatcher used by load_inputs and `omrade catchments`: runs config.method. Throws
// DataError for an unknown method.
Catchments make_catchments(const CatchmentConfig& config, const AreaSet& areas,
                           const CareCentreRegister& centres, const Population& population,
                           Problems& problems = stop_at_first_problem());

// Warns (accounting.warnings) for catchments with population below config.min_population.
void warn_small_catchments(const CatchmentConfig& config, const CareCentreRegister& centres, Catchments& c);

// Catchment outlines, one feature per VC with weight: the dissolved union of its DeSOs with
// share ≥ min_share (all its DeSOs for share 1 methods). Layer "upptagningsomraden" with
// fields vardcentral, metod, antal_deso, antal_deso_karta, befolkning, area_km2, and
// min_andel, max_andel (the range of shares drawn).
geo::Layer catchment_polygons(const Catchments& c, const AreaSet& areas, const CareCentreRegister& centres,
                              double min_share);

}  // namespace omrade::profiles

namespace omrade::profiles {

// Who else holds weight in a VC's DeSOs, so that shared figures can be stated where they are
// shown (report, map, index): two VCs registered at one position share every DeSO under
// `narmast`; a fractional listing or a table with shares splits DeSOs between VCs.
struct SharedArea {
    std::size_t area = 0;
    double share = 0;                                  // this VC's share
    std::vector<std::pair<std::size_t, double>> others;  // (vc, share) of the other VCs, by vc
};
struct CatchmentSharing {
    std::vector<SharedArea> areas;           // this VC's DeSOs with share < 1 or another VC, by area
    std::vector<std::size_t> partners;       // every other VC with weight in one of them, by vc
    std::vector<std::size_t> same_catchment; // partners with exactly this VC's (area, share) set
};
// One areas_of per partner (O(W) each) and a binary search per DeSO of the VC.
CatchmentSharing sharing_of(const Catchments& c, std::size_t vc);

// "Birka 17 %, Centrum 17 %": the other VCs of a shared DeSO with their shares (Swedish).
std::string shared_with_text(const SharedArea& a, const CareCentreRegister& centres);

// VCs registered at one position (within 1 mm), as groups of two or more, each sorted by index;
// sorted by their first index. O(V log V).
std::vector<std::vector<std::size_t>> shared_positions(const CareCentreRegister& centres);

// The weights table for users: desokod, vardcentral, andel, befolkning (= andel × population),
// sorted by DeSO code then VC register order.
void write_weights_csv(const Catchments& c, const AreaSet& areas, const CareCentreRegister& centres,
                       const std::vector<double>& population, std::ostream& out, CsvFormat format);

// The accounting in Swedish, a few lines: population in = assigned + unassigned, per VC
// population and DeSO count, DeSOs without VC, shared DeSOs, skipped VCs, warnings.
std::string accounting_text(const Catchments& c, const AreaSet& areas, const CareCentreRegister& centres);

}  // namespace omrade::profiles
