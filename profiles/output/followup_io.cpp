#include "profiles/output/followup_io.hpp"

#include "profiles/output/output_file.hpp"

#include <ostream>

namespace omrade::profiles {

namespace {

std::string level_label(const FollowupIndicator& fi, const FollowupUnit& u) {
    if (u.level < 0 || !fi.indicator.target) return "";
    return fi.indicator.target->labels[static_cast<std::size_t>(u.level)];
}

std::string status_word(const Estimate& e) {
    switch (e.status) {
        case ValueStatus::ok: return "";
        case ValueStatus::missing: return "ingen data";
        case ValueStatus::too_few: return "för få";
        case ValueStatus::suppressed: return "undertryckt";
    }
    return "";
}

nlohmann::json number_or_null(const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(); }

nlohmann::json estimate_json(const Estimate& e) {
    nlohmann::json j;
    j["varde"] = number_or_null(e.value);
    j["nedre_95"] = number_or_null(e.lower);
    j["ovre_95"] = number_or_null(e.upper);
    j["status"] = status_word(e);
    if (!e.note.empty()) j["anmarkning"] = e.note;
    return j;
}

nlohmann::json line_json(const std::vector<std::pair<double, double>>& line) {
    nlohmann::json a = nlohmann::json::array();
    for (const auto& [x, y] : line) a.push_back({x, y});
    return a;
}

}  // namespace

void write_followup_csv(const Followup& f, const std::filesystem::path& path, CsvFormat format) {
    write_stream_file(path, [&](std::ostream& out) {
        CsvWriter w(out, format);
        w.write_row({"indikator", "indikator_namn", "enhet", "period", "vardcentral", "taljare", "namnare", "varde",
                     "nedre_95", "ovre_95", "status", "anmarkning", "lanets_varde", "jamfort_med_lanet", "tratt",
                     "malniva", "malstatus", "forandring", "trend", "syntetisk"});
        for (const auto& fi : f.indicators) {
            for (const auto& u : fi.units) {
                const FollowupPoint& p = u.latest();
                const auto num = [&](const std::optional<double>& v, int d) { return v ? w.number(*v, d) : std::string(); };
                w.write_row({fi.indicator.id, fi.indicator.name, fi.indicator.unit, p.period.label(), u.name,
                             num(p.numerator, 0), num(p.denominator, 0), num(p.estimate.value, 4),
                             num(p.estimate.lower, 4), num(p.estimate.upper, 4), status_word(p.estimate), p.estimate.note,
                             num(fi.county.value, 4), rating_text(u.county_rating), u.funnel ? funnel_code(*u.funnel) : "",
                             level_label(fi, u), u.target_status, u.change_text, u.trend_text,
                             fi.indicator.synthetic ? "ja" : "nej"});
            }
        }
    });
}

nlohmann::json followup_json(const Followup& f) {
    nlohmann::json j;
    j["kalla"] = std::filesystem::path(f.source).filename().string();
    j["syntetisk"] = f.synthetic;
    if (f.synthetic) j["markning"] = "SYNTETISKA DEMODATA – inte verkliga hälsodata";
    j["rader"] = {{"lasta", f.rows_read}, {"med_antal", f.rows_with_counts}, {"bara_varde", f.rows_value_only},
                  {"ingen_data", f.rows_no_data}};
    nlohmann::json inds = nlohmann::json::array();
    for (const auto& fi : f.indicators) {
        const Indicator& ind = fi.indicator;
        nlohmann::json ji;
        ji["id"] = ind.id;
        ji["namn"] = ind.name;
        ji["definition"] = ind.definition;
        ji["datakalla"] = ind.data_source;
        ji["enhet"] = ind.unit;
        ji["typ"] = ind.type == IndicatorType::proportion ? "andel" : "kvot";
        ji["multiplikator"] = ind.multiplier;
        ji["syntetisk"] = ind.synthetic;
        if (ind.target) {
            ji["malvarde"] = {{"text", target_text(*ind.target, ind.unit)},
                              {"riktning", ind.target->at_least ? "minst" : "hogst"},
                              {"nivaer", ind.target->levels},
                              {"etiketter", ind.target->labels}};
        }
        nlohmann::json periods = nlohmann::json::array();
        for (const auto& p : fi.periods) periods.push_back(p.label());
        ji["perioder"] = periods;
        ji["lanet"] = estimate_json(fi.county);
        ji["lanet"]["taljare"] = number_or_null(fi.county_numerator);
        ji["lanet"]["namnare"] = number_or_null(fi.county_denominator);
        nlohmann::json cs = nlohmann::json::array();
        for (std::size_t i = 0; i < fi.periods.size(); ++i) {
            nlohmann::json e = estimate_json(fi.county_series[i]);
            e["period"] = fi.periods[i].label();
            cs.push_back(e);
        }
        ji["lanet_serie"] = cs;
        if (fi.lines) {
            ji["tratt"] = {{"medelvarde", fi.lines->average},
                           {"nedre_95", line_json(fi.lines->lower_95)},
                           {"ovre_95", line_json(fi.lines->upper_95)},
                           {"nedre_998", line_json(fi.lines->lower_998)},
                           {"ovre_998", line_json(fi.lines->upper_998)}};
        }
        ji["antal_per_niva"] = fi.level_counts;
        ji["sammanfattning"] = fi.level_sentences;
        ji["med_varde"] = fi.with_value;
        ji["ingen_data"] = fi.no_data;
        ji["undertryckta"] = fi.suppressed;
        ji["roj"] = {{"primar", fi.primary}, {"sekundar", fi.secondary}};
        nlohmann::json units = nlohmann::json::array();
        for (const auto& u : fi.units) {
            nlohmann::json ju;
            ju["vardcentral"] = u.name;
            const FollowupPoint& p = u.latest();
            ju["period"] = p.period.label();
            ju["senaste"] = estimate_json(p.estimate);
            ju["senaste"]["taljare"] = number_or_null(p.numerator);
            ju["senaste"]["namnare"] = number_or_null(p.denominator);
            ju["jamfort_med_lanet"] = rating_text(u.county_rating);
            ju["tratt"] = u.funnel ? funnel_code(*u.funnel) : "";
            ju["malniva"] = level_label(fi, u);
            ju["malstatus"] = u.target_status;
            ju["forandring"] = u.change_text;
            ju["forandring_skillnad"] = estimate_json(u.change.difference);
            ju["trend"] = u.trend_text;
            nlohmann::json series = nlohmann::json::array();
            for (const auto& pt : u.series) {
                nlohmann::json e = estimate_json(pt.estimate);
                e["period"] = pt.period.label();
                e["taljare"] = number_or_null(pt.numerator);
                e["namnare"] = number_or_null(pt.denominator);
                series.push_back(e);
            }
            ju["serie"] = series;
            units.push_back(ju);
        }
        ji["vardcentraler"] = units;
        inds.push_back(ji);
    }
    j["indikatorer"] = inds;
    return j;
}

}  // namespace omrade::profiles
