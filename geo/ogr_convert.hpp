// Private to geo/: geo::Layer values and geometries as OGR objects, shared by the writers
// (GeoPackage, PostGIS). Not included by public headers.
#pragma once

#include "geo/layer.hpp"

#include <memory>
#include <ogrsf_frmts.h>

namespace omrade::geo::detail {

// The layer's geometry type: that of its first feature with a geometry; wkbNone for a table
// without geometry (no CRS).
OGRwkbGeometryType layer_geometry_type(const Layer& layer);

// OFTInteger64, OFTReal or OFTString.
OGRFieldType ogr_field_type(FieldType type);

// nullptr for an empty geometry.
std::unique_ptr<OGRGeometry> to_ogr(const Geometry& g);

// Sets the fields [offset, offset + layer.fields.size()) of `of` from `f`; NULL and non-finite
// reals become NULL fields.
void set_ogr_fields(OGRFeature& of, const Layer& layer, const Feature& f, int offset = 0);

}  // namespace omrade::geo::detail
