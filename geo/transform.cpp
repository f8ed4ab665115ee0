#include "geo/transform.hpp"

#include "geo/error.hpp"
#include "geo/gdal_session.hpp"

#include <ogr_spatialref.h>

namespace omrade::geo {

namespace {

OGRSpatialReference make_srs(const std::string& def) {
    detail::ensure_gdal();
    OGRSpatialReference srs;
    detail::QuietGdal quiet;
    if (srs.SetFromUserInput(def.c_str()) != OGRERR_NONE) {
        throw DataError({{}, 0, {}, {}}, "okänt koordinatsystem '" + def + "'",
                        "ange t.ex. EPSG:3006 (SWEREF 99 TM) eller EPSG:4326");
    }
    // x = easting/longitude, y = northing/latitude, whatever the CRS's official axis order.
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    return srs;
}

}  // namespace

struct Transformer::Impl {
    OGRSpatialReference from, to;
    std::unique_ptr<OGRCoordinateTransformation> ct;
};

Transformer::Transformer(const std::string& from, const std::string& to) : m_impl(new Impl) {
    m_impl->from = make_srs(from);
    m_impl->to = make_srs(to);
    m_impl->ct.reset(OGRCreateCoordinateTransformation(&m_impl->from, &m_impl->to));
    if (!m_impl->ct) {
        throw DataError({{}, 0, {}, {}}, "ingen transformation från " + from + " till " + to);
    }
}

Transformer::~Transformer() = default;

Point Transformer::apply(const Point& p) const {
    double x = p.x(), y = p.y();
    if (!m_impl->ct->Transform(1, &x, &y)) {
        throw DataError({{}, 0, {}, {}},
                        "koordinaten (" + std::to_string(p.x()) + ", " + std::to_string(p.y()) +
                            ") kan inte transformeras",
                        "kontrollera koordinatsystemet och axelordningen");
    }
    return {x, y};
}

std::size_t Transformer::apply_in_place(std::vector<Point>& points) const {
    if (points.empty()) return 0;
    std::vector<double> x(points.size()), y(points.size());
    for (std::size_t i = 0; i < points.size(); ++i) {
        x[i] = points[i].x();
        y[i] = points[i].y();
    }
    std::vector<int> ok(points.size(), 0);
    m_impl->ct->Transform(static_cast<int>(points.size()), x.data(), y.data(), nullptr, ok.data());
    for (std::size_t i = 0; i < points.size(); ++i) {
        if (!ok[i]) return i;
        points[i] = Point(x[i], y[i]);
    }
    return points.size();
}

MultiPolygon Transformer::apply(const MultiPolygon& mp) const {
    MultiPolygon out = mp;
    auto ring = [this](auto& r) {
        for (auto& p : r) p = apply(p);
    };
    for (auto& poly : out) {
        ring(poly.outer());
        for (auto& inner : poly.inners()) ring(inner);
    }
    return out;
}

Geometry Transformer::apply(const Geometry& g) const {
    if (const auto* p = std::get_if<Point>(&g)) return apply(*p);
    if (const auto* mp = std::get_if<MultiPolygon>(&g)) return apply(*mp);
    return g;
}

bool same_crs(const std::string& a, const std::string& b) {
    if (a == b) return true;
    const OGRSpatialReference sa = make_srs(a), sb = make_srs(b);
    return sa.IsSame(&sb) != 0;
}

void reproject(Layer& layer, const std::string& to) {
    if (layer.crs.empty() || same_crs(layer.crs, to)) {
        layer.crs = to;
        return;
    }
    const Transformer t(layer.crs, to);
    for (auto& f : layer.features) f.geometry = t.apply(f.geometry);
    layer.crs = to;
}

}  // namespace omrade::geo
