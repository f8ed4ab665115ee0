#include "profiles/catchments/points.hpp"

#include "geo/error.hpp"
#include "geo/reader.hpp"

#include <algorithm>

namespace omrade::profiles::detail {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

PolygonLocator::PolygonLocator(const std::vector<const geo::MultiPolygon*>& polygons) : m_polygons(polygons) {
    std::vector<Entry> entries;
    for (std::size_t i = 0; i < polygons.size(); ++i) {
        if (polygons[i] && !polygons[i]->empty()) entries.emplace_back(bg::return_envelope<geo::Box>(*polygons[i]), i);
    }
    m_tree = decltype(m_tree)(entries.begin(), entries.end());
}

std::optional<std::size_t> PolygonLocator::locate(const geo::Point& p) const {
    std::optional<std::size_t> best;
    for (auto it = m_tree.qbegin(bgi::intersects(p)); it != m_tree.qend(); ++it) {
        if ((!best || it->second < *best) && bg::covered_by(p, *m_polygons[it->second])) best = it->second;
    }
    return best;
}

std::vector<std::size_t> PolygonLocator::locate_all(const geo::Point& p) const {
    std::vector<std::size_t> out;
    for (auto it = m_tree.qbegin(bgi::intersects(p)); it != m_tree.qend(); ++it) {
        if (bg::covered_by(p, *m_polygons[it->second])) out.push_back(it->second);
    }
    std::sort(out.begin(), out.end());
    return out;
}

PopulationPoints read_population_points(const CatchmentConfig& config, const AreaSet& areas) {
    const geo::Layer layer = geo::read_layer(geo::parse_source(config.population_points));
    std::optional<std::size_t> field;
    if (!config.population_points_field.empty()) field = layer.require_field(config.population_points_field);
    std::vector<const geo::MultiPolygon*> polys;
    for (const auto& a : areas.areas) polys.push_back(&a.geometry);
    const PolygonLocator locator(polys);

    PopulationPoints out;
    out.area_weight.assign(areas.size(), 0.0);
    for (const auto& f : layer.features) {
        const auto* p = std::get_if<geo::Point>(&f.geometry);
        if (!p) {
            throw DataError({layer.source, 0, "fid " + std::to_string(f.fid), {}}, "befolkningspunkten har ingen punktgeometri",
                            "befolkningspunkter ska vara ett punktlager");
        }
        double w = 1.0;
        if (field) {
            const auto n = geo::to_number(f.values[*field]);
            if (!n || *n < 0) {
                throw DataError({layer.source, 0, "fid " + std::to_string(f.fid), config.population_points_field},
                                "vikten '" + geo::to_text(f.values[*field]) + "' är inte ett icke-negativt tal");
            }
            w = *n;
        }
        const auto a = locator.locate(*p);
        out.points.push_back(*p);
        out.weight.push_back(w);
        out.area.push_back(a);
        if (a) out.area_weight[*a] += w;
        else ++out.outside;
    }
    return out;
}

}  // namespace omrade::profiles::detail
