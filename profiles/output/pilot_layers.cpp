#include "profiles/output/pilot_layers.hpp"

#include "geo/overlay.hpp"
#include "profiles/catchments/resources.hpp"

#include <algorithm>
#include <boost/geometry.hpp>
#include <cmath>
#include <limits>
#include <map>
#include <set>

namespace omrade::profiles {

std::vector<AreaColumn> value_columns(const Inputs& in) {
    // Indicator ids in source order, value rows only.
    std::vector<std::string> ids;
    std::set<std::string> seen;
    for (const auto& r : in.statistics.rows) {
        if (r.numerator || r.denominator || r.sex != "totalt" || r.age != "totalt") continue;
        if (seen.insert(r.indicator).second) ids.push_back(r.indicator);
    }
    std::vector<AreaColumn> out;
    for (const auto& id : ids) {
        const auto year = in.statistics.latest_year(id);
        AreaColumn col{id, geo::FieldType::Real, std::vector<geo::Value>(in.areas.size())};
        for (const auto* r : in.statistics.of(id)) {
            if (r->year == *year && r->sex == "totalt" && r->age == "totalt" && r->value) col.values[r->area] = *r->value;
        }
        out.push_back(std::move(col));
    }
    return out;
}

namespace {

geo::Layer centres_layer(const Inputs& in, std::size_t pilot_vc, const std::vector<std::string>& surroundings,
                         const SharedLayers& shared) {
    geo::Layer l;
    l.name = "vardcentraler";
    l.crs = "EPSG:3006";
    l.fields = {{"vardcentral", geo::FieldType::String}, {"kommunkod", geo::FieldType::String},
                {"lage", geo::FieldType::String},        {"listade", geo::FieldType::Integer},
                {"pilot", geo::FieldType::String},       {"befolkning_i_omradet", geo::FieldType::Integer}};
    for (std::size_t v = 0; v < in.centres.centres.size(); ++v) {
        const auto& c = in.centres.centres[v];
        if (!c.position) continue;  // reported in the build report; no point to draw
        if (v != pilot_vc && !in_surroundings(c, surroundings, shared)) continue;
        geo::Feature f;
        f.fid = static_cast<std::int64_t>(v) + 1;
        f.values = {c.name, c.kommun, c.position_quality,
                    c.listed ? geo::Value(static_cast<std::int64_t>(std::llround(*c.listed))) : geo::Value{},
                    std::string(v == pilot_vc ? "ja" : "nej"),
                    in.catchments ? geo::Value(static_cast<std::int64_t>(std::llround(in.catchments->accounting.population_per_vc[v])))
                                  : geo::Value{}};
        f.geometry = *c.position;
        l.features.push_back(std::move(f));
    }
    return l;
}

}  // namespace

SharedLayers shared_layers(const Inputs& in) {
    SharedLayers s;
    for (const Area& a : in.areas.areas) {
        if (a.geometry.empty()) continue;
        const geo::Box b = boost::geometry::return_envelope<geo::Box>(a.geometry);
        const auto [it, fresh] = s.kommun_box.try_emplace(a.kommun, b);
        if (!fresh) boost::geometry::expand(it->second, b);
    }
    if (in.kommuner) s.kommuner = kommun_outlines(in);
    return s;
}

std::vector<std::string> pilot_surroundings(const Inputs& in, const SharedLayers& shared,
                                            const std::vector<std::pair<std::size_t, double>>& catchment) {
    std::set<std::string> own;
    for (const auto& [area, share] : catchment) own.insert(in.areas.areas[area].kommun);
    if (own.empty()) {
        // No catchment (no method configured): the whole area set, as there is nothing to centre on.
        std::vector<std::string> all;
        for (const auto& [code, box] : shared.kommun_box) all.push_back(code);
        return all;
    }
    std::set<std::string> out(own);
    for (const auto& k : own) {
        const auto mine = shared.kommun_box.find(k);
        if (mine == shared.kommun_box.end()) continue;
        for (const auto& [code, box] : shared.kommun_box) {
            if (boost::geometry::intersects(mine->second, box)) out.insert(code);
        }
    }
    return {out.begin(), out.end()};
}

bool in_surroundings(const CareCentre& c, const std::vector<std::string>& surroundings, const SharedLayers& shared) {
    if (std::binary_search(surroundings.begin(), surroundings.end(), c.kommun)) return true;
    if (!c.position) return false;
    return std::any_of(surroundings.begin(), surroundings.end(), [&](const std::string& k) {
        const auto b = shared.kommun_box.find(k);
        return b != shared.kommun_box.end() && boost::geometry::covered_by(*c.position, b->second);
    });
}

PilotLayers make_pilot_layers(const Inputs& in, std::size_t pilot, const std::vector<AreaColumn>& columns,
                              const SharedLayers& shared) {
    PilotLayers out;
    const std::size_t vc = in.pilot_vcs.at(pilot);
    const auto& cfg_pilot = in.config.pilots.at(pilot);
    const auto shares = in.catchments ? in.catchments->areas_of(vc) : std::vector<std::pair<std::size_t, double>>{};

    geo::Layer& d = out.deso;
    d.name = "deso";
    d.crs = "EPSG:3006";
    d.fields = {{"desokod", geo::FieldType::String}, {"kommunkod", geo::FieldType::String},
                {"kommun", geo::FieldType::String},  {"andel_i_omradet", geo::FieldType::Real},
                {"delas_med", geo::FieldType::String},
                {"befolkning", geo::FieldType::Integer}, {"area_km2", geo::FieldType::Real}};
    for (const auto& c : columns) d.fields.push_back({c.name, c.type});
    // The other VCs of each shared DeSO ("Birka 17 %, …"), NULL where the DeSO is the pilot's alone.
    std::map<std::size_t, std::string> shared_with;
    if (in.catchments) {
        for (const auto& sa : sharing_of(*in.catchments, vc).areas) {
            if (!sa.others.empty()) shared_with[sa.area] = shared_with_text(sa, in.centres);
        }
    }
    std::vector<const geo::MultiPolygon*> outline;
    for (const auto& [area, share] : shares) {
        const Area& a = in.areas.areas[area];
        geo::Feature f;
        f.fid = static_cast<std::int64_t>(area) + 1;
        const auto name = in.kommun_names.find(a.kommun);
        const double pop = in.population.area_total.empty() ? 0.0 : in.population.area_total[area];
        const auto others = shared_with.find(area);
        f.values = {a.code, a.kommun, name != in.kommun_names.end() ? geo::Value(name->second) : geo::Value{},
                    share, others != shared_with.end() ? geo::Value(others->second) : geo::Value{},
                    static_cast<std::int64_t>(std::llround(pop)), a.area_m2 / 1e6};
        for (const auto& c : columns) f.values.push_back(c.values[area]);
        f.geometry = a.geometry;
        d.features.push_back(std::move(f));
        out.area_indices.push_back(area);
        out.population += share * pop;
        if (share >= in.config.catchment.min_share_geometry) outline.push_back(&a.geometry);
    }

    geo::Layer& u = out.catchment;
    u.name = "upptagningsomrade";
    u.crs = "EPSG:3006";
    u.fields = {{"vardcentral", geo::FieldType::String}, {"pilot", geo::FieldType::String},
                {"metod", geo::FieldType::String},       {"antal_deso", geo::FieldType::Integer},
                {"befolkning", geo::FieldType::Integer}, {"area_km2", geo::FieldType::Real}};
    if (!outline.empty()) {
        geo::Feature f;
        f.fid = 1;
        geo::MultiPolygon dissolved = geo::dissolve(outline, geo::outline_close_gaps_m);
        geo::fill_small_holes(dissolved, outline_hole_threshold(in.areas));
        f.values = {cfg_pilot.care_centre, cfg_pilot.id, in.catchments->method,
                    static_cast<std::int64_t>(shares.size()), static_cast<std::int64_t>(std::llround(out.population)),
                    geo::area(dissolved) / 1e6};
        f.geometry = std::move(dissolved);
        u.features.push_back(std::move(f));
    }

    out.surroundings = pilot_surroundings(in, shared, shares);
    out.centres = centres_layer(in, vc, out.surroundings, shared);
    if (in.resources) out.resources = resources_in_catchment(*in.resources, in.areas, shares);
    if (shared.kommuner) {
        // The shared outlines of the pilot's surroundings only (fids as in the full layer).
        geo::Layer k;
        k.name = shared.kommuner->name;
        k.crs = shared.kommuner->crs;
        k.fields = shared.kommuner->fields;
        for (const auto& f : shared.kommuner->features) {
            const auto* code = std::get_if<std::string>(&f.values.front());
            if (code && std::binary_search(out.surroundings.begin(), out.surroundings.end(), *code)) k.features.push_back(f);
        }
        out.kommuner = std::move(k);
    }
    return out;
}

double outline_hole_threshold(const AreaSet& areas) {
    // Holes in a dissolved outline smaller than half the smallest area cannot be an enclave of
    // the set; they are gaps between generalised neighbours (in the DeSO 2025 layer up to ~1 ha).
    // Capped at 5 ha so that a layer of large areas keeps real holes such as lakes left out.
    double smallest = std::numeric_limits<double>::infinity();
    for (const auto& a : areas.areas) smallest = std::min(smallest, a.area_m2);
    return std::min(0.5 * smallest, 50000.0);
}

geo::Layer kommun_outlines(const Inputs& in) {
    // Drawn from the DeSOs rather than taken from the kommun layer: the borders then coincide
    // with the DeSO and catchment edges (a separately generalised kommun layer does not), and
    // every kommun of the area set is present. Names come from the configured kommun layer.
    std::map<std::string, std::vector<const geo::MultiPolygon*>> parts;
    std::map<std::string, double> population;
    for (std::size_t a = 0; a < in.areas.size(); ++a) {
        const Area& area = in.areas.areas[a];
        parts[area.kommun].push_back(&area.geometry);
        if (a < in.population.area_total.size()) population[area.kommun] += in.population.area_total[a];
    }
    geo::Layer k;
    k.name = "kommuner";
    k.crs = "EPSG:3006";
    k.fields = {{"kommunkod", geo::FieldType::String}, {"kommun", geo::FieldType::String},
                {"antal_deso", geo::FieldType::Integer}, {"befolkning", geo::FieldType::Integer}};
    std::int64_t fid = 0;
    for (const auto& [code, polys] : parts) {
        geo::Feature f;
        f.fid = ++fid;
        const auto name = in.kommun_names.find(code);
        f.values = {code, name != in.kommun_names.end() ? geo::Value(name->second) : geo::Value{},
                    static_cast<std::int64_t>(polys.size()), static_cast<std::int64_t>(std::llround(population[code]))};
        geo::MultiPolygon outline = geo::dissolve(polys, geo::outline_close_gaps_m);
        geo::fill_small_holes(outline, outline_hole_threshold(in.areas));
        f.geometry = std::move(outline);
        k.features.push_back(std::move(f));
    }
    return k;
}

}  // namespace omrade::profiles
