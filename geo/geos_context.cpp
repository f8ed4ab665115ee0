#include "geo/geos_context.hpp"

#include <cstdarg>
#include <cstdio>
#include <stdexcept>
#include <string>

namespace omrade::geo::detail {

namespace {

thread_local std::string g_last_error;

void on_error(const char* fmt, ...) {
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    std::vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    g_last_error = buf;
}

void on_notice(const char*, ...) {}

struct Context {
    GEOSContextHandle_t handle;
    Context() : handle(GEOS_init_r()) {
        GEOSContext_setErrorHandler_r(handle, on_error);
        GEOSContext_setNoticeHandler_r(handle, on_notice);
    }
    ~Context() { GEOS_finish_r(handle); }
    Context(const Context&) = delete;
    Context& operator=(const Context&) = delete;
};

GEOSCoordSequence* ring_sequence(const Polygon::ring_type& ring) {
    const auto n = static_cast<unsigned>(ring.size());
    const bool closed = n > 0 && bg::equals(ring.front(), ring.back());
    const unsigned m = closed ? n : n + 1;
    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(geos(), m, 2);
    geos_check(seq != nullptr, "GEOSCoordSeq_create");
    for (unsigned i = 0; i < m; ++i) {
        const Point& p = ring[i % n];
        GEOSCoordSeq_setXY_r(geos(), seq, i, p.x(), p.y());
    }
    return seq;
}

GEOSGeometry* make_ring(const Polygon::ring_type& ring) {
    GEOSGeometry* r = GEOSGeom_createLinearRing_r(geos(), ring_sequence(ring));
    geos_check(r != nullptr, "GEOSGeom_createLinearRing");
    return r;
}

void read_ring(const GEOSGeometry* ring, Polygon::ring_type& out) {
    const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(geos(), ring);
    unsigned n = 0;
    GEOSCoordSeq_getSize_r(geos(), seq, &n);
    out.clear();
    out.reserve(n);
    for (unsigned i = 0; i < n; ++i) {
        double x = 0, y = 0;
        GEOSCoordSeq_getXY_r(geos(), seq, i, &x, &y);
        out.emplace_back(x, y);
    }
}

void collect_polygons(const GEOSGeometry* g, MultiPolygon& out) {
    const int type = GEOSGeomTypeId_r(geos(), g);
    if (type == GEOS_POLYGON) {
        if (GEOSisEmpty_r(geos(), g) == 1) return;
        Polygon poly;
        read_ring(GEOSGetExteriorRing_r(geos(), g), poly.outer());
        const int holes = GEOSGetNumInteriorRings_r(geos(), g);
        for (int i = 0; i < holes; ++i) {
            poly.inners().emplace_back();
            read_ring(GEOSGetInteriorRingN_r(geos(), g, i), poly.inners().back());
        }
        out.push_back(std::move(poly));
    } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        const int n = GEOSGetNumGeometries_r(geos(), g);
        for (int i = 0; i < n; ++i) collect_polygons(GEOSGetGeometryN_r(geos(), g, i), out);
    }
}

}  // namespace

GEOSContextHandle_t geos() {
    thread_local Context ctx;
    return ctx.handle;
}

void geos_check(bool ok, const char* what) {
    if (!ok) throw std::runtime_error(std::string("GEOS: ") + what + ": " + g_last_error);
}

void GeomDeleter::operator()(GEOSGeometry* g) const {
    if (g) GEOSGeom_destroy_r(geos(), g);
}

void PreparedDeleter::operator()(const GEOSPreparedGeometry* g) const {
    if (g) GEOSPreparedGeom_destroy_r(geos(), g);
}

GeomPtr to_geos(const MultiPolygon& mp) {
    std::vector<GEOSGeometry*> polys;
    polys.reserve(mp.size());
    for (const auto& poly : mp) {
        if (poly.outer().size() < 3) continue;
        GEOSGeometry* shell = make_ring(poly.outer());
        std::vector<GEOSGeometry*> holes;
        for (const auto& inner : poly.inners()) {
            if (inner.size() >= 3) holes.push_back(make_ring(inner));
        }
        GEOSGeometry* p = GEOSGeom_createPolygon_r(geos(), shell, holes.empty() ? nullptr : holes.data(),
                                                   static_cast<unsigned>(holes.size()));
        geos_check(p != nullptr, "GEOSGeom_createPolygon");
        polys.push_back(p);
    }
    GEOSGeometry* g = GEOSGeom_createCollection_r(geos(), GEOS_MULTIPOLYGON, polys.empty() ? nullptr : polys.data(),
                                                  static_cast<unsigned>(polys.size()));
    geos_check(g != nullptr, "GEOSGeom_createCollection");
    return GeomPtr(g);
}

GeomPtr to_geos(const Point& p) {
    GEOSGeometry* g = GEOSGeom_createPointFromXY_r(geos(), p.x(), p.y());
    geos_check(g != nullptr, "GEOSGeom_createPointFromXY");
    return GeomPtr(g);
}

PreparedPtr prepare(const GEOSGeometry* g) {
    const GEOSPreparedGeometry* p = GEOSPrepare_r(geos(), g);
    geos_check(p != nullptr, "GEOSPrepare");
    return PreparedPtr(p);
}

MultiPolygon polygons_from_geos(const GEOSGeometry* g) {
    MultiPolygon out;
    if (g) collect_polygons(g, out);
    bg::correct(out);
    return out;
}

}  // namespace omrade::geo::detail
