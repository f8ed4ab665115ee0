#include "profiles/build.hpp"

#include "profiles/output/output_file.hpp"

#include "geo/checksum.hpp"
#include "geo/error.hpp"
#include "geo/source.hpp"
#include "geo/writer.hpp"
#include "profiles/catchments/resources.hpp"
#include "profiles/engine/sensitivity.hpp"
#include "profiles/followup/followup.hpp"
#include "profiles/output/followup_io.hpp"
#include "profiles/output/pilot_layers.hpp"
#include "profiles/output/profile_io.hpp"
#include "profiles/output/qgis_project.hpp"
#include "profiles/output/sensitivity_csv.hpp"
#include "profiles/report/fill.hpp"
#include "profiles/report/followup_html.hpp"
#include "profiles/report/html.hpp"
#include "profiles/report/swedish_format.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fmt/format.h>
#include <fstream>
#include <stdexcept>

namespace omrade::profiles {

namespace {

// One line of the reconciliation: `total` (named) = the sum of `terms`.
nlohmann::json equation(const std::string& name, const std::string& total_name, double total,
                        const std::vector<std::pair<std::string, double>>& terms) {
    double sum = 0;
    nlohmann::json t = nlohmann::json::array();
    for (const auto& [n, v] : terms) {
        sum += v;
        t.push_back({{"namn", n}, {"varde", v}});
    }
    const bool ok = std::abs(total - sum) <= 1e-6 * std::max(1.0, std::abs(total));
    return {{"namn", name}, {"summa_namn", total_name}, {"summa", total}, {"delar", t}, {"stammer", ok}};
}

double num(const nlohmann::json& j, const char* key) { return j[key].get<double>(); }

// A source by its file name, for a short report line.
std::string fs_name(const std::string& source) {
    return std::filesystem::path(geo::parse_source(source).dataset).filename().string();
}

// Rows of a file after its header: data rows + empty or separator-only rows (skipped). Only
// when there were such rows, so that an ordinary file gets no extra line.
void blank_rows(nlohmann::json& eqs, const std::string& name, const nlohmann::json& s) {
    const double blank = s.value("tomma_rader", 0.0);
    if (blank <= 0) return;
    eqs.push_back(equation(name + " (rader efter rubriken)", "i filen", num(s, "filrader"),
                           {{"datarader", num(s, "datarader")}, {"tomma rader (hoppades över)", blank}}));
}

}  // namespace

nlohmann::json reconciliation(const Inputs& in, const ProfileSet* profiles, const nlohmann::json& r) {
    nlohmann::json eqs = nlohmann::json::array();
    const auto& p = r["befolkning"];
    if (!p["kalla"].get<std::string>().empty()) {
        eqs.push_back(equation("befolkningsrader", "lästa", num(p, "rader_lasta"),
                               {{"kopplade", num(p, "rader_kopplade")}, {"utanför områdena", num(p, "rader_utanfor_omradena")}}));
        blank_rows(eqs, "befolkningsfilen", p);
    }
    for (const auto& s : r["statistik"]) {
        const std::string name = "statistik " + fs_name(s["kalla"].get<std::string>());
        if (s.contains("omrakning")) {
            const auto& v = s["omrakning"];
            eqs.push_back(equation(name + " (DeSO 2018-rader)", "lästa", num(s, "rader_lasta"),
                                   {{"oförändrade 1:1", num(v, "rader_oforandrade_1_1")}, {"delade", num(v, "rader_delade")},
                                    {"utan motsvarighet", num(v, "rader_utan_motsvarighet")},
                                    {"utanför områdena", num(s, "rader_utanfor_omradena")}}));
        } else {
            eqs.push_back(equation(name, "lästa", num(s, "rader_lasta"),
                                   {{"kopplade", num(s, "rader_kopplade")}, {"utanför områdena", num(s, "rader_utanfor_omradena")}}));
        }
        blank_rows(eqs, name, s);
    }
    if (r.contains("statistikrader")) {
        for (const auto& s : r["statistikrader"]) {
            eqs.push_back(equation("statistikrader " + fs_name(s["kalla"].get<std::string>()), "lästa", num(s, "lasta"),
                                   {{"använda", num(s, "anvanda")}, {"ej i katalogen", num(s, "ej_i_katalogen")},
                                    {"tidigare år", num(s, "annat_ar")}, {"andra uppdelningar", num(s, "annan_uppdelning")},
                                    {"ej publicerade", num(s, "ej_publicerade")}, {"utanför områdena", num(s, "utanfor_omradena")}}));
        }
    }
    if (r.contains("upptagning")) {
        const auto& u = r["upptagning"];
        eqs.push_back(equation("befolkning i upptagningen", "in", num(u, "befolkning_in"),
                               {{"tilldelad", num(u, "befolkning_tilldelad")}, {"ej tilldelad", num(u, "befolkning_ej_tilldelad")}}));
        if (!p["kalla"].get<std::string>().empty()) {
            eqs.push_back(equation("befolkningsfilen och upptagningen", "befolkningsfilens summa", num(p, "summa"),
                                   {{"upptagningens befolkning in", num(u, "befolkning_in")}}));
        }
    }
    if (profiles) {
        for (const auto& ind : profiles->indicators) {
            std::size_t published = 0, suppressed = 0, missing = 0, too_few = 0;
            for (const auto& sex : ind.sexes) {
                for (const auto& d : sex.deso) {
                    switch (d.ci95.status) {
                        case ValueStatus::ok: ++published; break;
                        case ValueStatus::suppressed: ++suppressed; break;
                        case ValueStatus::missing: ++missing; break;
                        case ValueStatus::too_few: ++too_few; break;
                    }
                }
            }
            const auto& c = ind.suppression;
            if (c.cells == 0) continue;
            eqs.push_back(equation("celler " + ind.indicator.id, "celler", static_cast<double>(c.cells),
                                   {{"publicerade", static_cast<double>(published)},
                                    {"undertryckta", static_cast<double>(suppressed)},
                                    {"saknas", static_cast<double>(missing)},
                                    {"för få för beräkning", static_cast<double>(too_few)}}));
            eqs.push_back(equation("undertryckta celler " + ind.indicator.id, "undertryckta", static_cast<double>(suppressed),
                                   {{"primärt", static_cast<double>(c.primary)}, {"sekundärt", static_cast<double>(c.secondary)},
                                    {"följd av DeSO:ns andra celler", static_cast<double>(c.consequential)}}));
        }
    }
    (void)in;
    return eqs;
}

std::string report_text(const nlohmann::json& r) {
    std::string t;
    auto line = [&t](const std::string& s) { t += s + "\n"; };
    if (r.value("syntetiska_data", false)) line(std::string("*** ") + synthetic_label + " ***");
    const auto& a = r["omraden"];
    line(fmt::format("Områden ({}): {} st, {} ogiltiga geometrier ({} lagade), {} överlappningar över {:.0f} m² och {:.0f} % av det mindre området",
                     a["indelning"].get<std::string>(), a["antal"].get<std::size_t>(), a["ogiltiga_geometrier"].size(),
                     a["lagade_geometrier"].get<std::size_t>(), a["overlappningar"].size(),
                     a["min_overlappning_m2"].get<double>(), 100.0 * a["min_overlappning_andel"].get<double>()));
    for (const auto& p : a["ogiltiga_geometrier"]) {
        line(fmt::format("  ogiltig geometri: {} ({})", p["kod"].get<std::string>(), p["orsak"].get<std::string>()));
    }
    for (const auto& o : a["overlappningar"]) {
        line(fmt::format("  överlappning: {} och {} ({:.0f} m², {:.0f} % av det mindre)", o["kod_a"].get<std::string>(),
                         o["kod_b"].get<std::string>(), o["area_m2"].get<double>(),
                         100.0 * o["andel_av_mindre"].get<double>()));
    }
    const auto& p = r["befolkning"];
    if (!p["kalla"].get<std::string>().empty()) {
        line(fmt::format("Befolkning: {} rader lästa, {} kopplade, {} utanför områdena; summa {:.0f}; {} områden utan befolkning",
                         p["rader_lasta"].get<std::size_t>(), p["rader_kopplade"].get<std::size_t>(),
                         p["rader_utanfor_omradena"].get<std::size_t>(), p["summa"].get<double>(),
                         p["omraden_utan_befolkning"].size()));
        if (p.value("tomma_rader", 0) > 0) line(fmt::format("  {} tomma rader hoppades över", p["tomma_rader"].get<std::size_t>()));
    }
    for (const auto& s : r["statistik"]) {
        line(fmt::format("Statistik {}{}: {} värden lästa, {} kopplade, {} utanför områdena, {} ej publicerade; {} områden utan rader",
                         s["kalla"].get<std::string>(), s["syntetisk"].get<bool>() ? " (SYNTETISK)" : "",
                         s["rader_lasta"].get<std::size_t>(), s["rader_kopplade"].get<std::size_t>(),
                         s["rader_utanfor_omradena"].get<std::size_t>(), s["varden_ej_publicerade"].get<std::size_t>(),
                         s["omraden_utan_rader"].size()));
        if (s.value("tomma_rader", 0) > 0) line(fmt::format("  {} tomma rader hoppades över", s["tomma_rader"].get<std::size_t>()));
        for (const auto& c : s.value("kolumner_utelamnade", nlohmann::json::array())) {
            line(fmt::format("  kolumnen '{}' lästes inte: den har text men inga tal (rad {}: '{}'); välj kolumner med kolumner = [...]",
                             c["kolumn"].get<std::string>(), c["rad"].get<long>(), c["exempel"].get<std::string>()));
        }
        if (s.contains("omrakning")) {
            const auto& v = s["omrakning"];
            line(fmt::format("  omräknad från {} med {}: {} rader = {} oförändrade 1:1 + {} delade + {} utan motsvarighet + {} utanför områdena; "
                             "{} rader i DeSO 2025 ({} sammanslagna)",
                             v["indelning"].get<std::string>(), v["nyckel"].get<std::string>(), s["rader_lasta"].get<std::size_t>(),
                             v["rader_oforandrade_1_1"].get<std::size_t>(), v["rader_delade"].get<std::size_t>(),
                             v["rader_utan_motsvarighet"].get<std::size_t>(), s["rader_utanfor_omradena"].get<std::size_t>(),
                             v["rader_deso2025"].get<std::size_t>(), v["rader_sammanslagna"].get<std::size_t>()));
            for (const auto& c : v["koder_utan_motsvarighet"]) line("  utan motsvarighet i nyckeln: " + c.get<std::string>());
        }
    }
    if (r.contains("kontroller") && !r["kontroller"].empty()) {
        line(fmt::format("Rimlighetskontroller: {} VARNINGAR (--strikt gör dem till fel)", r["kontroller"].size()));
        for (const auto& w : r["kontroller"]) line("  VARNING: " + w["meddelande"].get<std::string>());
    }
    const auto& v = r["vardcentraler"];
    line(fmt::format("Vårdcentraler: {} st, {} utan läge, {} utanför områdena", v["antal"].get<std::size_t>(),
                     v["utan_lage"].size(), v["utanfor_omradena"].size()));
    for (const auto& n : v["utan_lage"]) line("  utan läge (ritas inte): " + n.get<std::string>());
    for (const auto& m : v.value("namn_tolkade", nlohmann::json::array())) {
        line(fmt::format("  namnet '{}' tolkades som '{}' ({}, rad {}{})", m["skrivet"].get<std::string>(),
                         m["registrets_namn"].get<std::string>(), fs_name(m["kalla"].get<std::string>()), m["rad"].get<long>(),
                         m["antal"].get<std::size_t>() > 1 ? fmt::format(", {} rader", m["antal"].get<std::size_t>()) : ""));
    }
    if (r.contains("upptagning")) {
        const auto& u = r["upptagning"];
        line(fmt::format("Upptagning ({}): befolkning {:.0f} = tilldelad {:.0f} + ej tilldelad {:.0f}; {} områden utan vårdcentral",
                         u["metod"].get<std::string>(), u["befolkning_in"].get<double>(),
                         u["befolkning_tilldelad"].get<double>(), u["befolkning_ej_tilldelad"].get<double>(),
                         u["omraden_utan_vardcentral"].get<std::size_t>()));
        for (const auto& w : u["varningar"]) line("  varning: " + w.get<std::string>());
    }
    if (r.contains("statistikrader")) {
        for (const auto& s : r["statistikrader"]) {
            line(fmt::format("Statistikrader {}: {} lästa = {} använda + {} ej i katalogen + {} tidigare år (serien) + {} andra uppdelningar + {} ej publicerade + {} utanför områdena",
                             s["kalla"].get<std::string>(), s["lasta"].get<std::size_t>(), s["anvanda"].get<std::size_t>(),
                             s["ej_i_katalogen"].get<std::size_t>(), s["annat_ar"].get<std::size_t>(),
                             s["annan_uppdelning"].get<std::size_t>(), s["ej_publicerade"].get<std::size_t>(),
                             s["utanfor_omradena"].get<std::size_t>()));
        }
    }
    if (r.contains("indikatorer")) {
        for (const auto& i : r["indikatorer"]) {
            const auto& u = i["undertryckning"];
            if (u["celler"].get<std::size_t>() == 0) continue;
            line(fmt::format("Röjandekontroll {}: {} celler, {} primärt och {} sekundärt undertryckta, {} summor undanhållna, {} DeSO-värden undertryckta",
                             i["id"].get<std::string>(), u["celler"].get<std::size_t>(), u["primar"].get<std::size_t>(),
                             u["sekundar"].get<std::size_t>(), u["grupper_undanhallna"].get<std::size_t>(),
                             u["deso_undertryckta"].get<std::size_t>()));
        }
    }
    if (r.contains("avstamning")) {
        std::size_t wrong = 0;
        for (const auto& e : r["avstamning"]) wrong += e["stammer"].get<bool>() ? 0 : 1;
        line(wrong == 0 ? "Avstämning (alla summor stämmer):" : fmt::format("Avstämning: {} SUMMOR STÄMMER INTE:", wrong));
        for (const auto& e : r["avstamning"]) {
            std::string terms;
            for (const auto& d : e["delar"]) {
                terms += (terms.empty() ? "" : " + ") + fmt::format("{:.0f} {}", d["varde"].get<double>(), d["namn"].get<std::string>());
            }
            line(fmt::format("  {}: {:.0f} {} = {}{}", e["namn"].get<std::string>(), e["summa"].get<double>(),
                             e["summa_namn"].get<std::string>(), terms, e["stammer"].get<bool>() ? "" : "  <-- STÄMMER INTE"));
        }
    }
    if (r.contains("piloter")) {
        for (const auto& pl : r["piloter"]) {
            line(fmt::format("Pilot {}: {} DeSO, befolkning {:.0f}, {} filer", pl["id"].get<std::string>(),
                             pl["antal_deso"].get<std::size_t>(), pl["befolkning"].get<double>(), pl["filer"].size()));
        }
    }
    return t;
}

BuildResult write_build(const Inputs& in, const std::filesystem::path& dir, const BuildOptions& options) {
    namespace fs = std::filesystem;
    BuildResult result;
    result.report = input_report(in);
    result.report["version"] = options.tool_version;

    std::vector<std::size_t> chosen;
    for (const auto& id : options.pilots) {
        std::size_t i = 0;
        while (i < in.config.pilots.size() && in.config.pilots[i].id != id) ++i;
        if (i == in.config.pilots.size()) {
            std::string have;
            for (const auto& p : in.config.pilots) have += (have.empty() ? "" : ", ") + p.id;
            throw DataError({in.config.file.string(), 0, id, "pilot.id"}, "piloten '" + id + "' finns inte",
                            have.empty() ? "konfigurationen har inga [[pilot]]; lägg till id och vardcentral"
                                         : "piloter i konfigurationen: " + have);
        }
        chosen.push_back(i);
    }
    if (options.pilots.empty()) {
        for (std::size_t i = 0; i < in.config.pilots.size(); ++i) chosen.push_back(i);
    }

    // The indicator engine; without a catalogue the layers carry the value-only statistics as read.
    std::optional<Catalogue> catalogue;
    std::optional<ProfileSet> profiles;
    std::vector<AreaColumn> columns;
    nlohmann::json prov;
    if (!in.config.catalogue.empty()) {
        if (options.progress) options.progress("beräknar indikatorer: " + in.config.catalogue);
        catalogue = load_catalogue(in.config.catalogue);
        profiles = compute_profiles(in, *catalogue);
        columns = profile_columns(*profiles, in.areas.size());
        prov = provenance(in, in.config.catalogue, options.tool_version, in.statistics.any_synthetic() || profiles->synthetic);
        const auto rep = profile_report(*profiles);
        result.report["statistikrader"] = rep["statistikrader"];
        result.report["indikatorer"] = rep["indikatorer"];
    } else {
        columns = value_columns(in);
        prov = provenance(in, "", options.tool_version, in.statistics.any_synthetic());
    }
    // The follow-up of listed patients per vårdcentral ([uppfoljning]), from the catalogue's
    // niva = "vardcentral" indicators.
    std::optional<Followup> followup;
    if (!in.config.followup_source.empty()) {
        if (!catalogue || catalogue->care_centre_indicators.empty()) {
            throw DataError({in.config.file.string(), in.config.source_line("uppfoljning.kalla"), {}, "uppfoljning.kalla"},
                            "uppföljningen behöver vårdcentralsindikatorer i katalogen",
                            "lägg till [[indikator]] med niva = \"vardcentral\" i indikatorkatalogen");
        }
        if (options.progress) options.progress("beräknar uppföljningen: " + in.config.followup_source);
        const FollowupData data =
            read_followup(in.config.followup_source, in.config.followup_synthetic, in.centres, *catalogue,
                          in.config.followup_fields);
        FollowupOptions fopt;
        fopt.rules = {in.config.min_numerator, in.config.min_denominator, in.config.suppress_zero};
        followup = compute_followup(data, *catalogue, in.centres, fopt);
        if (followup->indicators.empty()) {
            throw DataError({data.file, 0, {}, "indikator"}, "ingen rad gäller katalogens vårdcentralsindikatorer",
                            "kontrollera kolumnen indikator");
        }
        nlohmann::json rep = {{"kalla", data.file},
                              {"sha256", geo::sha256_file(data.file)},
                              {"syntetisk", data.synthetic},
                              {"rader_lasta", data.rows_read},
                              {"rader_med_antal", data.rows_with_counts},
                              {"rader_bara_varde", data.rows_value_only},
                              {"rader_ingen_data", data.rows_no_data}};
        nlohmann::json inds = nlohmann::json::array();
        for (const auto& fi : followup->indicators) {
            inds.push_back({{"id", fi.indicator.id}, {"perioder", fi.periods.size()}, {"senaste", fi.periods.back().label()},
                            {"med_varde", fi.with_value}, {"ingen_data", fi.no_data}, {"undertryckta", fi.suppressed},
                            {"primar_undertryckning", fi.primary}, {"sekundar_undertryckning", fi.secondary}});
        }
        rep["indikatorer"] = inds;
        result.report["uppfoljning"] = rep;
        if (prov.contains("indata")) {
            prov["indata"].push_back({{"typ", "uppföljning (listade per vårdcentral)"}, {"kalla", data.file}, {"sha256", rep["sha256"]}});
        }
        if (data.synthetic && !prov.value("syntetiska_data", false)) prov["syntetiska_data"] = true;
    }
    // The report takes every indicator figure from the engine (report/fill.hpp); without a
    // catalogue it shows population and catchment only.
    const report::EngineResult engine{profiles ? &*profiles : nullptr, catalogue ? &*catalogue : nullptr, prov};
    // QGIS styles: the engine's county-wide quintile cuts, titles, units and polarity; without a
    // catalogue, cuts computed from the value columns as read.
    const std::vector<IndicatorStyleInput> indicator_styles =
        profiles ? style_inputs(*profiles) : quintile_style_inputs(columns);
    // Work shared by every pilot, done once: the kommun outlines and the catchments of every
    // comparison method.
    if (options.progress) options.progress("kommungränser och jämförande upptagningsområden");
    const SharedLayers shared = shared_layers(in);
    const CatchmentSensitivity sensitivity_of(in);
    if (options.county_layers && shared.kommuner) options.county_layers({&*shared.kommuner});
    nlohmann::json pilots = nlohmann::json::array();
    const auto pilots_start = std::chrono::steady_clock::now();
    for (std::size_t n = 0; n < chosen.size(); ++n) {
        const std::size_t p = chosen[n];
        const auto& pilot = in.config.pilots[p];
        if (options.progress) {
            // Count, rate and time left from the pilots written so far.
            const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - pilots_start).count();
            std::string rate;
            if (n > 0 && s > 0) {
                const double per_s = static_cast<double>(n) / s;
                rate = fmt::format("; {} piloter/s, omkring {} s kvar", format_number(per_s, per_s < 10 ? 1 : 0),
                                   format_number(static_cast<double>(chosen.size() - n) * s / static_cast<double>(n), 0));
            }
            options.progress(fmt::format("skriver pilot {} ({} av {}{})", pilot.id, n + 1, chosen.size(), rate));
        }
        const PilotLayers layers = make_pilot_layers(in, p, columns, shared);
        const fs::path pdir = dir / pilot.id;
        fs::create_directories(pdir / "geojson");
        std::vector<const geo::Layer*> all = {&layers.deso, &layers.catchment, &layers.centres};
        if (layers.kommuner) all.push_back(&*layers.kommuner);
        if (layers.resources) all.push_back(&*layers.resources);
        nlohmann::json files = nlohmann::json::array();
        for (const auto* l : all) {
            const fs::path rel = fs::path(pilot.id) / "geojson" / (l->name + ".geojson");
            geo::write_geojson(*l, dir / rel);
            files.push_back(rel.string());
        }
        const fs::path gpkg = fs::path(pilot.id) / (pilot.id + ".gpkg");
        const PilotQgis qgis = pilot_qgis(pilot.id, pilot.title.empty() ? pilot.care_centre : pilot.title, layers, indicator_styles);
        geo::write_gpkg(dir / gpkg, all, qgis.gpkg_styles);
        if (options.pilot_layers) options.pilot_layers(pilot.id, all);
        files.push_back(gpkg.string());
        for (const auto& f : write_pilot_qgis(pdir, pilot.id, qgis)) files.push_back((fs::path(pilot.id) / f).string());
        if (profiles) {
            const fs::path json_rel = fs::path(pilot.id) / "profil.json";
            write_text_file(dir / json_rel, profile_json(*profiles, in, p, prov).dump(2) + "\n");
            const fs::path csv_rel = fs::path(pilot.id) / "profil.csv";
            write_stream_file(dir / csv_rel,
                              [&](std::ostream& csv) { write_profile_csv(csv, *profiles, in, p, options.csv_format); });
            files.push_back(json_rel.string());
            files.push_back(csv_rel.string());
        }
        // The pilot's key figures under every catchment method the data allows.
        const fs::path sensitivity = fs::path(pilot.id) / "kanslighet_upptagning.csv";
        const auto sensitivity_rows = sensitivity_of.rows(in.pilot_vcs[p]);
        write_sensitivity_csv(sensitivity_rows, dir / sensitivity, options.csv_format);
        files.push_back(sensitivity.string());
        const fs::path html = fs::path(pilot.id) / "profil.html";
        report::ReportInput report_in = report::pilot_report(in, p, layers, engine, sensitivity_rows);
        if (followup) {
            // The residents' value of each follow-up measure that has one (runt och inom).
            std::map<std::string, std::string> residents;
            const auto area = profiles->pilot_area(p);
            for (const auto& ip : profiles->indicators) {
                if (!area || ip.sexes.empty()) continue;
                const AreaValue& v = ip.sexes.front().areas.at(*area);
                const std::string year = ip.year ? " (" + std::to_string(*ip.year) + ")" : "";
                if (v.ci95.status == ValueStatus::ok && v.ci95.value) {
                    residents[ip.indicator.id] =
                        format_with_unit(*v.ci95.value, ip.indicator.unit, ip.indicator.type == IndicatorType::proportion ? 1 : 0) + year;
                } else {
                    residents[ip.indicator.id] = std::string(status_text(v.ci95.status)) + year;
                }
            }
            report_in.inside = report::inside_section(*followup, in.pilot_vcs[p], residents,
                                                      "invånarna i " + (pilot.title.empty() ? pilot.care_centre : pilot.title) +
                                                          "s upptagningsområde");
        }
        write_text_file(dir / html, report::render_report_html(report_in));
        files.push_back(html.string());
        for (const auto& f : files) result.files.emplace_back(f.get<std::string>());
        pilots.push_back({{"id", pilot.id}, {"vardcentral", pilot.care_centre}, {"antal_deso", layers.area_indices.size()},
                          {"befolkning", layers.population}, {"filer", files}});
        if (layers.resources) pilots.back()["resurser"] = resource_counts(*layers.resources);
    }
    result.report["piloter"] = pilots;
    // Every row, resident and cell accounted for; a sum that does not add up is a defect of
    // omrade, never a result.
    result.report["avstamning"] = reconciliation(in, profiles ? &*profiles : nullptr, result.report);
    for (const auto& e : result.report["avstamning"]) {
        if (!e["stammer"].get<bool>()) {
            throw std::logic_error("avstämningen stämmer inte för " + e["namn"].get<std::string>() +
                                   " (" + e.dump() + "); detta är ett fel i omrade, rapportera det");
        }
    }
    report::IndexInput index_in = report::index_report(in, chosen, engine);
    if (followup) {
        fs::create_directories(dir / "uppfoljning");
        report::FollowupPage page;
        page.title = in.config.title;
        page.region = in.config.region;
        page.built = index_in.provenance.built;
        page.source_sha256 = result.report["uppfoljning"]["sha256"].get<std::string>();
        page.min_numerator = in.config.min_numerator;
        page.min_denominator = in.config.min_denominator;
        write_text_file(dir / "uppfoljning" / "uppfoljning.html", report::render_followup_html(*followup, page));
        write_followup_csv(*followup, dir / "uppfoljning" / "uppfoljning.csv", options.csv_format);
        nlohmann::json fj = followup_json(*followup);
        fj["proveniens"] = prov;
        write_text_file(dir / "uppfoljning" / "uppfoljning.json", fj.dump(2) + "\n");
        for (const char* f : {"uppfoljning/uppfoljning.html", "uppfoljning/uppfoljning.csv", "uppfoljning/uppfoljning.json"}) {
            result.files.emplace_back(f);
        }
        report::add_followup_to_index(index_in, *followup);
    }
    write_text_file(dir / "index.html", report::render_index_html(index_in));
    result.files.emplace_back("index.html");
    // Every name read loosely, also by the follow-up and the comparison catchments read above.
    result.report["vardcentraler"]["namn_tolkade"] = loose_matches_json(in.centres);
    result.report_text = report_text(result.report);

    write_text_file(dir / "byggrapport.json", result.report.dump(2) + "\n");
    write_text_file(dir / "byggrapport.txt", result.report_text);
    result.files.emplace_back("byggrapport.json");
    result.files.emplace_back("byggrapport.txt");
    return result;
}

}  // namespace omrade::profiles
