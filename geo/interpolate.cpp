#include "geo/interpolate.hpp"

#include "geo/error.hpp"
#include "geo/overlay.hpp"
#include "geo/point_aggregate.hpp"
#include "geo/transform.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

namespace omrade::geo {

namespace {

std::vector<MultiPolygon> polygons_of(const Layer& layer, const char* role, std::size_t* without_geometry) {
    std::vector<MultiPolygon> out;
    out.reserve(layer.features.size());
    for (const auto& f : layer.features) {
        if (std::holds_alternative<Point>(f.geometry)) {
            throw DataError({layer.source, 0, "fid " + std::to_string(f.fid), {}},
                            std::string(role) + "lagret innehåller punkter", "interpolering kräver ytor (polygoner)");
        }
        if (is_empty(f.geometry)) {
            if (without_geometry) ++*without_geometry;
            out.emplace_back();
        } else {
            out.push_back(std::get<MultiPolygon>(f.geometry));
        }
    }
    return out;
}

// NULL, or an empty cell of a text source (CSV has no NULL of its own).
bool is_missing(const Value& v) {
    if (std::holds_alternative<std::monostate>(v)) return true;
    const auto* s = std::get_if<std::string>(&v);
    return s && s->find_first_not_of(" \t") == std::string::npos;
}

// One source-target pair: intersection area and, with weight points, the weight lying in both.
struct Pair {
    std::size_t target = 0;
    double area = 0;
    double weight = 0;
    double share = 0;    // w(s,t)
    double measure = 0;  // m(s,t) for intensive means
};

}  // namespace

InterpolateResult interpolate(const Layer& source, const Layer& target, const InterpolateOptions& options) {
    if (!source.crs.empty() && !target.crs.empty() && !same_crs(source.crs, target.crs)) {
        throw DataError({source.source, 0, {}, {}}, "källan har ett annat koordinatsystem (" + source.crs +
                        ") än målet (" + target.crs + ")", "läs båda lagren till samma koordinatsystem");
    }
    InterpolateResult result;
    InterpolateReport& rep = result.report;
    rep.sources = source.features.size();
    rep.targets = target.features.size();

    // Fields: present in the source, named once, free in the target.
    std::vector<std::size_t> src_idx;
    std::set<std::string> named;
    for (int pass = 0; pass < 2; ++pass) {
        for (const auto& name : pass == 0 ? options.extensive : options.intensive) {
            if (!named.insert(name).second) {
                throw DataError({source.source, 0, {}, name}, "fältet anges mer än en gång",
                                "ett fält är antingen extensivt (--extensive) eller intensivt (--intensive)");
            }
            src_idx.push_back(source.require_field(name));
            if (target.field_index(name)) {
                throw DataError({target.source, 0, {}, name}, "fältet finns redan i mållagret",
                                "byt namn på fältet i källan eller målet");
            }
            InterpolateFieldReport fr;
            fr.field = name;
            fr.extensive = pass == 0;
            rep.fields.push_back(fr);
        }
    }

    const std::vector<MultiPolygon> src = polygons_of(source, "käll", &rep.sources_without_geometry);
    const std::vector<MultiPolygon> tgt = polygons_of(target, "mål", nullptr);
    std::vector<double> src_area(src.size());
    for (std::size_t s = 0; s < src.size(); ++s) src_area[s] = area(src[s]);

    // Pairs per source, from the overlay and, with weight points, from where the points lie.
    std::vector<std::vector<Pair>> pairs(src.size());
    for (const auto& in : intersection_areas(src, tgt)) pairs[in.source].push_back({in.target, in.area, 0, 0, 0});

    std::vector<double> src_weight(src.size(), 0.0);
    const bool by_points = options.weight_points != nullptr;
    if (by_points) {
        const Layer& pts = *options.weight_points;
        if (!pts.crs.empty() && !source.crs.empty() && !same_crs(pts.crs, source.crs)) {
            throw DataError({pts.source, 0, {}, {}}, "viktpunkterna har ett annat koordinatsystem (" + pts.crs +
                            ") än källan (" + source.crs + ")", "läs båda lagren till samma koordinatsystem");
        }
        const std::size_t wf = pts.require_field(options.weight_field);
        std::vector<Point> located;
        std::vector<double> weight;
        for (const auto& f : pts.features) {
            if (std::holds_alternative<MultiPolygon>(f.geometry)) {
                throw DataError({pts.source, 0, "fid " + std::to_string(f.fid), {}}, "viktlagret innehåller ytor",
                                "--weights kräver punkter med ett viktfält");
            }
            ++rep.weight_points;
            const auto w = to_number(f.values[wf]);
            const auto* p = std::get_if<Point>(&f.geometry);
            if (!w || *w < 0) {
                ++rep.weight_points_without_weight;
                continue;
            }
            if (!p) {
                ++rep.weight_points_outside_sources;
                continue;
            }
            located.push_back(*p);
            weight.push_back(*w);
        }
        const PointAssignment in_src = assign_points(src, located);
        const PointAssignment in_tgt = assign_points(tgt, located);
        std::vector<std::map<std::size_t, double>> st_weight(src.size());
        for (std::size_t k = 0; k < located.size(); ++k) {
            if (!in_src.polygon[k]) {
                ++rep.weight_points_outside_sources;
                continue;
            }
            const std::size_t s = *in_src.polygon[k];
            src_weight[s] += weight[k];
            if (in_tgt.polygon[k]) st_weight[s][*in_tgt.polygon[k]] += weight[k];
        }
        for (std::size_t s = 0; s < src.size(); ++s) {
            for (auto& p : pairs[s]) {
                if (auto it = st_weight[s].find(p.target); it != st_weight[s].end()) {
                    p.weight = it->second;
                    st_weight[s].erase(it);
                }
            }
            // A point on an edge the source only touches: weight without area still counts.
            for (const auto& [t, w] : st_weight[s]) pairs[s].push_back({t, 0, w, 0, 0});
            std::sort(pairs[s].begin(), pairs[s].end(), [](const Pair& a, const Pair& b) { return a.target < b.target; });
        }
    }

    // Shares per pair.
    std::vector<bool> target_met(tgt.size(), false);
    for (std::size_t s = 0; s < src.size(); ++s) {
        double covered = 0, covered_weight = 0;
        for (const auto& p : pairs[s]) {
            covered += p.area;
            covered_weight += p.weight;
            target_met[p.target] = true;
        }
        rep.source_area += src_area[s];
        rep.uncovered_source_area += std::max(0.0, src_area[s] - covered);
        rep.multiply_covered_area += std::max(0.0, covered - src_area[s]);
        if (pairs[s].empty()) {
            if (!src[s].empty()) ++rep.sources_without_target;
            continue;
        }
        const double weight_den = options.renormalize ? covered_weight : src_weight[s];
        const bool use_points = by_points && weight_den > 0;
        if (by_points && !use_points) rep.area_fallback_sources.push_back(source.features[s].fid);
        const double area_den = options.renormalize ? covered : src_area[s];
        for (auto& p : pairs[s]) {
            if (use_points) p.share = p.weight / weight_den;
            else p.share = area_den > 0 ? p.area / area_den : 0.0;
            p.measure = by_points ? p.weight : p.area;
        }
    }
    for (bool met : target_met) rep.targets_without_source += met ? 0 : 1;

    // Values.
    result.layer = target;
    Layer& out = result.layer;
    const std::size_t nt = tgt.size();
    for (std::size_t k = 0; k < rep.fields.size(); ++k) {
        InterpolateFieldReport& fr = rep.fields[k];
        const std::size_t out_idx = out.add_field(fr.field, FieldType::Real);
        std::vector<double> sum(nt, 0.0), den(nt, 0.0), area_sum(nt, 0.0), area_den(nt, 0.0);
        std::vector<bool> has_value(nt, false);
        for (std::size_t s = 0; s < src.size(); ++s) {
            const Value& raw = source.features[s].values[src_idx[k]];
            const auto v = to_number(raw);
            if (!v) {
                if (is_missing(raw)) ++fr.null_sources;
                else ++fr.non_numeric_sources;
                continue;
            }
            if (fr.extensive) {
                fr.sum_in += *v;
                double shared = 0;
                for (const auto& p : pairs[s]) {
                    sum[p.target] += p.share * *v;
                    has_value[p.target] = true;
                    shared += p.share;
                }
                fr.sum_uncovered += *v * (1.0 - shared);
            } else {
                for (const auto& p : pairs[s]) {
                    sum[p.target] += p.measure * *v;
                    den[p.target] += p.measure;
                    area_sum[p.target] += p.area * *v;
                    area_den[p.target] += p.area;
                    has_value[p.target] = true;
                }
            }
        }
        std::set<std::size_t> fallback_targets;
        for (std::size_t t = 0; t < nt; ++t) {
            Value& cell = out.features[t].values[out_idx];
            if (!has_value[t]) {
                cell = std::monostate{};
                ++fr.null_targets;
            } else if (fr.extensive) {
                cell = sum[t];
                fr.sum_out += sum[t];
            } else if (den[t] > 0) {
                cell = sum[t] / den[t];
            } else if (area_den[t] > 0) {
                cell = area_sum[t] / area_den[t];
                if (by_points) fallback_targets.insert(t);
            } else {
                cell = std::monostate{};  // met only along edges: no covered part to average over
                ++fr.null_targets;
            }
        }
        for (std::size_t t : fallback_targets) {
            const std::int64_t fid = target.features[t].fid;
            auto& list = rep.intensive_fallback_targets;
            if (std::find(list.begin(), list.end(), fid) == list.end()) list.push_back(fid);
        }
    }
    return result;
}

}  // namespace omrade::geo
