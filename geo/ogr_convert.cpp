#include "geo/ogr_convert.hpp"

#include <cmath>

namespace omrade::geo::detail {

OGRwkbGeometryType layer_geometry_type(const Layer& layer) {
    for (const auto& f : layer.features) {
        if (std::holds_alternative<Point>(f.geometry)) return wkbPoint;
        if (std::holds_alternative<MultiPolygon>(f.geometry)) return wkbMultiPolygon;
    }
    return layer.crs.empty() ? wkbNone : wkbMultiPolygon;
}

OGRFieldType ogr_field_type(FieldType type) {
    return type == FieldType::Integer ? OFTInteger64 : type == FieldType::Real ? OFTReal : OFTString;
}

std::unique_ptr<OGRGeometry> to_ogr(const Geometry& g) {
    if (const auto* p = std::get_if<Point>(&g)) return std::make_unique<OGRPoint>(p->x(), p->y());
    if (const auto* mp = std::get_if<MultiPolygon>(&g)) {
        auto out = std::make_unique<OGRMultiPolygon>();
        for (const auto& poly : *mp) {
            OGRPolygon op;
            auto ring = [](const auto& r) {
                OGRLinearRing lr;
                for (const auto& pt : r) lr.addPoint(pt.x(), pt.y());
                return lr;
            };
            OGRLinearRing outer = ring(poly.outer());
            op.addRing(&outer);
            for (const auto& inner : poly.inners()) {
                OGRLinearRing ir = ring(inner);
                op.addRing(&ir);
            }
            out->addGeometry(&op);
        }
        return out;
    }
    return nullptr;
}

void set_ogr_fields(OGRFeature& of, const Layer& layer, const Feature& f, int offset) {
    for (std::size_t k = 0; k < layer.fields.size(); ++k) {
        const int idx = offset + static_cast<int>(k);
        const Value& v = f.values.at(k);
        if (const auto* s = std::get_if<std::string>(&v)) of.SetField(idx, s->c_str());
        else if (const auto* i = std::get_if<std::int64_t>(&v)) of.SetField(idx, static_cast<GIntBig>(*i));
        else if (const auto* d = std::get_if<double>(&v)) {
            if (std::isfinite(*d)) of.SetField(idx, *d);
            else of.SetFieldNull(idx);
        } else of.SetFieldNull(idx);
    }
}

}  // namespace omrade::geo::detail
