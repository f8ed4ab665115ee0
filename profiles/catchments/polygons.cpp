// Catchment method "polygoner": catchment polygons drawn by the region overlaid on the DeSOs.
#include "geo/error.hpp"
#include "geo/overlay.hpp"
#include "geo/reader.hpp"
#include "profiles/catchments/catchments.hpp"
#include "profiles/catchments/points.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace omrade::profiles {

Catchments catchments_from_polygons(const CatchmentConfig& config, const AreaSet& areas,
                                    const CareCentreRegister& centres, const std::vector<double>& population) {
    const geo::Layer layer = geo::read_layer(geo::parse_source(config.source));
    const std::size_t name_field = layer.require_field(config.vc_field);

    // Polygons per VC (register order), dissolved so that a VC drawn in several pieces that
    // overlap each other is not counted twice.
    std::map<std::size_t, std::vector<const geo::MultiPolygon*>> parts;
    for (const auto& f : layer.features) {
        const std::string name = geo::to_text(f.values[name_field]);
        const std::optional<std::size_t> vc =
            match_care_centre(centres, name, {layer.source, 0, "fid " + std::to_string(f.fid), config.vc_field});
        const auto* g = std::get_if<geo::MultiPolygon>(&f.geometry);
        if (!g) {
            throw DataError({layer.source, 0, "fid " + std::to_string(f.fid), {}}, "upptagningsområdet saknar polygon",
                            "polygoner-metoden behöver ett polygonlager");
        }
        parts[*vc].push_back(g);
    }
    std::vector<std::size_t> vcs;
    std::vector<geo::MultiPolygon> polygons;
    for (const auto& [vc, ps] : parts) {
        vcs.push_back(vc);
        polygons.push_back(ps.size() == 1 ? geo::make_valid(*ps.front()) : geo::dissolve(ps));
    }

    std::vector<geo::MultiPolygon> deso;
    deso.reserve(areas.size());
    for (const auto& a : areas.areas) deso.push_back(a.geometry);
    // share[area] as (vc, share) pairs.
    std::vector<std::map<std::size_t, double>> shares(areas.size());
    for (const auto& x : geo::intersection_areas(deso, polygons)) {
        const double whole = geo::area(deso[x.source]);
        if (whole > 0) shares[x.source][vcs[x.target]] = std::min(1.0, x.area / whole);
    }

    Catchments c;
    c.method = "polygoner";
    std::size_t area_fallback = 0;
    if (!config.population_points.empty()) {
        const auto pp = detail::read_population_points(config, areas);
        std::vector<const geo::MultiPolygon*> polys;
        for (const auto& p : polygons) polys.push_back(&p);
        // A point may lie in several VCs' polygons where they overlap: each gets its weight, and
        // the scaling below keeps the DeSO's sum at 1.
        const detail::PolygonLocator locator(polys);
        std::vector<std::map<std::size_t, double>> point_shares(areas.size());
        for (std::size_t i = 0; i < pp.points.size(); ++i) {
            if (!pp.area[i] || pp.weight[i] <= 0) continue;
            for (std::size_t k : locator.locate_all(pp.points[i])) {
                point_shares[*pp.area[i]][vcs[k]] += pp.weight[i] / pp.area_weight[*pp.area[i]];
            }
        }
        for (std::size_t a = 0; a < areas.size(); ++a) {
            if (pp.area_weight[a] > 0) shares[a] = std::move(point_shares[a]);
            else if (!shares[a].empty()) ++area_fallback;
        }
        if (pp.outside > 0) {
            c.accounting.warnings.push_back(fmt::format("{} befolkningspunkter ligger utanför områdena", pp.outside));
        }
    }

    std::vector<std::string> warnings = std::move(c.accounting.warnings);
    for (std::size_t a = 0; a < areas.size(); ++a) {
        double sum = 0;
        for (const auto& [vc, s] : shares[a]) sum += s;
        const double scale = sum > 1.0 ? 1.0 / sum : 1.0;
        if (sum > 1.0 + 1e-6) {
            warnings.push_back(fmt::format("{}: upptagningsområdena överlappar, andelarna summerade till {:.3f} och skalades till 1",
                                           areas.areas[a].code, sum));
        }
        for (const auto& [vc, s] : shares[a]) {
            if (s * scale > 0) c.weights.push_back({a, vc, s * scale});
        }
    }
    c.accounting = account(c.weights, areas, population, centres.centres.size());
    c.accounting.warnings = std::move(warnings);
    if (area_fallback > 0) {
        c.accounting.warnings.push_back(
            fmt::format("{} områden utan befolkningspunkter fördelas efter yta", area_fallback));
    }
    warn_small_catchments(config, centres, c);
    return c;
}

}  // namespace omrade::profiles
