#include "profiles/engine/series.hpp"

#include "profiles/engine/profile.hpp"

#include <algorithm>

namespace omrade::profiles {

const char* basis_code(Development::Basis b) {
    switch (b) {
    case Development::Basis::trend: return "trend";
    case Development::Basis::change: return "forandring";
    case Development::Basis::none: return "";
    }
    return "";
}

bool IndicatorSeries::converted(int year) const {
    return std::find(converted_years.begin(), converted_years.end(), year) != converted_years.end();
}

namespace {

Estimate absent(ValueStatus s, const char* note) {
    Estimate e;
    e.status = s;
    e.note = note;
    return e;
}

std::string why_absent(const Estimate& e) {
    if (e.status == ValueStatus::suppressed) return "undertryckt";
    return e.note.empty() ? status_text(e.status) : e.note;
}

// The verdict on a series of estimates (and counts, for proportions).
Development develop(const std::vector<int>& years, const std::vector<const Estimate*>& est,
                    const std::vector<std::optional<double>>& num, const std::vector<std::optional<double>>& den,
                    bool proportion, Polarity polarity, bool gap) {
    Development d;
    const std::size_t n = years.size();
    if (proportion) {
        std::vector<ProportionPoint> s;
        for (std::size_t i = 0; i < n; ++i) {
            const bool ok = est[i]->status == ValueStatus::ok && num[i] && den[i];
            s.push_back({static_cast<double>(years[i]), ok ? num[i] : std::nullopt, ok ? den[i] : std::nullopt});
        }
        d.trend = proportion_trend(s);
    } else {
        std::vector<ValuePoint> s;
        for (std::size_t i = 0; i < n; ++i) {
            const Estimate& e = *est[i];
            const bool ok = e.status == ValueStatus::ok;
            s.push_back({static_cast<double>(years[i]), ok ? e.value : std::nullopt, ok ? e.lower : std::nullopt,
                         ok ? e.upper : std::nullopt});
        }
        d.trend = value_trend(s, 0.95);
    }
    const Estimate& latest = *est[n - 1];
    if (latest.status != ValueStatus::ok) {
        d.change.difference = absent(latest.status, "");
        d.change.difference.note = "senaste året: " + why_absent(latest);
    } else {
        std::optional<std::size_t> prev;
        for (std::size_t i = n - 1; i-- > 0;) {
            if (est[i]->status == ValueStatus::ok) {
                prev = i;
                break;
            }
        }
        if (!prev) {
            d.change.difference = absent(ValueStatus::missing, "inget tidigare år med värde");
        } else {
            d.change = change_between(*est[*prev], latest);
            d.change_from = years[*prev];
        }
    }
    const double latest_value = latest.value.value_or(0.0);
    const std::string span = d.change_from ? std::to_string(*d.change_from) + "–" + std::to_string(years.back()) : "";
    if (d.trend.direction != TrendDirection::cannot_be_calculated) {
        d.basis = Development::Basis::trend;
        d.word = gap ? gap_word(d.trend.direction, latest_value) : trend_word(d.trend.direction, polarity);
        d.rating = gap ? Rating::not_compared : trend_rating(d.trend.direction, polarity);
        d.reason = "trend " + std::to_string(years[n - std::min<std::size_t>(n, trend_points)]) + "–" +
                   std::to_string(years.back()) + ": " + trend_reason_text(d.trend.reason);
    } else if (d.change.direction != ChangeDirection::cannot_be_calculated) {
        d.basis = Development::Basis::change;
        d.word = gap ? gap_word(d.change.direction, latest_value) : change_word(d.change.direction, polarity);
        d.rating = gap ? Rating::not_compared : change_rating(d.change.direction, polarity);
        d.reason = "förändring " + span + (d.change.direction == ChangeDirection::no_significant_change
                                               ? ": konfidensintervallet för skillnaden innehåller 0"
                                               : ": konfidensintervallet för skillnaden utesluter 0");
    } else {
        d.word = "kan inte beräknas";
        d.reason = std::string(trend_reason_text(d.trend.reason)) + "; förändring: " + d.change.difference.note;
    }
    return d;
}

}  // namespace

IndicatorSeries make_series(const IndicatorProfile& latest, const std::vector<const IndicatorProfile*>& per_year,
                            const std::vector<AreaRef>& areas, const std::vector<int>& converted_years) {
    IndicatorSeries s;
    s.converted_years = converted_years;
    for (const auto* p : per_year) s.years.push_back(p->year.value_or(0));
    const Indicator& ind = latest.indicator;
    const bool proportion = ind.type == IndicatorType::proportion;
    const std::size_t ny = per_year.size();
    if (ny == 0 || latest.sexes.empty()) return s;
    static const Estimate no_data = absent(ValueStatus::missing, "uppgift saknas");
    static const std::optional<double> none;
    // Said with every verdict that rests on converted years (layers, CSV, JSON, report).
    std::string converted_note;
    for (const int y : converted_years) converted_note += (converted_note.empty() ? "; " : ", ") + std::to_string(y);
    if (!converted_note.empty()) converted_note += std::string(" ") + revision_label;

    s.areas.resize(areas.size());
    for (std::size_t i = 0; i < areas.size(); ++i) {
        AreaSeries& as = s.areas[i];
        std::vector<const Estimate*> est, sii;
        std::vector<std::optional<double>> num, den, no_counts(ny);
        for (std::size_t k = 0; k < ny; ++k) {
            const IndicatorProfile& p = *per_year[k];
            SeriesPoint pt;
            pt.year = s.years[k];
            if (!p.sexes.empty() && i < p.sexes[0].areas.size()) {
                const AreaValue& v = p.sexes[0].areas[i];
                pt.ci95 = v.ci95;
                pt.numerator = v.numerator;
                pt.denominator = v.denominator;
                pt.sii = v.inequality.sii95;
                pt.rii = v.inequality.rii95;
                pt.target_status = v.target_status;
            } else {
                pt.ci95 = no_data;
                pt.sii = pt.rii = no_data;
            }
            as.points.push_back(std::move(pt));
        }
        for (const auto& pt : as.points) {
            est.push_back(&pt.ci95);
            sii.push_back(&pt.sii);
            num.push_back(pt.numerator);
            den.push_back(pt.denominator);
        }
        as.development = develop(s.years, est, num, den, proportion, ind.polarity, false);
        as.gap = develop(s.years, sii, no_counts, no_counts, false, ind.polarity, true);
        as.development.reason += converted_note;
        as.gap.reason += converted_note;
    }

    const std::size_t n_deso = latest.sexes[0].deso.size();
    s.deso.resize(n_deso);
    for (std::size_t a = 0; a < n_deso; ++a) {
        std::vector<const Estimate*> est;
        std::vector<std::optional<double>> num, den;
        for (std::size_t k = 0; k < ny; ++k) {
            const IndicatorProfile& p = *per_year[k];
            if (!p.sexes.empty() && a < p.sexes[0].deso.size()) {
                const DesoValue& d = p.sexes[0].deso[a];
                est.push_back(&d.ci95);
                num.push_back(d.numerator);
                den.push_back(d.denominator);
            } else {
                est.push_back(&no_data);
                num.push_back(none);
                den.push_back(none);
            }
        }
        s.deso[a] = develop(s.years, est, num, den, proportion, ind.polarity, false);
        s.deso[a].reason += converted_note;
    }
    return s;
}

}  // namespace omrade::profiles
