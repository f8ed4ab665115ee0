#include "profiles/inputs.hpp"

#include "geo/checksum.hpp"
#include "geo/error.hpp"
#include "geo/reader.hpp"
#include "geo/source.hpp"
#include "profiles/catchments/resources.hpp"

#include <fmt/format.h>

namespace omrade::profiles {

namespace {

void say(const Progress& progress, const std::string& msg) {
    if (progress) progress(msg);
}

void check_geometry(Inputs& in, bool repair) {
    std::vector<geo::MultiPolygon> geoms;
    geoms.reserve(in.areas.size());
    for (const auto& a : in.areas.areas) geoms.push_back(a.geometry);
    auto& rep = in.geometry;
    rep.checked = geoms.size();
    rep.invalid = geo::find_invalid(geoms);
    for (const auto& p : rep.invalid) {
        // Overlaps are looked for on repaired copies even when only checking: GEOS cannot
        // intersect invalid polygons.
        geoms[p.index] = geo::make_valid(geoms[p.index]);
        if (repair) {
            auto& area = in.areas.areas[p.index];
            area.geometry = geoms[p.index];
            area.area_m2 = geo::area(area.geometry);
            ++rep.repaired;
        }
    }
    rep.min_overlap_m2 = default_min_overlap_m2;
    rep.min_overlap_share = default_min_overlap_share;
    rep.overlaps = geo::find_overlaps(geoms, rep.min_overlap_m2, rep.min_overlap_share);
}

}  // namespace

Inputs load_inputs(const Config& config, bool repair, const Progress& progress) {
    Inputs in;
    in.config = config;

    say(progress, "läser områden: " + config.areas_source);
    const geo::Layer area_layer = geo::read_layer(geo::parse_source(config.areas_source));
    in.areas = make_area_set(area_layer, config.areas_code_field, config.areas_version);
    check_geometry(in, repair);

    if (!config.kommuner_source.empty()) {
        say(progress, "läser kommuner: " + config.kommuner_source);
        geo::Layer k = geo::read_layer(geo::parse_source(config.kommuner_source));
        const std::size_t code = k.require_field(config.kommuner_code_field);
        const std::size_t name = k.require_field(config.kommuner_name_field);
        for (const auto& f : k.features) in.kommun_names[geo::to_text(f.values[code])] = geo::to_text(f.values[name]);
        in.kommuner = std::move(k);
    }

    if (!config.population_source.empty()) {
        say(progress, "läser befolkning: " + config.population_source);
        in.population = read_population(config.population_source, in.areas);
    } else {
        in.population.area_total.assign(in.areas.size(), 0.0);
        in.population.has_data.assign(in.areas.size(), false);
    }

    say(progress, "läser statistik");
    in.statistics = read_statistics(config.statistics, in.areas);

    if (!config.care_centres_source.empty()) {
        say(progress, "läser vårdcentraler: " + config.care_centres_source);
        in.centres = read_care_centres(config.care_centres_source);
    }
    for (const auto& p : config.pilots) {
        const auto vc = in.centres.find(p.care_centre);
        if (!vc) {
            throw DataError({config.file.string(), 0, p.id, "pilot.vardcentral"},
                            "vårdcentralen '" + p.care_centre + "' finns inte i registret",
                            "stava namnet som i " + config.care_centres_source);
        }
        in.pilot_vcs.push_back(*vc);
    }

    if (!config.catchment.method.empty()) {
        say(progress, "bygger upptagningsområden (" + config.catchment.method + ")");
        in.catchments = make_catchments(config.catchment, in.areas, in.centres, in.population);
    }
    if (!config.resources_source.empty()) {
        say(progress, "läser resurser: " + config.resources_source);
        in.resources = read_resources(config.resources_source, config.resources_type_field, config.resources_name_field);
    }
    return in;
}

namespace {

nlohmann::json source_entry(const std::string& kind, const std::string& source) {
    const auto name = geo::parse_source(source);
    return {{"typ", kind}, {"kalla", source}, {"sha256", geo::sha256_file(name.dataset)}};
}

std::vector<std::string> codes(const Inputs& in, const std::vector<std::size_t>& idx) {
    std::vector<std::string> out;
    for (auto i : idx) out.push_back(in.areas.areas[i].code);
    return out;
}

}  // namespace

nlohmann::json input_report(const Inputs& in) {
    using nlohmann::json;
    const Config& c = in.config;
    json r;
    r["konfiguration"] = c.file.string();
    json sources = json::array();
    sources.push_back(source_entry("områden", c.areas_source));
    if (!c.kommuner_source.empty()) sources.push_back(source_entry("kommuner", c.kommuner_source));
    if (!c.population_source.empty()) sources.push_back(source_entry("befolkning", c.population_source));
    for (const auto& s : c.statistics) sources.push_back(source_entry(s.synthetic ? "statistik (syntetisk)" : "statistik", s.source));
    if (!c.care_centres_source.empty()) sources.push_back(source_entry("vårdcentraler", c.care_centres_source));
    if (!c.catchment.source.empty()) sources.push_back(source_entry("upptagning", c.catchment.source));
    if (!c.resources_source.empty()) sources.push_back(source_entry("resurser", c.resources_source));
    r["indata"] = sources;
    r["syntetiska_data"] = in.statistics.any_synthetic();
    if (in.statistics.any_synthetic()) r["markning"] = synthetic_label;

    json areas;
    areas["indelning"] = in.areas.version;
    areas["antal"] = in.areas.size();
    json invalid = json::array();
    for (const auto& p : in.geometry.invalid) {
        invalid.push_back({{"kod", in.areas.areas[p.index].code}, {"orsak", p.reason},
                           {"x", p.location.x()}, {"y", p.location.y()}});
    }
    areas["ogiltiga_geometrier"] = invalid;
    areas["lagade_geometrier"] = in.geometry.repaired;
    json overlaps = json::array();
    for (const auto& o : in.geometry.overlaps) {
        overlaps.push_back({{"kod_a", in.areas.areas[o.a].code}, {"kod_b", in.areas.areas[o.b].code}, {"area_m2", o.area},
                            {"andel_av_mindre", o.share_of_smaller}});
    }
    areas["overlappningar"] = overlaps;
    areas["min_overlappning_m2"] = in.geometry.min_overlap_m2;
    areas["min_overlappning_andel"] = in.geometry.min_overlap_share;
    r["omraden"] = areas;

    const Population& p = in.population;
    std::vector<std::size_t> no_pop;
    for (std::size_t a = 0; a < p.has_data.size(); ++a) {
        if (!p.has_data[a]) no_pop.push_back(a);
    }
    r["befolkning"] = {{"kalla", p.source}, {"rader_lasta", p.rows_read}, {"rader_kopplade", p.rows_joined},
                       {"rader_utanfor_omradena", p.rows_outside}, {"summa", p.total_all()},
                       {"omraden_utan_befolkning", codes(in, no_pop)}};

    json stats = json::array();
    for (const auto& s : in.statistics.sources) {
        stats.push_back({{"kalla", s.source}, {"format", s.format}, {"teckenkodning", s.encoding},
                         {"syntetisk", s.synthetic}, {"rader_lasta", s.rows_read}, {"rader_kopplade", s.rows_joined},
                         {"rader_utanfor_omradena", s.rows_outside}, {"varden_ej_publicerade", s.rows_not_published},
                         {"indikatorer", s.indicators}, {"omraden_utan_rader", s.areas_without_rows}});
        if (s.revision) {
            const RevisionAccounting& v = *s.revision;
            stats.back()["omrakning"] = {{"indelning", v.division}, {"nyckel", v.key},
                                         {"rader_oforandrade_1_1", v.carried}, {"rader_delade", v.shared},
                                         {"rader_utan_motsvarighet", v.unmatched}, {"koder_utan_motsvarighet", v.unmatched_codes},
                                         {"rader_deso2025", v.pieces - v.merged}, {"rader_sammanslagna", v.merged}};
        }
    }
    r["statistik"] = stats;

    json vcs = json::array();
    std::vector<std::string> no_position, outside;
    for (std::size_t v = 0; v < in.centres.centres.size(); ++v) {
        const auto& cc = in.centres.centres[v];
        if (!cc.position) no_position.push_back(cc.name);
        if (!cc.kommun.empty() && !kommun_in_area_set(in.areas, cc.kommun)) outside.push_back(cc.name);
    }
    r["vardcentraler"] = {{"kalla", in.centres.source}, {"antal", in.centres.centres.size()},
                          {"utan_lage", no_position}, {"utanfor_omradena", outside}};

    if (in.catchments) {
        const auto& acc = in.catchments->accounting;
        json per_vc = json::object();
        double assigned = 0;
        for (std::size_t v = 0; v < acc.population_per_vc.size(); ++v) {
            if (acc.population_per_vc[v] > 0) per_vc[in.centres.centres[v].name] = acc.population_per_vc[v];
            assigned += acc.population_per_vc[v];
        }
        r["upptagning"] = {{"metod", in.catchments->method}, {"befolkning_in", acc.population_in},
                           {"befolkning_tilldelad", assigned}, {"befolkning_ej_tilldelad", acc.population_unassigned},
                           {"befolkning_per_vardcentral", per_vc}, {"omraden_utan_vardcentral", acc.areas_uncovered.size()},
                           {"omraden_delade", codes(in, acc.areas_overlapping)}, {"varningar", acc.warnings}};
    }
    return r;
}

}  // namespace omrade::profiles
