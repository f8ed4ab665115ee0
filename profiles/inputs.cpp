#include "profiles/inputs.hpp"

#include "geo/checksum.hpp"
#include "geo/error.hpp"
#include "geo/reader.hpp"
#include "geo/source.hpp"
#include "profiles/catchments/resources.hpp"

#include "geo/transform.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <memory>
#include <set>

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

// A DeSO lies in Sweden: SWEREF 99 TM's area of use is roughly x 180 000–1 000 000 m and
// y 6 050 000–7 750 000 m. Outside it the coordinates were swapped or given in another CRS.
void check_in_sweden(const AreaSet& areas) {
    if (areas.version.rfind("DeSO", 0) != 0) return;
    for (const auto& a : areas.areas) {
        for (const auto& poly : a.geometry) {
            for (const auto& p : poly.outer()) {
                if (p.x() < 180000 || p.x() > 1000000 || p.y() < 6050000 || p.y() > 7750000) {
                    throw DataError({areas.source, 0, a.code + " (fid " + std::to_string(a.fid) + ")", "geometri"},
                                    fmt::format("DeSO-området ligger utanför Sverige (SWEREF 99 TM x {:.0f}, y {:.0f})", p.x(), p.y()),
                                    "koordinaterna kan ha omkastade axlar eller fel koordinatsystem; kontrollera CRS och axelordning");
                }
            }
        }
    }
}

double bbox_distance_m(const geo::Point& p, double minx, double miny, double maxx, double maxy) {
    const double dx = std::max({minx - p.x(), 0.0, p.x() - maxx});
    const double dy = std::max({miny - p.y(), 0.0, p.y() - maxy});
    return std::hypot(dx, dy);
}

// A register position far outside the areas: swapped lat/lon (an error: the swapped position
// lies among the areas), or a warning. The distance is to the areas' bounding rectangle.
void check_positions(Inputs& in) {
    double minx = 1e300, miny = 1e300, maxx = -1e300, maxy = -1e300;
    for (const auto& a : in.areas.areas) {
        for (const auto& poly : a.geometry) {
            for (const auto& pt : poly.outer()) {
                minx = std::min(minx, pt.x());
                maxx = std::max(maxx, pt.x());
                miny = std::min(miny, pt.y());
                maxy = std::max(maxy, pt.y());
            }
        }
    }
    if (minx > maxx) return;
    const double limit = in.config.checks.max_distance_km * 1000.0;
    std::unique_ptr<geo::Transformer> to_sweref;
    for (const auto& c : in.centres.centres) {
        if (!c.position) continue;
        const double d = bbox_distance_m(*c.position, minx, miny, maxx, maxy);
        if (d <= limit) continue;
        const Where where{in.centres.source, c.line, c.name, c.lonlat ? "lat/lon" : "läge"};
        if (c.lonlat) {
            if (!to_sweref) to_sweref = std::make_unique<geo::Transformer>("EPSG:4326", "EPSG:3006");
            const geo::Point swapped = to_sweref->apply(geo::Point(c.lonlat->y(), c.lonlat->x()));
            if (bbox_distance_m(swapped, minx, miny, maxx, maxy) <= limit) {
                throw DataError(where,
                                fmt::format("läget ligger {:.0f} km utanför områdena, men med lat och lon omkastade "
                                            "(lat {}, lon {}) ligger det bland dem",
                                            d / 1000.0, c.lonlat->x(), c.lonlat->y()),
                                "lat och lon verkar förväxlade; byt plats på värdena i registret");
            }
        }
        in.warnings.push_back({"lage", where,
                               fmt::format("vårdcentralen {} ligger {:.0f} km utanför områdena (gräns {:.0f} km, "
                                           "[kontroll] max_avstand_km)",
                                           c.name, d / 1000.0, in.config.checks.max_distance_km)});
    }
}

// The population file against the statistics' own population series ([kontroll]
// befolkning_statistik), over the areas both cover, in the series' latest year.
void check_population(Inputs& in) {
    const auto& name = in.config.checks.population_statistic;
    if (name.empty() || in.config.population_source.empty()) return;
    const auto year = in.statistics.latest_year(name);
    if (!year) {
        std::vector<std::string> ids;
        for (const auto& s : in.statistics.sources) ids.insert(ids.end(), s.indicators.begin(), s.indicators.end());
        const auto near = closest_name(name, ids);
        throw DataError({in.config.file.string(), in.config.checks.population_statistic_line, {}, "kontroll.befolkning_statistik"},
                        "statistiken '" + name + "' finns inte i någon [[statistik]]-källa",
                        (near ? "menade du '" + *near + "'? " : std::string()) +
                            "ange namnet på en statistikkolumn med folkmängd, t.ex. pop");
    }
    double stat = 0, pop = 0;
    std::size_t areas = 0;
    for (const auto& r : in.statistics.rows) {
        if (r.indicator != name || r.year != *year) continue;
        if (!(r.sex.empty() || r.sex == "totalt") || !(r.age.empty() || r.age == "totalt")) continue;
        const auto v = r.value ? r.value : r.numerator;
        if (!v || !in.population.has_data[r.area]) continue;
        stat += *v;
        pop += in.population.area_total[r.area];
        ++areas;
    }
    if (areas == 0 || pop <= 0) return;
    const double dev = (stat - pop) / pop;
    if (std::abs(dev) <= in.config.checks.max_population_deviation) return;
    in.warnings.push_back({"befolkning", {in.config.population_source, 0, {}, {}},
                           fmt::format("befolkningen {:.0f} skiljer sig {:+.1f} % från statistikens '{}' {} ({:.0f}) i "
                                       "{} områden (gräns {:.1f} %, [kontroll] max_befolkningsavvikelse)",
                                       pop, 100.0 * -dev / (1.0 + dev), name, *year, stat, areas,
                                       100.0 * in.config.checks.max_population_deviation)});
}

// Years: rows of a long source whose year column disagrees with the source's configured ar, and
// series whose latest year is not [kontroll] ar.
void check_years(Inputs& in) {
    const auto& cfg = in.config;
    std::vector<std::size_t> off(cfg.statistics.size(), 0);
    std::vector<long> first_line(cfg.statistics.size(), 0);
    std::vector<int> first_year(cfg.statistics.size(), 0);
    for (const auto& r : in.statistics.rows) {
        const auto& src = cfg.statistics[r.source];
        if (!src.year || r.year == *src.year) continue;
        if (off[r.source]++ == 0) {
            first_line[r.source] = r.line;
            first_year[r.source] = r.year;
        }
    }
    for (std::size_t i = 0; i < off.size(); ++i) {
        if (off[i] == 0) continue;
        in.warnings.push_back({"ar", {cfg.statistics[i].source, first_line[i], {}, "ar"},
                               fmt::format("{} rader har ett annat år än ar = {} i konfigurationen (första: {})", off[i],
                                           *cfg.statistics[i].year, first_year[i])});
    }
    if (!cfg.checks.year) return;
    std::map<std::string, int> latest;
    for (const auto& r : in.statistics.rows) {
        auto [it, fresh] = latest.emplace(r.indicator, r.year);
        if (!fresh) it->second = std::max(it->second, r.year);
    }
    for (const auto& [indicator, y] : latest) {
        if (y == *cfg.checks.year) continue;
        in.warnings.push_back({"ar", {cfg.file.string(), cfg.checks.year_line, indicator, "kontroll.ar"},
                               fmt::format("statistiken '{}' har senast år {}, inte {} ([kontroll] ar)", indicator, y,
                                           *cfg.checks.year)});
    }
}

// Every pilot must get areas and residents: an empty profile is never a result.
void check_pilots(const Inputs& in) {
    if (!in.catchments) return;
    for (std::size_t p = 0; p < in.config.pilots.size(); ++p) {
        const auto& pilot = in.config.pilots[p];
        const auto& vc = in.centres.centres[in.pilot_vcs[p]];
        const auto areas = in.catchments->areas_of(in.pilot_vcs[p]);
        const Where where{in.config.file.string(), pilot.line, pilot.id, "pilot.vardcentral"};
        if (areas.empty()) {
            std::string why;
            if (!vc.position && (in.catchments->method == "narmast")) why = "; vårdcentralen saknar läge i registret";
            throw DataError(where,
                            "piloten " + pilot.id + " (vårdcentral " + vc.name + ") får inga DeSO med metoden " +
                                in.catchments->method + why,
                            vc.position || in.catchments->method != "narmast"
                                ? "kontrollera upptagningskällan och vårdcentralens namn där"
                                : "ange vårdcentralens läge (lat/lon) i " + in.centres.source + " eller välj en annan metod");
        }
        if (in.config.population_source.empty()) continue;
        double population = 0;
        for (const auto& [a, share] : areas) population += share * in.population.area_total[a];
        if (population <= 0) {
            throw DataError(where, "piloten " + pilot.id + " har " + std::to_string(areas.size()) + " DeSO men befolkningen 0",
                            "kontrollera att befolkningsfilen täcker pilotens DeSO");
        }
    }
}

}  // namespace

Inputs load_inputs(const Config& config, bool repair, const Progress& progress, Problems& problems) {
    Inputs in;
    in.config = config;

    // Every named file first: a copied config with several wrong paths gets them all at once,
    // each with its line in the config.
    std::set<std::string> missing;
    for (const auto& s : config.sources) {
        const std::string dataset = geo::parse_source(s.source).dataset;
        std::error_code ec;
        if (dataset.rfind("/vsi", 0) == 0 || !std::filesystem::path(dataset).is_absolute() ||
            std::filesystem::exists(dataset, ec)) {
            continue;
        }
        missing.insert(s.source);
        problems.add(DataError({config.file.string(), s.line, {}, s.key}, "filen " + dataset + " finns inte",
                               "sökvägen är relativ till konfigurationsfilen; kontrollera stavning och mapp"));
    }
    const auto usable = [&](const std::string& source) { return !source.empty() && !missing.count(source); };

    bool areas_ok = false;
    if (usable(config.areas_source)) {
        areas_ok = problems.attempt([&] {
            say(progress, "läser områden: " + config.areas_source);
            const geo::Layer area_layer = geo::read_layer(geo::parse_source(config.areas_source));
            in.areas = make_area_set(area_layer, config.areas_code_field, config.areas_version);
            check_in_sweden(in.areas);
            check_geometry(in, repair);
        });
    }

    if (usable(config.kommuner_source)) {
        problems.attempt([&] {
            say(progress, "läser kommuner: " + config.kommuner_source);
            geo::Layer k = geo::read_layer(geo::parse_source(config.kommuner_source));
            const std::size_t code = k.require_field(config.kommuner_code_field);
            const std::size_t name = k.require_field(config.kommuner_name_field);
            for (const auto& f : k.features) in.kommun_names[geo::to_text(f.values[code])] = geo::to_text(f.values[name]);
            in.kommuner = std::move(k);
        });
    }

    bool population_ok = config.population_source.empty();
    in.population.area_total.assign(in.areas.size(), 0.0);
    in.population.has_data.assign(in.areas.size(), false);
    if (areas_ok && usable(config.population_source)) {
        const std::size_t before = problems.count();
        population_ok = problems.attempt([&] {
            say(progress, "läser befolkning: " + config.population_source);
            in.population = read_population(config.population_source, in.areas, config.population_fields, problems);
        }) && problems.count() == before;
    }

    std::vector<StatisticsSource> statistics;
    for (const auto& s : config.statistics) {
        if (usable(s.source) && (s.key.empty() || usable(s.key))) statistics.push_back(s);
    }
    if (areas_ok && statistics.size() == config.statistics.size()) {
        say(progress, "läser statistik");
        problems.attempt([&] { in.statistics = read_statistics(config.statistics, in.areas, problems); });
    } else if (areas_ok) {
        // Some source is missing (already a problem): the others are still checked.
        problems.attempt([&] { read_statistics(statistics, in.areas, problems); });
    }

    bool centres_ok = config.care_centres_source.empty();
    if (usable(config.care_centres_source)) {
        const std::size_t before = problems.count();
        centres_ok = problems.attempt([&] {
            say(progress, "läser vårdcentraler: " + config.care_centres_source);
            in.centres = read_care_centres(config.care_centres_source, config.care_centres_fields, problems);
        }) && problems.count() == before;
    }
    if (centres_ok) {
        for (const auto& p : config.pilots) {
            problems.attempt([&] {
                in.pilot_vcs.push_back(match_care_centre(in.centres, p.care_centre,
                                                         {config.file.string(), p.line, p.id, "pilot.vardcentral"}));
            });
        }
    }

    const bool catchment_source_ok = config.catchment.source.empty() || usable(config.catchment.source);
    if (!config.catchment.method.empty() && areas_ok && centres_ok && population_ok && catchment_source_ok) {
        problems.attempt([&] {
            say(progress, "bygger upptagningsområden (" + config.catchment.method + ")");
            in.catchments = make_catchments(config.catchment, in.areas, in.centres, in.population, problems);
        });
    }
    if (usable(config.resources_source)) {
        problems.attempt([&] {
            say(progress, "läser resurser: " + config.resources_source);
            in.resources = read_resources(config.resources_source, config.resources_type_field, config.resources_name_field);
        });
    }
    if (!problems.empty()) return in;  // the checks below build on complete inputs
    problems.attempt([&] { check_pilots(in); });
    problems.attempt([&] { check_positions(in); });
    problems.attempt([&] { check_population(in); });
    check_years(in);
    if (config.strict && !in.warnings.empty()) {
        for (const auto& w : in.warnings) {
            problems.add(DataError(w.where, w.message,
                                   "--strikt gör rimlighetskontrollerna till fel (" + std::to_string(in.warnings.size()) +
                                       " st); rätta indata eller ändra gränserna under [kontroll]"));
        }
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

nlohmann::json loose_matches_json(const CareCentreRegister& centres) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& m : centres.loose_matches) {
        out.push_back({{"skrivet", m.written}, {"registrets_namn", m.name}, {"kalla", m.file}, {"rad", m.line}, {"antal", m.count}});
    }
    return out;
}

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
                       {"rader_utanfor_omradena", p.rows_outside}, {"tomma_rader", p.blank_rows}, {"filrader", p.file_rows},
                       {"datarader", p.rows_read}, {"summa", p.total_all()},
                       {"omraden_utan_befolkning", codes(in, no_pop)}};

    json stats = json::array();
    for (const auto& s : in.statistics.sources) {
        stats.push_back({{"kalla", s.source}, {"format", s.format}, {"teckenkodning", s.encoding},
                         {"syntetisk", s.synthetic}, {"rader_lasta", s.rows_read}, {"rader_kopplade", s.rows_joined},
                         {"rader_utanfor_omradena", s.rows_outside}, {"varden_ej_publicerade", s.rows_not_published},
                         {"indikatorer", s.indicators}, {"omraden_utan_rader", s.areas_without_rows},
                         {"tomma_rader", s.blank_rows}, {"filrader", s.file_rows}, {"datarader", s.data_rows}});
        json left_out = json::array();
        for (const auto& col : s.columns_left_out) {
            left_out.push_back({{"kolumn", col.column}, {"rad", col.line}, {"exempel", col.example}});
        }
        stats.back()["kolumner_utelamnade"] = left_out;
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
    json checks = json::array();
    for (const auto& w : in.warnings) checks.push_back({{"typ", w.kind}, {"meddelande", format_message(w.where, w.message)}});
    r["kontroller"] = checks;
    r["vardcentraler"] = {{"kalla", in.centres.source}, {"antal", in.centres.centres.size()},
                          {"utan_lage", no_position}, {"utanfor_omradena", outside},
                          {"namn_tolkade", loose_matches_json(in.centres)}};

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
