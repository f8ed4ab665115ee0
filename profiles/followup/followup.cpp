#include "profiles/followup/followup.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

namespace omrade::profiles {

namespace {

Estimate estimate_of(const Indicator& ind, double numerator, double denominator) {
    return ind.type == IndicatorType::proportion ? proportion(numerator, denominator, 0.95, ind.multiplier)
                                                 : rate(numerator, denominator, 0.95, ind.multiplier);
}

Estimate missing(std::string note) {
    Estimate e;
    e.status = ValueStatus::missing;
    e.note = std::move(note);
    return e;
}

std::string number_text(double v) {
    std::ostringstream o;
    o << v;
    std::string t = o.str();
    std::replace(t.begin(), t.end(), '.', ',');
    return t;
}

}  // namespace

const FollowupIndicator* Followup::find(const std::string& id) const {
    for (const auto& i : indicators) {
        if (i.indicator.id == id) return &i;
    }
    return nullptr;
}

int target_level(const Target& target, double value) {
    if (target.levels.empty()) return -1;
    int up = value > target.levels.front() ? 1 : 0;
    for (std::size_t i = 1; i < target.levels.size(); ++i) up += value >= target.levels[i] ? 1 : 0;
    const int n = static_cast<int>(target.levels.size()) + 1;
    return target.at_least ? up : n - 1 - up;
}

bool target_met(const Target& target, double value) {
    if (!target.levels.empty()) return target_level(target, value) == static_cast<int>(target.levels.size());
    return target.at_least ? value >= target.value : value <= target.value;
}

std::string target_text(const Target& target, const std::string& unit) {
    if (!target.labels.empty()) return target.labels.back();
    const std::string v = number_text(target.value) + (unit == "%" ? " %" : " " + unit);
    return (target.at_least ? "minst " : "högst ") + v;
}

Followup compute_followup(const FollowupData& data, const Catalogue& catalogue, const CareCentreRegister& centres,
                          const FollowupOptions& options) {
    Followup out;
    out.source = data.file;
    out.synthetic = data.synthetic;
    out.rows_read = data.rows_read;
    out.rows_with_counts = data.rows_with_counts;
    out.rows_value_only = data.rows_value_only;
    out.rows_no_data = data.rows_no_data;

    for (const Indicator& ind : catalogue.care_centre_indicators) {
        // rows[centre][period]
        std::map<std::size_t, std::map<Period, const FollowupRow*>> rows;
        std::set<Period> period_set;
        for (const auto& r : data.rows) {
            if (r.indicator != ind.id) continue;
            rows[r.centre][r.period] = &r;
            period_set.insert(r.period);
        }
        if (period_set.empty()) continue;
        FollowupIndicator fi;
        fi.indicator = ind;
        fi.indicator.synthetic = ind.synthetic || data.synthetic;
        fi.periods.assign(period_set.begin(), period_set.end());
        const std::size_t n_centres = centres.centres.size();
        const std::size_t n_periods = fi.periods.size();

        // Disclosure per period: one cell per vårdcentral, the county (all of them) as a group.
        std::vector<std::vector<Suppression>> suppressed(n_periods, std::vector<Suppression>(n_centres, Suppression::none));
        std::vector<bool> county_withheld(n_periods, false);
        for (std::size_t p = 0; p < n_periods; ++p) {
            std::vector<DisclosureCell> cells(n_centres);
            DisclosureGroup county;
            county.label = "länet (alla vårdcentraler), " + ind.id + " " + fi.periods[p].label();
            for (std::size_t c = 0; c < n_centres; ++c) {
                const auto it = rows.find(c);
                const FollowupRow* r = nullptr;
                if (it != rows.end()) {
                    const auto jt = it->second.find(fi.periods[p]);
                    if (jt != it->second.end()) r = jt->second;
                }
                if (r && r->numerator) {
                    cells[c] = {*r->numerator, *r->denominator, false};
                    county.members.emplace_back(c, 1.0);
                } else {
                    cells[c].missing = true;
                }
            }
            const DisclosureResult d = options.secondary ? protect(cells, {county}, options.rules)
                                                         : protect(cells, {}, options.rules);
            suppressed[p] = d.cells;
            county_withheld[p] = options.secondary && d.group_suppressed.front();
            fi.primary += d.primary;
            fi.secondary += d.secondary;
        }

        // County per period from every delivered count (suppressed ones included: the total is
        // a published group that the disclosure control accounted for).
        for (std::size_t p = 0; p < n_periods; ++p) {
            double num = 0, den = 0;
            bool any = false;
            for (const auto& [c, by_period] : rows) {
                const auto jt = by_period.find(fi.periods[p]);
                if (jt == by_period.end() || !jt->second->numerator) continue;
                num += *jt->second->numerator;
                den += *jt->second->denominator;
                any = true;
            }
            Estimate e = any && den > 0 ? estimate_of(ind, num, den) : missing("inga antal för perioden");
            if (county_withheld[p]) {
                e = Estimate{};
                e.status = ValueStatus::suppressed;
                e.note = "undertryckt (röjandekontroll)";
            }
            fi.county_series.push_back(e);
            if (p + 1 == n_periods) {
                fi.county = e;
                if (e.status == ValueStatus::ok) {
                    fi.county_numerator = num;
                    fi.county_denominator = den;
                }
            }
        }

        // Funnel of the latest period over every unit with counts (suppressed ones included in
        // the average, as in the county total; their points are not drawn).
        std::vector<FunnelUnit> funnel_units;
        for (const auto& [c, by_period] : rows) {
            const auto jt = by_period.find(fi.periods.back());
            if (jt != by_period.end() && jt->second->numerator && *jt->second->denominator > 0) {
                funnel_units.push_back({*jt->second->numerator, *jt->second->denominator});
            }
        }
        const FunnelStatistic statistic =
            ind.type == IndicatorType::proportion ? FunnelStatistic::proportion : FunnelStatistic::rate;
        std::optional<double> average;
        if (!funnel_units.empty() && !county_withheld.back()) {
            average = funnel_average(funnel_units, statistic);
            fi.lines = funnel_lines(funnel_units, statistic, ind.multiplier);
        }

        const int n_levels = ind.target && !ind.target->levels.empty() ? static_cast<int>(ind.target->levels.size()) + 1 : 0;
        fi.level_counts.assign(static_cast<std::size_t>(n_levels), 0);
        for (std::size_t c = 0; c < n_centres; ++c) {
            FollowupUnit u;
            u.centre = c;
            u.name = centres.centres[c].name;
            const auto it = rows.find(c);
            for (std::size_t p = 0; p < n_periods; ++p) {
                FollowupPoint pt;
                pt.period = fi.periods[p];
                const FollowupRow* r = nullptr;
                if (it != rows.end()) {
                    const auto jt = it->second.find(fi.periods[p]);
                    if (jt != it->second.end()) r = jt->second;
                }
                if (!r || r->no_data) {
                    pt.estimate = missing("Ingen data");
                } else if (suppressed[p][c] != Suppression::none) {
                    pt.estimate.status = ValueStatus::suppressed;
                    pt.estimate.note = suppressed[p][c] == Suppression::primary ? "undertryckt: för få"
                                                                                : "undertryckt: skyddar en annan vårdcentral";
                } else if (r->numerator) {
                    pt.estimate = estimate_of(ind, *r->numerator, *r->denominator);
                    pt.numerator = r->numerator;
                    pt.denominator = r->denominator;
                } else {
                    pt.estimate.status = ValueStatus::ok;
                    pt.estimate.value = *r->value;
                    pt.estimate.note = "levererat som värde utan antal";
                    pt.value_only = true;
                }
                u.series.push_back(std::move(pt));
            }
            const FollowupPoint& last = u.latest();
            if (last.estimate.status == ValueStatus::missing) ++fi.no_data;
            if (last.estimate.status == ValueStatus::suppressed) ++fi.suppressed;
            if (last.estimate.status == ValueStatus::ok) {
                ++fi.with_value;
                const double v = *last.estimate.value;
                if (fi.county.status == ValueStatus::ok && last.estimate.lower) {
                    u.county_rating = rate_comparison(compare(last.estimate, *fi.county.value), ind.polarity);
                }
                if (average && last.numerator && *last.denominator > 0) {
                    u.funnel = statistic == FunnelStatistic::proportion
                                   ? proportion_funnel_significance(*last.numerator, *last.denominator, *average)
                                   : rate_funnel_significance(*last.numerator, *last.denominator, *average);
                }
                if (ind.target) {
                    u.level = target_level(*ind.target, v);
                    if (u.level >= 0) ++fi.level_counts[static_cast<std::size_t>(u.level)];
                    const bool met = target_met(*ind.target, v);
                    u.target_status = met ? "når målet" : "når inte målet";
                    if (met) ++fi.target_met;
                }
            }
            // Change since the previous period; both must be published with intervals.
            if (n_periods >= 2) {
                u.change = change_between(u.series[n_periods - 2].estimate, last.estimate);
                u.change_text = change_word(u.change.direction, ind.polarity);
            } else {
                u.change_text = change_word(ChangeDirection::cannot_be_calculated, ind.polarity);
            }
            // Trend over the last five periods (assign_trend_markers); suppressed or missing
            // points make it "kan inte beräknas".
            if (ind.type == IndicatorType::proportion) {
                std::vector<ProportionPoint> s;
                for (const auto& pt : u.series) s.push_back({pt.period.index(), pt.numerator, pt.denominator});
                u.trend = proportion_trend(s);
            } else {
                std::vector<ValuePoint> s;
                for (const auto& pt : u.series) {
                    ValuePoint vp{pt.period.index(), pt.estimate.value, pt.estimate.lower, pt.estimate.upper};
                    if (pt.estimate.status != ValueStatus::ok) vp.value = vp.lower = vp.upper = std::nullopt;
                    s.push_back(vp);
                }
                u.trend = value_trend(s, 0.95);
            }
            u.trend_text = trend_word(u.trend.direction, ind.polarity);
            fi.units.push_back(std::move(u));
        }

        const std::string of = fmt::format(" av {}", fi.with_value);
        if (ind.target && !ind.target->levels.empty()) {
            for (int l = n_levels - 1; l >= 0; --l) {
                const std::string& label = ind.target->labels[static_cast<std::size_t>(l)];
                fi.level_sentences.push_back(fmt::format("{}{} {}", fi.level_counts[static_cast<std::size_t>(l)], of,
                                                         l == n_levels - 1 ? "når " + label : "på " + label));
            }
        } else if (ind.target) {
            fi.level_sentences.push_back(
                fmt::format("{}{} når målvärdet ({})", fi.target_met, of, target_text(*ind.target, ind.unit)));
        }
        out.indicators.push_back(std::move(fi));
    }
    return out;
}

}  // namespace omrade::profiles
