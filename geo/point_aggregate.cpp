#include "geo/point_aggregate.hpp"

#include "geo/error.hpp"
#include "geo/transform.hpp"

#include <boost/geometry/index/rtree.hpp>

#include <algorithm>

namespace omrade::geo {

namespace bgi = boost::geometry::index;

namespace {

using BoxEntry = std::pair<Box, std::size_t>;

std::string fid_text(const Feature& f) { return "fid " + std::to_string(f.fid); }

// NULL, or an empty cell of a text source (CSV has no NULL of its own).
bool is_missing(const Value& v) {
    if (std::holds_alternative<std::monostate>(v)) return true;
    const auto* s = std::get_if<std::string>(&v);
    return s && s->find_first_not_of(" \t") == std::string::npos;
}

}  // namespace

PointAssignment assign_points(const std::vector<MultiPolygon>& polygons, const std::vector<Point>& points) {
    std::vector<BoxEntry> entries;
    entries.reserve(polygons.size());
    for (std::size_t i = 0; i < polygons.size(); ++i) {
        if (!polygons[i].empty()) entries.emplace_back(bg::return_envelope<Box>(polygons[i]), i);
    }
    const bgi::rtree<BoxEntry, bgi::quadratic<16>> tree(entries.begin(), entries.end());
    PointAssignment out;
    out.polygon.resize(points.size());
    std::vector<BoxEntry> hits;
    for (std::size_t p = 0; p < points.size(); ++p) {
        hits.clear();
        tree.query(bgi::intersects(points[p]), std::back_inserter(hits));
        std::sort(hits.begin(), hits.end(), [](const BoxEntry& a, const BoxEntry& b) { return a.second < b.second; });
        std::size_t covering = 0;
        for (const auto& [box, i] : hits) {
            if (!bg::covered_by(points[p], polygons[i])) continue;
            if (covering++ == 0) out.polygon[p] = i;
            else break;  // a second cover is enough to know the point is shared
        }
        if (covering > 1) ++out.shared;
    }
    return out;
}

PointAggregateResult aggregate_points(const Layer& areas, const Layer& points, const std::string& field) {
    if (!areas.crs.empty() && !points.crs.empty() && !same_crs(areas.crs, points.crs)) {
        throw DataError({points.source, 0, {}, {}}, "punkterna har ett annat koordinatsystem (" + points.crs +
                        ") än områdena (" + areas.crs + ")", "läs båda lagren till samma koordinatsystem");
    }
    std::vector<MultiPolygon> polygons;
    polygons.reserve(areas.features.size());
    for (const auto& f : areas.features) {
        if (std::holds_alternative<Point>(f.geometry)) {
            throw DataError({areas.source, 0, fid_text(f), {}}, "områdeslagret innehåller punkter",
                            "ange ett lager med ytor (polygoner) som --areas");
        }
        polygons.push_back(is_empty(f.geometry) ? MultiPolygon{} : std::get<MultiPolygon>(f.geometry));
    }

    std::optional<std::size_t> value_field;
    if (!field.empty()) value_field = points.require_field(field);

    PointAggregateResult result;
    PointAggregateReport& rep = result.report;
    rep.points = points.features.size();
    std::vector<Point> located;
    std::vector<std::size_t> located_feature;
    for (std::size_t i = 0; i < points.features.size(); ++i) {
        const Feature& f = points.features[i];
        if (std::holds_alternative<MultiPolygon>(f.geometry)) {
            throw DataError({points.source, 0, fid_text(f), {}}, "punktlagret innehåller ytor",
                            "ange ett lager med punkter som --points");
        }
        if (const auto* p = std::get_if<Point>(&f.geometry)) {
            located.push_back(*p);
            located_feature.push_back(i);
        } else {
            ++rep.without_geometry;
        }
    }
    const PointAssignment assignment = assign_points(polygons, located);
    rep.on_shared_boundary = assignment.shared;

    result.layer = areas;
    Layer& out = result.layer;
    const std::string count_name = "antal";
    const std::string sum_name = "summa_" + field;
    const std::string missing_name = "antal_utan_" + field;
    for (const std::string& name : field.empty() ? std::vector<std::string>{count_name}
                                                 : std::vector<std::string>{count_name, sum_name, missing_name}) {
        if (out.field_index(name)) {
            throw DataError({areas.source, 0, {}, name}, "fältet finns redan i områdeslagret",
                            "byt namn på fältet i källan; omrade lägger till " + name);
        }
    }
    const std::size_t count_idx = out.add_field(count_name, FieldType::Integer);
    std::size_t sum_idx = 0, missing_idx = 0;
    if (value_field) {
        sum_idx = out.add_field(sum_name, FieldType::Real);
        missing_idx = out.add_field(missing_name, FieldType::Integer);
    }

    const std::size_t n = out.features.size();
    std::vector<std::int64_t> counts(n, 0), missing(n, 0);
    std::vector<double> sums(n, 0.0);
    std::vector<bool> has_value(n, false);

    // The value of point feature i, counting NULL and non-numeric values.
    auto value_of = [&](std::size_t i) -> std::optional<double> {
        if (!value_field) return std::nullopt;
        const Value& v = points.features[i].values[*value_field];
        if (is_missing(v)) {
            ++rep.null_values;
            return std::nullopt;
        }
        const auto num = to_number(v);
        if (!num) ++rep.non_numeric_values;
        return num;
    };

    std::vector<bool> seen(points.features.size(), false);
    for (std::size_t k = 0; k < located.size(); ++k) {
        const std::size_t i = located_feature[k];
        seen[i] = true;
        const auto v = value_of(i);
        if (const auto& poly = assignment.polygon[k]) {
            ++rep.assigned;
            ++counts[*poly];
            if (v) {
                sums[*poly] += *v;
                has_value[*poly] = true;
                rep.sum_assigned += *v;
            } else if (value_field) {
                ++missing[*poly];
            }
        } else {
            ++rep.outside;
            if (rep.outside_fids.size() < 20) rep.outside_fids.push_back(points.features[i].fid);
            if (v) rep.sum_outside += *v;
        }
    }
    for (std::size_t i = 0; i < points.features.size(); ++i) {
        if (seen[i]) continue;
        if (const auto v = value_of(i)) rep.sum_outside += *v;
    }

    for (std::size_t a = 0; a < n; ++a) {
        Feature& f = out.features[a];
        f.values[count_idx] = counts[a];
        if (!value_field) continue;
        f.values[missing_idx] = missing[a];
        if (counts[a] == 0 || has_value[a]) f.values[sum_idx] = sums[a];
        else f.values[sum_idx] = std::monostate{};  // points, but none with a value: missing, not 0
    }
    return result;
}

}  // namespace omrade::geo
