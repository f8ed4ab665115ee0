#include "profiles/inputs.hpp"

#include "geo/error.hpp"
#include "geo/reader.hpp"
#include "profiles/catchment_resources.hpp"

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

}  // namespace omrade::profiles
