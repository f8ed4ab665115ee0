#include "profiles/catchments/resources.hpp"

#include "geo/error.hpp"
#include "geo/reader.hpp"
#include "profiles/catchments/points.hpp"

namespace omrade::profiles {

geo::Layer read_resources(const std::string& source, const std::string& type_field, const std::string& name_field) {
    const geo::Layer in = geo::read_layer(geo::parse_source(source));
    const std::size_t type = in.require_field(type_field);
    const std::size_t name = in.require_field(name_field);
    geo::Layer out;
    out.name = "resurser";
    out.source = in.source;
    out.crs = "EPSG:3006";
    out.fields = {{"typ", geo::FieldType::String}, {"namn", geo::FieldType::String}};
    for (const auto& f : in.features) {
        if (!std::holds_alternative<geo::Point>(f.geometry)) {
            throw DataError({in.source, 0, "fid " + std::to_string(f.fid), {}}, "resursen har ingen punktgeometri",
                            "[resurser] kalla ska vara ett punktlager");
        }
        geo::Feature g;
        g.fid = f.fid;
        g.values = {geo::to_text(f.values[type]), geo::to_text(f.values[name])};
        g.geometry = f.geometry;
        out.features.push_back(std::move(g));
    }
    return out;
}

geo::Layer resources_in_catchment(const geo::Layer& resources, const AreaSet& areas,
                                  const std::vector<std::pair<std::size_t, double>>& shares) {
    std::vector<const geo::MultiPolygon*> polys;
    for (const auto& [area, share] : shares) polys.push_back(&areas.areas[area].geometry);
    const detail::PolygonLocator locator(polys);
    geo::Layer out;
    out.name = "resurser";
    out.crs = resources.crs;
    out.fields = resources.fields;
    out.fields.push_back({"desokod", geo::FieldType::String});
    out.fields.push_back({"andel_i_omradet", geo::FieldType::Real});
    for (const auto& f : resources.features) {
        const auto* p = std::get_if<geo::Point>(&f.geometry);
        if (!p) continue;
        const auto k = locator.locate(*p);
        if (!k) continue;
        geo::Feature g = f;
        g.values.push_back(areas.areas[shares[*k].first].code);
        g.values.push_back(shares[*k].second);
        out.features.push_back(std::move(g));
    }
    return out;
}

std::map<std::string, std::size_t> resource_counts(const geo::Layer& layer) {
    std::map<std::string, std::size_t> out;
    const auto type = layer.field_index("typ");
    for (const auto& f : layer.features) ++out[type ? geo::to_text(f.values[*type]) : std::string()];
    return out;
}

}  // namespace omrade::profiles
