// The indicator engine's result: for every catalogue indicator, DeSO values and aggregates for
// every pilot catchment, every kommun and the county, with confidence intervals, comparisons,
// inequality, target status and disclosure control applied. A plain data model: the report,
// the layers, profil.json/csv and the QGIS styles read it; nothing here does I/O.
//
// Invariant: a suppressed value has status ValueStatus::suppressed and carries NO number
// (value, limits, numerator, denominator all empty), so no writer can leak it by accident.
#pragma once

#include "profiles/engine/indicators.hpp"
#include "profiles/engine/series.hpp"
#include "profiles/inputs.hpp"
#include "profiles/stats/sii.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace omrade::profiles {

// A published area: a pilot catchment, a kommun or the county.
struct AreaRef {
    enum class Kind { catchment, kommun, county };
    Kind kind = Kind::county;
    std::string id;    // pilot id, kommun code, or the län code ("07")
    std::string name;  // pilot title, kommun name, "Länet"
    std::vector<std::pair<std::size_t, double>> members;  // (area index into AreaSet, weight 0 < w <= 1)
    std::size_t pilot = 0;  // catchment only: index into Config::pilots
};
const char* kind_text(AreaRef::Kind k);  // "upptagningsomrade", "kommun", "lan"

// One DeSO's value of an indicator (one sex).
struct DesoValue {
    Estimate ci95;    // value with the 95 % interval (limits empty for medel/index)
    Estimate ci998;   // the same value with the 99.8 % interval
    std::optional<double> numerator, denominator;  // counts (count types); empty when suppressed or missing
    int quintile = 0;  // county-wide quintile 1..5 of the totalt value (1 = lowest); 0 = no value
    Rating rating = Rating::not_compared;  // vs the benchmark at the indicator's comparison level
    std::string comparison_note;           // why "ej jämförd" (value present but not compared)
};

// An aggregate over an AreaRef (one sex).
struct AreaValue {
    Estimate ci95, ci998;
    std::optional<double> numerator, denominator;  // weighted sums (count types); empty when suppressed or missing
    Rating rating95 = Rating::not_compared;   // vs benchmark (county value, or catalogue benchmark)
    Rating rating998 = Rating::not_compared;
    std::string comparison_note;      // why "ej jämförd" at the comparison level, when the value exists
    std::optional<double> deso_min, deso_max;  // over the area's published DeSO values
    std::size_t deso_count = 0;       // DeSOs with weight > 0
    std::size_t deso_published = 0;   // of which with a published value
    // SII/RII as phe_sii over population quantiles of the deprivation measure (deciles for the
    // county, quintiles otherwise), from every DeSO of the area whether published or not; the
    // values themselves pass disclosure control as published combinations of the counts.
    SiiResult inequality;
    int inequality_quantiles = 0;     // quantiles used; 0 = not computed (the note says why)
    std::string target_status;        // "uppnått", "inte uppnått", "" (no target or no value)
};

// One sex breakdown of one indicator.
struct SexValues {
    std::string sex;                 // "totalt", "man", "kvinnor"
    std::vector<DesoValue> deso;     // per area index of the AreaSet (every DeSO of the county)
    std::vector<AreaValue> areas;    // parallel to ProfileSet::areas
    std::optional<double> benchmark; // compared with: the county (or riket) value of this breakdown
};

struct SuppressionCounts {
    std::size_t cells = 0;           // DeSO cells under disclosure control (totalt, plus each sex)
    std::size_t primary = 0, secondary = 0;
    std::size_t consequential = 0;    // sex cells shown suppressed because their DeSO's totalt or other sex is
    std::size_t groups_withheld = 0;  // area totals withheld (totalt and per sex)
    std::size_t deso_suppressed = 0;  // DeSO totalt values shown as "undertryckt"
};

struct IndicatorProfile {
    Indicator indicator;              // the catalogue entry
    std::optional<int> year;          // data year used (latest with rows); empty = no data
    std::vector<double> quintile_cuts;  // county-wide cuts of published DeSO totalt values
    std::vector<SexValues> sexes;     // [0] is "totalt"; then "man", "kvinnor" when the data has them
    SuppressionCounts suppression;
    std::optional<double> benchmark;  // the value compared with (totalt), if any
    IndicatorSeries series;           // every year of the source up to `year`, trend and change
};

// What became of every statistics row read (build report).
struct RowAccounting {
    std::string source;
    std::size_t read = 0;
    std::size_t used = 0;              // used by an indicator (its data year, a used breakdown)
    std::size_t not_in_catalogue = 0;  // statistics id no indicator uses
    std::size_t other_year = 0;        // an indicator's older years
    std::size_t other_breakdown = 0;   // age bands of a non-dsr indicator, unknown sexes
    std::size_t not_published = 0;     // ".." / empty at source
    std::size_t outside = 0;           // areas outside the area set
};

struct ProfileSet {
    std::vector<AreaRef> areas;       // pilot catchments (config order), kommuner, the county (last)
    std::vector<IndicatorProfile> indicators;  // catalogue order
    std::vector<RowAccounting> rows;  // per statistics source
    std::string deprivation;          // indicator id used to rank DeSOs for SII/RII
    bool synthetic = false;           // any indicator computed from synthetic data

    // Index into `areas` of a pilot's catchment, kommun code, or the county.
    std::optional<std::size_t> pilot_area(std::size_t pilot) const;
    std::optional<std::size_t> kommun_area(const std::string& code) const;
    std::size_t county_area() const { return areas.size() - 1; }
    // The kommun a pilot's profile compares with: its vårdcentral's kommun, else the kommun of its
    // catchment's first DeSO; empty when neither is an area of the set.
    std::string pilot_kommun(const Inputs& in, std::size_t pilot) const;
};

// Computes every indicator of the catalogue. Throws DataError (catalogue file, indicator line,
// "kalla") when an indicator's statistics id has no rows in any source, when count types meet
// value-only rows (or the reverse), or when a dsr age band has no standard weight.
ProfileSet compute_profiles(const Inputs& in, const Catalogue& catalogue);

// Every area indicator's statistics id (kalla, by default the id) has rows in some source; each
// that has none is a problem naming the catalogue line, with "menade du ...?" from the ids the
// statistics hold. compute_profiles runs it in stop mode; `check` collects.
void check_indicator_sources(const Catalogue& catalogue, const Statistics& statistics,
                             Problems& problems = stop_at_first_problem());

}  // namespace omrade::profiles
