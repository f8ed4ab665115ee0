#include "geo/overlay.hpp"

#include "geo/geos_context.hpp"

#include <boost/geometry/index/rtree.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>
#include <utility>

namespace omrade::geo {

namespace bgi = boost::geometry::index;
using detail::geos;
using detail::geos_check;
using detail::GeomPtr;

namespace {

using BoxEntry = std::pair<Box, std::size_t>;
using BoxTree = bgi::rtree<BoxEntry, bgi::quadratic<16>>;

BoxTree envelope_tree(const std::vector<MultiPolygon>& geoms) {
    std::vector<BoxEntry> entries;
    entries.reserve(geoms.size());
    for (std::size_t i = 0; i < geoms.size(); ++i) {
        if (geoms[i].empty()) continue;
        entries.emplace_back(bg::return_envelope<Box>(geoms[i]), i);
    }
    return BoxTree(entries.begin(), entries.end());
}

double geos_area(const GEOSGeometry* g) {
    double a = 0;
    geos_check(GEOSArea_r(geos(), g, &a) == 1, "GEOSArea");
    return a;
}

double intersection_area(const GEOSGeometry* a, const GEOSGeometry* b) {
    GeomPtr inter(GEOSIntersection_r(geos(), a, b));
    if (!inter) {
        // Robustness fallback for nearly degenerate input: snap-rounded overlay.
        inter.reset(GEOSIntersectionPrec_r(geos(), a, b, 0.001));
    }
    geos_check(inter != nullptr, "GEOSIntersection");
    return geos_area(inter.get());
}

}  // namespace

std::vector<ValidityProblem> find_invalid(const std::vector<MultiPolygon>& geoms) {
    std::vector<ValidityProblem> out;
    for (std::size_t i = 0; i < geoms.size(); ++i) {
        const GeomPtr g = detail::to_geos(geoms[i]);
        char* reason = nullptr;
        GEOSGeometry* location = nullptr;
        const char valid = GEOSisValidDetail_r(geos(), g.get(), 0, &reason, &location);
        geos_check(valid != 2, "GEOSisValidDetail");
        if (valid == 1) continue;
        ValidityProblem p;
        p.index = i;
        p.reason = reason ? reason : "ogiltig geometri";
        if (location) {
            double x = 0, y = 0;
            GEOSGeomGetX_r(geos(), location, &x);
            GEOSGeomGetY_r(geos(), location, &y);
            p.location = Point(x, y);
            GEOSGeom_destroy_r(geos(), location);
        }
        if (reason) GEOSFree_r(geos(), reason);
        out.push_back(std::move(p));
    }
    return out;
}

MultiPolygon make_valid(const MultiPolygon& g) {
    const GeomPtr in = detail::to_geos(g);
    GEOSMakeValidParams* params = GEOSMakeValidParams_create_r(geos());
    GEOSMakeValidParams_setMethod_r(geos(), params, GEOS_MAKE_VALID_STRUCTURE);
    GEOSMakeValidParams_setKeepCollapsed_r(geos(), params, 0);
    const GeomPtr out(GEOSMakeValidWithParams_r(geos(), in.get(), params));
    GEOSMakeValidParams_destroy_r(geos(), params);
    geos_check(out != nullptr, "GEOSMakeValid");
    return detail::polygons_from_geos(out.get());
}

std::vector<Overlap> find_overlaps(const std::vector<MultiPolygon>& geoms, double min_area, double min_share) {
    const BoxTree tree = envelope_tree(geoms);
    std::vector<GeomPtr> gg;
    gg.reserve(geoms.size());
    for (const auto& g : geoms) gg.push_back(detail::to_geos(g));
    std::vector<Overlap> out;
    std::vector<BoxEntry> hits;
    for (std::size_t a = 0; a < geoms.size(); ++a) {
        if (geoms[a].empty()) continue;
        hits.clear();
        tree.query(bgi::intersects(bg::return_envelope<Box>(geoms[a])), std::back_inserter(hits));
        std::sort(hits.begin(), hits.end(), [](const BoxEntry& x, const BoxEntry& y) { return x.second < y.second; });
        const auto prepared = detail::prepare(gg[a].get());
        for (const auto& [box, b] : hits) {
            if (b <= a) continue;
            if (GEOSPreparedIntersects_r(geos(), prepared.get(), gg[b].get()) != 1) continue;
            if (GEOSPreparedTouches_r(geos(), prepared.get(), gg[b].get()) == 1) continue;
            const double inter = intersection_area(gg[a].get(), gg[b].get());
            if (inter <= min_area) continue;
            const double smaller = std::min(area(geoms[a]), area(geoms[b]));
            const double share = smaller > 0 ? inter / smaller : 1.0;
            if (share <= min_share) continue;
            out.push_back({a, b, inter, share});
        }
    }
    return out;
}

MultiPolygon dissolve(const std::vector<const MultiPolygon*>& parts, double close_gaps) {
    std::vector<GEOSGeometry*> geoms;
    geoms.reserve(parts.size());
    for (const MultiPolygon* p : parts) {
        if (p && !p->empty()) geoms.push_back(detail::to_geos(*p).release());
    }
    if (geoms.empty()) return {};
    GeomPtr coll(GEOSGeom_createCollection_r(geos(), GEOS_GEOMETRYCOLLECTION, geoms.data(),
                                             static_cast<unsigned>(geoms.size())));
    if (!coll) {
        for (GEOSGeometry* g : geoms) GEOSGeom_destroy_r(geos(), g);
        geos_check(false, "GEOSGeom_createCollection");
    }
    GeomPtr u(GEOSUnaryUnion_r(geos(), coll.get()));
    if (!u) u.reset(GEOSUnaryUnionPrec_r(geos(), coll.get(), 0.001));
    geos_check(u != nullptr, "GEOSUnaryUnion");
    if (close_gaps > 0) {
        const GeomPtr out(GEOSBufferWithStyle_r(geos(), u.get(), close_gaps, 8, GEOSBUF_CAP_FLAT, GEOSBUF_JOIN_MITRE, 5.0));
        geos_check(out != nullptr, "GEOSBuffer");
        u.reset(GEOSBufferWithStyle_r(geos(), out.get(), -close_gaps, 8, GEOSBUF_CAP_FLAT, GEOSBUF_JOIN_MITRE, 5.0));
        geos_check(u != nullptr, "GEOSBuffer");
    }
    return detail::polygons_from_geos(u.get());
}

void fill_small_holes(MultiPolygon& g, double min_area) {
    for (auto& poly : g) {
        auto& inners = poly.inners();
        inners.erase(std::remove_if(inners.begin(), inners.end(),
                                    [min_area](const Polygon::ring_type& r) { return std::abs(bg::area(r)) < min_area; }),
                     inners.end());
    }
}

std::vector<Intersection> intersection_areas(const std::vector<MultiPolygon>& sources,
                                             const std::vector<MultiPolygon>& targets) {
    const BoxTree tree = envelope_tree(targets);
    std::vector<GeomPtr> tg;
    tg.reserve(targets.size());
    for (const auto& t : targets) tg.push_back(detail::to_geos(t));
    std::vector<Intersection> out;
    std::vector<BoxEntry> hits;
    for (std::size_t s = 0; s < sources.size(); ++s) {
        if (sources[s].empty()) continue;
        hits.clear();
        tree.query(bgi::intersects(bg::return_envelope<Box>(sources[s])), std::back_inserter(hits));
        if (hits.empty()) continue;
        std::sort(hits.begin(), hits.end(), [](const BoxEntry& x, const BoxEntry& y) { return x.second < y.second; });
        const GeomPtr sg = detail::to_geos(sources[s]);
        const auto prepared = detail::prepare(sg.get());
        for (const auto& [box, t] : hits) {
            if (GEOSPreparedIntersects_r(geos(), prepared.get(), tg[t].get()) != 1) continue;
            double a = 0;
            if (GEOSPreparedContainsProperly_r(geos(), prepared.get(), tg[t].get()) == 1) {
                a = area(targets[t]);
            } else {
                a = intersection_area(sg.get(), tg[t].get());
            }
            if (a > 0) out.push_back({s, t, a});
        }
    }
    return out;
}

Point representative_point(const MultiPolygon& g) {
    const GeomPtr gg = detail::to_geos(g);
    const GeomPtr p(GEOSPointOnSurface_r(geos(), gg.get()));
    geos_check(p != nullptr, "GEOSPointOnSurface");
    if (GEOSisEmpty_r(geos(), p.get()) == 1) throw std::runtime_error("representative_point: tom geometri");
    double x = 0, y = 0;
    GEOSGeomGetX_r(geos(), p.get(), &x);
    GEOSGeomGetY_r(geos(), p.get(), &y);
    return {x, y};
}

std::vector<MultiPolygon> voronoi_cells(const std::vector<Point>& sites, const MultiPolygon& clip) {
    std::vector<MultiPolygon> result(sites.size());
    if (sites.empty() || clip.empty()) return result;
    // Distinct sites in input order; duplicates share the first one's cell.
    std::map<std::pair<double, double>, std::size_t> first;
    std::vector<std::size_t> unique;
    for (std::size_t i = 0; i < sites.size(); ++i) {
        if (first.emplace(std::make_pair(sites[i].x(), sites[i].y()), i).second) unique.push_back(i);
    }
    const GeomPtr clip_g = detail::to_geos(clip);
    if (unique.size() == 1) {
        const MultiPolygon whole = detail::polygons_from_geos(clip_g.get());
        for (auto& r : result) r = whole;
        return result;
    }
    std::vector<GEOSGeometry*> pts;
    for (std::size_t i : unique) pts.push_back(detail::to_geos(sites[i]).release());
    const GeomPtr mp(GEOSGeom_createCollection_r(geos(), GEOS_MULTIPOINT, pts.data(), static_cast<unsigned>(pts.size())));
    geos_check(mp != nullptr, "GEOSGeom_createCollection");
    const GeomPtr diagram(GEOSVoronoiDiagram_r(geos(), mp.get(), clip_g.get(), 0.0, 0));
    geos_check(diagram != nullptr, "GEOSVoronoiDiagram");
    const int n = GEOSGetNumGeometries_r(geos(), diagram.get());
    for (int c = 0; c < n; ++c) {
        const GEOSGeometry* cell = GEOSGetGeometryN_r(geos(), diagram.get(), c);
        const auto prepared = detail::prepare(cell);
        for (std::size_t i : unique) {
            const GeomPtr p = detail::to_geos(sites[i]);
            if (GEOSPreparedIntersects_r(geos(), prepared.get(), p.get()) != 1) continue;
            if (!result[i].empty()) continue;  // a site on a shared edge: first cell wins
            const GeomPtr clipped(GEOSIntersection_r(geos(), cell, clip_g.get()));
            geos_check(clipped != nullptr, "GEOSIntersection");
            result[i] = detail::polygons_from_geos(clipped.get());
            break;
        }
    }
    for (std::size_t i = 0; i < sites.size(); ++i) {
        const std::size_t owner = first.at({sites[i].x(), sites[i].y()});
        if (owner != i) result[i] = result[owner];
    }
    return result;
}

}  // namespace omrade::geo
