// The follow-up of every vårdcentral on its listed patients: per indicator of the catalogue with
// niva = "vardcentral" and per vårdcentral the value with its interval, the comparison with the
// county, the funnel-plot significance at 95 and 99.8 % (profiles/stats/funnel.hpp), the target
// status and level, the change since the previous period and the trend (profiles/stats/trend.hpp),
// and the count of vårdcentraler per level. Disclosure control per indicator and period: the
// vårdcentraler partition the listed population, so the county total is a published group and a
// suppressed vårdcentral is protected by secondary suppression (profiles/disclosure/).
#pragma once

#include "profiles/disclosure/disclosure.hpp"
#include "profiles/engine/indicators.hpp"
#include "profiles/followup/source.hpp"
#include "profiles/stats/funnel.hpp"
#include "profiles/stats/trend.hpp"

#include <optional>
#include <string>
#include <vector>

namespace omrade::profiles {

struct FollowupPoint {
    Period period;
    Estimate estimate;  // status ok, missing ("Ingen data") or suppressed; CI at 95 %
    std::optional<double> numerator, denominator;  // published counts (ok and delivered as counts)
    bool value_only = false;  // delivered as varde: no interval, no funnel, not protected
};

struct FollowupUnit {
    std::size_t centre = 0;
    std::string name;
    std::vector<FollowupPoint> series;  // one per period of the indicator, in order
    const FollowupPoint& latest() const { return series.back(); }
    Rating county_rating = Rating::not_compared;  // the county value against the 95 % interval
    std::optional<FunnelSignificance> funnel;     // only for a published value from counts
    int level = -1;               // index into Target::labels (0 = worst), -1 = none
    std::string target_status;    // "når målet", "når inte målet", ""
    Change change;                // latest against the previous period
    std::string change_text;      // change_word(), or "kan inte beräknas"
    TrendResult trend;            // last five periods
    std::string trend_text;
};

struct FollowupIndicator {
    Indicator indicator;
    std::vector<Period> periods;  // every period in the source for this indicator, in order
    Estimate county;              // Σ counts over the vårdcentraler, latest period (95 % CI)
    std::optional<double> county_numerator, county_denominator;
    std::vector<Estimate> county_series;  // per period
    std::optional<FunnelLines> lines;     // latest period, when any unit has counts
    std::vector<FollowupUnit> units;      // every vårdcentral of the register, register order
    // Per level (worst first) the number of vårdcentraler with a published value there.
    std::vector<int> level_counts;
    int target_met = 0;           // threshold targets: published values meeting the target
    int with_value = 0, no_data = 0, suppressed = 0;
    std::size_t primary = 0, secondary = 0;  // disclosure, over all periods
    // "13 av 32 når 90 % eller högre", one per level (best first), or one for a threshold.
    std::vector<std::string> level_sentences;
};

struct Followup {
    std::string source;
    bool synthetic = false;
    std::vector<FollowupIndicator> indicators;  // catalogue order; only indicators with rows
    std::size_t rows_read = 0, rows_with_counts = 0, rows_value_only = 0, rows_no_data = 0;
    const FollowupIndicator* find(const std::string& id) const;
};

struct FollowupOptions {
    DisclosureRules rules;
    // false only in tests: primary suppression alone, without the county as a group, to prove
    // that the attack test would recover a suppressed vårdcentral.
    bool secondary = true;
};

Followup compute_followup(const FollowupData& data, const Catalogue& catalogue, const CareCentreRegister& centres,
                          const FollowupOptions& options);

// The level of a value (index into labels, 0 = worst) for a target with nivaer; -1 without.
int target_level(const Target& target, double value);
bool target_met(const Target& target, double value);

// "90 % eller högre" style text of a threshold target: "minst 75 %", "högst 50 %".
std::string target_text(const Target& target, const std::string& unit);

}  // namespace omrade::profiles
