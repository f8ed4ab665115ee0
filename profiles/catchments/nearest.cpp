// Catchment method "narmast": the nearest vårdcentral, as Kronoberg lists residents who make no
// choice (DOMAIN.md §3).
#include "geo/overlay.hpp"
#include "profiles/catchments/catchments.hpp"
#include "profiles/catchments/points.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace omrade::profiles {

AreaPoints area_points(const CatchmentConfig& config, const AreaSet& areas) {
    AreaPoints out;
    out.points.reserve(areas.size());
    for (const auto& a : areas.areas) out.points.push_back(geo::representative_point(a.geometry));
    out.from_points.assign(areas.size(), false);
    if (config.population_points.empty()) return out;

    const auto pp = detail::read_population_points(config, areas);
    out.population_points_read = pp.points.size();
    out.population_points_outside = pp.outside;
    std::vector<double> sx(areas.size(), 0.0), sy(areas.size(), 0.0);
    for (std::size_t i = 0; i < pp.points.size(); ++i) {
        if (!pp.area[i]) continue;
        sx[*pp.area[i]] += pp.weight[i] * pp.points[i].x();
        sy[*pp.area[i]] += pp.weight[i] * pp.points[i].y();
    }
    for (std::size_t a = 0; a < areas.size(); ++a) {
        if (pp.area_weight[a] <= 0) continue;
        out.points[a] = geo::Point(sx[a] / pp.area_weight[a], sy[a] / pp.area_weight[a]);
        out.from_points[a] = true;
    }
    return out;
}

Catchments catchments_nearest(const CatchmentConfig& config, const AreaSet& areas, const CareCentreRegister& centres,
                              const std::vector<double>& population) {
    Catchments c;
    c.method = "narmast";
    std::vector<std::size_t> located;
    std::vector<std::string> skipped;
    for (std::size_t v = 0; v < centres.centres.size(); ++v) {
        if (centres.centres[v].position) located.push_back(v);
        else skipped.push_back(centres.centres[v].name);
    }
    const AreaPoints pts = area_points(config, areas);
    if (!located.empty()) {
        // Ties within 1 mm: VCs registered at one shared position (several Växjö clinics carry the
        // town's centre point) cannot be told apart by distance, so they share the DeSO equally.
        constexpr double tie_m = 1e-3;
        for (std::size_t a = 0; a < areas.size(); ++a) {
            std::vector<double> d(located.size());
            double best = std::numeric_limits<double>::infinity();
            for (std::size_t i = 0; i < located.size(); ++i) {
                d[i] = boost::geometry::distance(pts.points[a], *centres.centres[located[i]].position);
                best = std::min(best, d[i]);
            }
            std::vector<std::size_t> nearest;
            for (std::size_t i = 0; i < located.size(); ++i) {
                if (d[i] <= best + tie_m) nearest.push_back(located[i]);
            }
            for (auto v : nearest) c.weights.push_back({a, v, 1.0 / static_cast<double>(nearest.size())});
        }
    }
    c.accounting = account(c.weights, areas, population, centres.centres.size());
    c.accounting.centres_skipped = skipped;
    for (const auto& name : c.accounting.centres_skipped) {
        c.accounting.warnings.push_back(name + ": läge saknas, ingår inte i närmaste-metoden");
    }
    if (!config.population_points.empty()) {
        const auto n = static_cast<std::size_t>(std::count(pts.from_points.begin(), pts.from_points.end(), false));
        if (n > 0) {
            c.accounting.warnings.push_back(std::to_string(n) +
                                            " områden utan befolkningspunkter mäts från sin representativa punkt");
        }
    }
    warn_small_catchments(config, centres, c);
    return c;
}

geo::Layer nearest_voronoi_layer(const AreaSet& areas, const CareCentreRegister& centres) {
    std::vector<const geo::MultiPolygon*> parts;
    for (const auto& a : areas.areas) parts.push_back(&a.geometry);
    const geo::MultiPolygon county = geo::dissolve(parts);
    std::vector<geo::Point> sites;
    std::vector<std::size_t> located;
    for (std::size_t v = 0; v < centres.centres.size(); ++v) {
        if (!centres.centres[v].position) continue;
        sites.push_back(*centres.centres[v].position);
        located.push_back(v);
    }
    const auto cells = geo::voronoi_cells(sites, county);
    geo::Layer l;
    l.name = "narmast_voronoi";
    l.crs = "EPSG:3006";
    l.fields = {{"vardcentral", geo::FieldType::String}, {"kommunkod", geo::FieldType::String},
                {"area_km2", geo::FieldType::Real}};
    for (std::size_t i = 0; i < located.size(); ++i) {
        if (cells[i].empty()) continue;
        const auto& cc = centres.centres[located[i]];
        geo::Feature f;
        f.fid = static_cast<std::int64_t>(l.features.size()) + 1;
        f.values = {cc.name, cc.kommun, geo::area(cells[i]) / 1e6};
        f.geometry = cells[i];
        l.features.push_back(std::move(f));
    }
    return l;
}

}  // namespace omrade::profiles
