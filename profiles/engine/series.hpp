// Utveckling över tid: an indicator computed for every year of its source (values, CIs and
// disclosure control per year, exactly as the profile year), and from that series the recent
// trend (assign_trend_markers) or, with fewer than five points, the change since the previous
// period, worded by polarity; SII per year and whether the gap is closing.
#pragma once

#include "profiles/stats/trend.hpp"

#include <optional>
#include <string>
#include <vector>

namespace omrade::profiles {

struct IndicatorProfile;
struct AreaRef;

// One year of one area's series (sex totalt).
struct SeriesPoint {
    int year = 0;
    Estimate ci95;  // status missing for a year without data, suppressed as in that year's profile
    std::optional<double> numerator, denominator;
    Estimate sii;                 // the area's SII that year
    Estimate rii{};               // and its RII
    std::string target_status{};  // "uppnått" | "inte uppnått" | ""
};

// The verdict on one series: the recent trend when it can be calculated, else the change from
// the previous year with a value to the latest.
struct Development {
    enum class Basis { trend, change, none };
    Basis basis = Basis::none;
    TrendResult trend;                 // always evaluated (cannot_be_calculated with its reason)
    Change change;                     // latest year vs `change_from`
    std::optional<int> change_from{};  // previous year with a value
    std::string word{};                // förbättras, försämras, ökar, minskar, ingen säker förändring, kan inte beräknas
    Rating rating = Rating::not_compared;  // colour of the word (better/worse/higher/lower/similar)
    std::string reason{};              // Swedish: the method used, or why nothing could be said
};
const char* basis_code(Development::Basis b);  // "trend", "forandring", ""

struct AreaSeries {
    std::vector<SeriesPoint> points;  // parallel to IndicatorSeries::years
    Development development;          // of the value
    Development gap;                  // of the SII (word from gap_word: "skillnaden minskar", ...)
};

struct IndicatorSeries {
    std::vector<int> years;            // ascending; the last is the profile year
    std::vector<int> converted_years;  // years whose rows were converted from DeSO 2018
    std::vector<AreaSeries> areas;     // parallel to ProfileSet::areas
    std::vector<Development> deso;     // per DeSO of the area set (totalt): <id>_forandring
    bool converted(int year) const;
};

// Builds the series of `latest` from the profiles of all its years (ascending, the last being
// `latest` itself). Values and counts come from the per-year profiles, so a value suppressed in
// its year is suppressed in the series too, and a trend or change is computed only from
// published values (a suppressed year makes it "kan inte beräknas").
IndicatorSeries make_series(const IndicatorProfile& latest, const std::vector<const IndicatorProfile*>& per_year,
                            const std::vector<AreaRef>& areas, const std::vector<int>& converted_years);

}  // namespace omrade::profiles
