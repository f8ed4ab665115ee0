// The catchment dispatcher and what every method shares: small-catchment warnings and the
// catchment outlines per VC.
#include "geo/error.hpp"
#include "geo/overlay.hpp"
#include "profiles/catchments/catchments.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace omrade::profiles {

Catchments make_catchments(const CatchmentConfig& config, const AreaSet& areas, const CareCentreRegister& centres,
                           const Population& population, Problems& problems) {
    std::vector<double> pop = population.area_total;
    pop.resize(areas.size(), 0.0);
    if (config.method == "tabell") return catchments_from_table(config, areas, centres, pop, problems);
    if (config.method == "listning") return catchments_from_listing(config, areas, centres, pop, problems);
    if (config.method == "narmast") return catchments_nearest(config, areas, centres, pop);
    if (config.method == "polygoner") return catchments_from_polygons(config, areas, centres, pop);
    throw DataError({{}, 0, {}, "upptagning.metod"}, "okänd metod '" + config.method + "'",
                    "använd tabell, listning, narmast eller polygoner");
}

void warn_small_catchments(const CatchmentConfig& config, const CareCentreRegister& centres, Catchments& c) {
    if (config.min_population <= 0) return;
    for (std::size_t v = 0; v < centres.centres.size(); ++v) {
        const double p = c.accounting.population_per_vc[v];
        if (p > 0 && p < config.min_population) {
            c.accounting.warnings.push_back(fmt::format("{}: {:.0f} invånare, under minsta befolkning {:.0f}",
                                                        centres.centres[v].name, p, config.min_population));
        }
    }
}

geo::Layer catchment_polygons(const Catchments& c, const AreaSet& areas, const CareCentreRegister& centres,
                              double min_share) {
    geo::Layer l;
    l.name = "upptagningsomraden";
    l.crs = "EPSG:3006";
    l.fields = {{"vardcentral", geo::FieldType::String}, {"metod", geo::FieldType::String},
                {"antal_deso", geo::FieldType::Integer}, {"antal_deso_karta", geo::FieldType::Integer},
                {"befolkning", geo::FieldType::Integer}, {"area_km2", geo::FieldType::Real},
                {"min_andel", geo::FieldType::Real},     {"max_andel", geo::FieldType::Real}};
    for (std::size_t v = 0; v < centres.centres.size(); ++v) {
        const auto shares = c.areas_of(v);
        if (shares.empty()) continue;
        std::vector<const geo::MultiPolygon*> parts;
        double lo = 1.0, hi = 0.0;
        for (const auto& [area, share] : shares) {
            if (share + 1e-12 < min_share) continue;
            parts.push_back(&areas.areas[area].geometry);
            lo = std::min(lo, share);
            hi = std::max(hi, share);
        }
        geo::Feature f;
        f.fid = static_cast<std::int64_t>(v) + 1;
        const double pop = v < c.accounting.population_per_vc.size() ? c.accounting.population_per_vc[v] : 0.0;
        geo::MultiPolygon dissolved;
        if (!parts.empty()) dissolved = geo::dissolve(parts, geo::outline_close_gaps_m);
        f.values = {centres.centres[v].name,
                    c.method,
                    static_cast<std::int64_t>(shares.size()),
                    static_cast<std::int64_t>(parts.size()),
                    static_cast<std::int64_t>(std::llround(pop)),
                    geo::area(dissolved) / 1e6,
                    parts.empty() ? geo::Value{} : geo::Value(lo),
                    parts.empty() ? geo::Value{} : geo::Value(hi)};
        if (!dissolved.empty()) f.geometry = std::move(dissolved);
        l.features.push_back(std::move(f));
    }
    return l;
}

void write_weights_csv(const Catchments& c, const AreaSet& areas, const CareCentreRegister& centres,
                       const std::vector<double>& population, std::ostream& out, CsvFormat format) {
    CsvWriter w(out, format);
    w.write_row({"desokod", "vardcentral", "andel", "befolkning"});
    std::vector<CatchmentWeight> sorted = c.weights;
    std::sort(sorted.begin(), sorted.end(), [&](const auto& a, const auto& b) {
        return std::tie(areas.areas[a.area].code, a.vc) < std::tie(areas.areas[b.area].code, b.vc);
    });
    for (const auto& x : sorted) {
        const double pop = x.area < population.size() ? population[x.area] : 0.0;
        w.write_row({areas.areas[x.area].code, centres.centres[x.vc].name, w.number(x.share, 6), w.number(x.share * pop, 2)});
    }
}

std::string accounting_text(const Catchments& c, const AreaSet& areas, const CareCentreRegister& centres) {
    const auto& acc = c.accounting;
    double assigned = 0;
    for (double p : acc.population_per_vc) assigned += p;
    std::string t = fmt::format("Upptagning ({}): befolkning {:.0f} = tilldelad {:.0f} + ej tilldelad {:.0f}\n", c.method,
                                acc.population_in, assigned, acc.population_unassigned);
    std::vector<std::size_t> deso_count(centres.centres.size(), 0);
    for (const auto& w : c.weights) ++deso_count[w.vc];
    for (std::size_t v = 0; v < centres.centres.size(); ++v) {
        if (deso_count[v] == 0) continue;
        t += fmt::format("  {}: {} DeSO, befolkning {:.0f}\n", centres.centres[v].name, deso_count[v], acc.population_per_vc[v]);
    }
    auto list = [&](const std::vector<std::size_t>& idx) {
        std::string s;
        for (auto i : idx) s += (s.empty() ? "" : ", ") + areas.areas[i].code;
        return s;
    };
    t += fmt::format("DeSO utan vårdcentral: {}{}\n", acc.areas_uncovered.size(),
                     acc.areas_uncovered.empty() || acc.areas_uncovered.size() > 20 ? "" : " (" + list(acc.areas_uncovered) + ")");
    t += fmt::format("DeSO delade mellan vårdcentraler: {}\n", acc.areas_overlapping.size());
    for (const auto& w : acc.warnings) t += "  varning: " + w + "\n";
    return t;
}

}  // namespace omrade::profiles
