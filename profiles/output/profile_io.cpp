#include "profiles/output/profile_io.hpp"

#include "geo/checksum.hpp"
#include "geo/source.hpp"
#include "profiles/inputs.hpp"

#include <cmath>
#include <limits>

namespace omrade::profiles {

const char* polarity_name(Polarity p) {
    switch (p) {
    case Polarity::high_is_good: return "hog_bra";
    case Polarity::low_is_good: return "lag_bra";
    case Polarity::neutral: return "neutral";
    }
    return "";
}

namespace {

using nlohmann::json;

json number_or_null(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

// Limit columns when anything of the indicator has an interval; proportions and rates always
// (even when every DeSO is suppressed) so that the layer schema does not depend on the data.
bool limit_columns(const IndicatorProfile& p) {
    const auto t = p.indicator.type;
    if (t == IndicatorType::proportion || t == IndicatorType::rate || t == IndicatorType::dsr) return true;
    for (const auto& sv : p.sexes) {
        for (const auto& d : sv.deso) {
            if (d.ci95.lower) return true;
        }
        for (const auto& a : sv.areas) {
            if (a.ci95.lower) return true;
        }
    }
    return false;
}

std::string reason(const Estimate& e) { return e.status == ValueStatus::ok ? "" : status_text(e.status); }

// A value present but not compared says so, with the reason (no benchmark for the breakdown,
// a count, no interval).
json rating_json(Rating r, const std::string& why = {}) {
    json j = {{"betyg", rating_text(r)}, {"farg", rating_colour(r)}};
    if (r == Rating::not_compared && !why.empty()) {
        j["betyg"] = "ej jämförd";
        j["orsak"] = why;
    }
    return j;
}

std::string rating_cell(Rating r, const std::string& why) {
    if (r == Rating::not_compared && !why.empty()) return "ej jämförd (" + why + ")";
    return rating_text(r);
}

json estimate_json(const Estimate& e95, const Estimate& e998) {
    json j;
    j["varde"] = number_or_null(e95.value);
    j["nedre"] = number_or_null(e95.lower);
    j["ovre"] = number_or_null(e95.upper);
    j["nedre_998"] = number_or_null(e998.lower);
    j["ovre_998"] = number_or_null(e998.upper);
    j["status"] = reason(e95);
    j["kommentar"] = e95.note;
    return j;
}

json area_json(const AreaRef& ref, const AreaValue& v) {
    json j = estimate_json(v.ci95, v.ci998);
    j["omrade"] = {{"typ", kind_text(ref.kind)}, {"id", ref.id}, {"namn", ref.name}};
    j["taljare"] = number_or_null(v.numerator);
    j["namnare"] = number_or_null(v.denominator);
    j["jamforelse_95"] = rating_json(v.rating95, v.comparison_note);
    j["jamforelse_998"] = rating_json(v.rating998, v.comparison_note);
    j["deso_min"] = number_or_null(v.deso_min);
    j["deso_max"] = number_or_null(v.deso_max);
    j["antal_deso"] = v.deso_count;
    j["antal_deso_med_varde"] = v.deso_published;
    j["sii"] = estimate_json(v.inequality.sii95, v.inequality.sii998);
    j["rii"] = estimate_json(v.inequality.rii95, v.inequality.rii998);
    j["sii_kvantiler"] = v.inequality_quantiles;
    j["malstatus"] = v.target_status;
    return j;
}

json development_json(const Development& d) {
    json j;
    j["ord"] = d.word;
    j["grund"] = basis_code(d.basis);
    j["orsak"] = d.reason;
    j["trend"] = trend_code(d.trend.direction);
    j["trend_orsak"] = trend_reason_text(d.trend.reason);
    j["chi2"] = number_or_null(d.trend.chi_square);
    j["forandring_fran_ar"] = d.change_from ? json(*d.change_from) : json(nullptr);
    j["forandring"] = estimate_json(d.change.difference, d.change.difference);
    j["betyg"] = rating_json(d.rating);
    return j;
}

// An area's series (sex totalt) with its development and the SII gap verdict.
json series_json(const IndicatorSeries& s, std::size_t area) {
    json points = json::array();
    if (area >= s.areas.size()) return json(nullptr);
    const AreaSeries& as = s.areas[area];
    for (const auto& pt : as.points) {
        json jp = estimate_json(pt.ci95, pt.ci95);
        jp["ar"] = pt.year;
        jp["taljare"] = number_or_null(pt.numerator);
        jp["namnare"] = number_or_null(pt.denominator);
        jp["malstatus"] = pt.target_status;
        jp["sii"] = estimate_json(pt.sii, pt.sii);
        jp["rii"] = estimate_json(pt.rii, pt.rii);
        jp["omraknad"] = s.converted(pt.year) ? json(revision_label) : json(nullptr);
        points.push_back(std::move(jp));
    }
    return {{"ar", points}, {"utveckling", development_json(as.development)}, {"skillnad", development_json(as.gap)}};
}

}  // namespace

std::vector<AreaColumn> profile_columns(const ProfileSet& set, std::size_t area_count) {
    std::vector<AreaColumn> out;
    for (const auto& p : set.indicators) {
        const std::string& id = p.indicator.id;
        const auto& deso = p.sexes.empty() ? std::vector<DesoValue>(area_count) : p.sexes[0].deso;
        const bool limits = !p.sexes.empty() && limit_columns(p);
        AreaColumn value{id, geo::FieldType::Real, std::vector<geo::Value>(area_count)};
        AreaColumn lower{id + "_lagre", geo::FieldType::Real, std::vector<geo::Value>(area_count)};
        AreaColumn upper{id + "_ovre", geo::FieldType::Real, std::vector<geo::Value>(area_count)};
        AreaColumn why{id + "_orsak", geo::FieldType::String, std::vector<geo::Value>(area_count)};
        AreaColumn quint{id + "_kvintil", geo::FieldType::Integer, std::vector<geo::Value>(area_count)};
        for (std::size_t a = 0; a < area_count && a < deso.size(); ++a) {
            const auto& d = deso[a];
            if (d.ci95.status == ValueStatus::ok) {
                value.values[a] = *d.ci95.value;
                if (d.ci95.lower) lower.values[a] = *d.ci95.lower;
                if (d.ci95.upper) upper.values[a] = *d.ci95.upper;
                if (d.quintile > 0) quint.values[a] = static_cast<std::int64_t>(d.quintile);
            } else {
                why.values[a] = std::string(status_text(d.ci95.status));
            }
        }
        out.push_back(std::move(value));
        if (limits) {
            out.push_back(std::move(lower));
            out.push_back(std::move(upper));
        }
        out.push_back(std::move(why));
        out.push_back(std::move(quint));
        // <id>_forandring: the trend or change word per DeSO; _forandring_orsak says why when it
        // could not be computed (and which method was used when it could).
        AreaColumn change{id + "_forandring", geo::FieldType::String, std::vector<geo::Value>(area_count)};
        AreaColumn change_why{id + "_forandring_orsak", geo::FieldType::String, std::vector<geo::Value>(area_count)};
        for (std::size_t a = 0; a < area_count && a < p.series.deso.size(); ++a) {
            const Development& d = p.series.deso[a];
            change.values[a] = d.word;
            change_why.values[a] = d.reason;
        }
        out.push_back(std::move(change));
        out.push_back(std::move(change_why));
    }
    return out;
}

json provenance(const Inputs& in, const std::string& catalogue_file, const std::string& tool_version, bool synthetic) {
    json inputs = input_report(in)["indata"];
    if (!catalogue_file.empty()) {
        inputs.push_back({{"typ", "indikatorkatalog"}, {"kalla", catalogue_file}, {"sha256", geo::sha256_file(catalogue_file)}});
    }
    json p = {{"indata", inputs},
              {"indelning", in.areas.version},
              {"upptagningsmetod", in.catchments ? in.catchments->method : ""},
              {"verktyg", "omrade"},
              {"version", tool_version},
              {"syntetiska_data", synthetic}};
    if (synthetic) p["markning"] = synthetic_label;
    return p;
}

json profile_json(const ProfileSet& set, const Inputs& in, std::size_t pilot, const json& prov) {
    const auto& cfg = in.config.pilots.at(pilot);
    json j;
    if (set.synthetic) j["markning"] = synthetic_label;
    j["pilot"] = {{"id", cfg.id}, {"titel", cfg.title}, {"vardcentral", cfg.care_centre}};
    j["proveniens"] = prov;
    j["rangordning_ojamlikhet"] = set.deprivation;
    const auto area = set.pilot_area(pilot);
    const std::string kommun = set.pilot_kommun(in, pilot);
    const auto kommun_idx = set.kommun_area(kommun);
    const std::size_t county = set.county_area();
    json indicators = json::array();
    for (const auto& p : set.indicators) {
        const Indicator& ind = p.indicator;
        json ji;
        ji["id"] = ind.id;
        ji["namn"] = ind.name;
        ji["beskrivning"] = ind.description;
        ji["doman"] = ind.domain;
        ji["enhet"] = ind.unit;
        ji["typ"] = type_name(ind.type);
        ji["multiplikator"] = ind.multiplier;
        ji["polaritet"] = polarity_name(ind.polarity);
        ji["jamforelse"] = {{"metod", ind.comparison_confidence > 0.99 ? "ki998" : "ki95"},
                            {"niva", ind.comparison_level}, {"varde", number_or_null(p.benchmark)}};
        ji["malvarde"] = ind.target ? json{{"varde", ind.target->value}, {"riktning", ind.target->at_least ? "minst" : "hogst"}}
                                    : json(nullptr);
        ji["ar"] = p.year ? json(*p.year) : json(nullptr);
        ji["syntetisk"] = ind.synthetic;
        ji["kvintilgranser"] = p.quintile_cuts;
        ji["undertryckning"] = {{"celler", p.suppression.cells}, {"primar", p.suppression.primary},
                                {"sekundar", p.suppression.secondary}, {"grupper_undanhallna", p.suppression.groups_withheld},
                                {"deso_undertryckta", p.suppression.deso_suppressed}};
        ji["serie"] = {{"ar", p.series.years}, {"omraknade_ar", p.series.converted_years},
                       {"omrakning", p.series.converted_years.empty() ? json(nullptr) : json(revision_label)}};
        json sexes = json::array();
        for (const auto& sv : p.sexes) {
            json js;
            js["kon"] = sv.sex;
            js["jamforelsevarde"] = number_or_null(sv.benchmark);
            const bool totalt = &sv == &p.sexes.front();
            if (area) js["upptagningsomrade"] = area_json(set.areas[*area], sv.areas[*area]);
            if (kommun_idx) js["kommun"] = area_json(set.areas[*kommun_idx], sv.areas[*kommun_idx]);
            js["lan"] = area_json(set.areas[county], sv.areas[county]);
            // The series is of the totalt values.
            if (totalt) {
                if (area) js["upptagningsomrade"]["serie"] = series_json(p.series, *area);
                if (kommun_idx) js["kommun"]["serie"] = series_json(p.series, *kommun_idx);
                js["lan"]["serie"] = series_json(p.series, county);
            }
            json deso = json::array();
            if (area) {
                for (const auto& [a, w] : set.areas[*area].members) {
                    const auto& d = sv.deso[a];
                    json jd = estimate_json(d.ci95, d.ci998);
                    jd["desokod"] = in.areas.areas[a].code;
                    jd["andel_i_omradet"] = w;
                    jd["taljare"] = number_or_null(d.numerator);
                    jd["namnare"] = number_or_null(d.denominator);
                    jd["kvintil"] = d.quintile > 0 ? json(d.quintile) : json(nullptr);
                    jd["jamforelse"] = rating_json(d.rating, d.comparison_note);
                    if (totalt && a < p.series.deso.size()) jd["utveckling"] = development_json(p.series.deso[a]);
                    deso.push_back(std::move(jd));
                }
            }
            js["deso"] = std::move(deso);
            sexes.push_back(std::move(js));
        }
        ji["kon"] = std::move(sexes);
        indicators.push_back(std::move(ji));
    }
    j["indikatorer"] = std::move(indicators);
    return j;
}

void write_profile_csv(std::ostream& out, const ProfileSet& set, const Inputs& in, std::size_t pilot, CsvFormat format) {
    CsvWriter w(out, format);
    w.write_row({"indikator", "namn", "doman", "enhet", "ar", "kon", "varde", "nedre_95", "ovre_95", "nedre_998", "ovre_998",
                 "lan_varde", "jamforelse_95", "jamforelse_998", "deso_min", "deso_max", "malvarde", "malstatus", "orsak",
                 "kommentar", "antal_deso", "antal_deso_med_varde", "syntetisk", "utveckling", "utveckling_grund",
                 "utveckling_orsak", "foregaende_ar", "foregaende_varde", "forandring", "forandring_nedre", "forandring_ovre",
                 "lan_utveckling", "skillnad_lan", "omraknad"});
    const auto area = set.pilot_area(pilot);
    if (!area) return;
    (void)in;
    auto num = [&w](const std::optional<double>& v) { return v ? w.number(*v, 6) : std::string(); };
    for (const auto& p : set.indicators) {
        const Indicator& ind = p.indicator;
        for (const auto& sv : p.sexes) {
            const AreaValue& v = sv.areas[*area];
            const AreaValue& c = sv.areas[set.county_area()];
            std::string target;
            if (ind.target) target = std::string(ind.target->at_least ? "minst " : "högst ") + w.number(ind.target->value, 6);
            std::vector<std::string> row{ind.id, ind.name, ind.domain, ind.unit, p.year ? std::to_string(*p.year) : "", sv.sex,
                                         num(v.ci95.value), num(v.ci95.lower), num(v.ci95.upper), num(v.ci998.lower),
                                         num(v.ci998.upper), num(c.ci95.value), rating_cell(v.rating95, v.comparison_note),
                                         rating_cell(v.rating998, v.comparison_note), num(v.deso_min), num(v.deso_max), target,
                                         v.target_status, reason(v.ci95), v.ci95.note, std::to_string(v.deso_count),
                                         std::to_string(v.deso_published), ind.synthetic ? "ja" : "nej"};
            // Development columns: the series is of the totalt values; empty for the sexes.
            const bool totalt = &sv == &p.sexes.front() && *area < p.series.areas.size();
            if (totalt) {
                const AreaSeries& as = p.series.areas[*area];
                const Development& d = as.development;
                std::optional<double> prev;
                for (const auto& pt : as.points) {
                    if (d.change_from && pt.year == *d.change_from) prev = pt.ci95.value;
                }
                const Change& ch = d.change;
                const AreaSeries& cs = p.series.areas[set.county_area()];
                row.insert(row.end(), {d.word, basis_code(d.basis), d.reason,
                                       d.change_from ? std::to_string(*d.change_from) : "", num(prev),
                                       num(ch.difference.value), num(ch.difference.lower), num(ch.difference.upper),
                                       cs.development.word, cs.gap.word,
                                       p.series.converted_years.empty() ? "" : revision_label});
            } else {
                row.resize(row.size() + 11);
            }
            w.write_row(row);
        }
    }
}

json profile_report(const ProfileSet& set) {
    json rows = json::array();
    for (const auto& r : set.rows) {
        rows.push_back({{"kalla", r.source}, {"lasta", r.read}, {"anvanda", r.used}, {"ej_i_katalogen", r.not_in_catalogue},
                        {"annat_ar", r.other_year}, {"annan_uppdelning", r.other_breakdown},
                        {"ej_publicerade", r.not_published}, {"utanfor_omradena", r.outside}});
    }
    json inds = json::array();
    for (const auto& p : set.indicators) {
        inds.push_back({{"id", p.indicator.id}, {"kalla", p.indicator.source}, {"ar", p.year ? json(*p.year) : json(nullptr)},
                        {"syntetisk", p.indicator.synthetic},
                        {"undertryckning",
                         {{"celler", p.suppression.cells}, {"primar", p.suppression.primary}, {"sekundar", p.suppression.secondary},
                          {"foljd", p.suppression.consequential},
                          {"grupper_undanhallna", p.suppression.groups_withheld},
                          {"deso_undertryckta", p.suppression.deso_suppressed}}}});
    }
    return {{"statistikrader", rows}, {"indikatorer", inds}};
}

}  // namespace omrade::profiles
