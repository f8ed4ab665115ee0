// Private to geo/: a GEOS reentrant context per thread, RAII handles and conversion between
// Boost.Geometry models and GEOS geometries.
#pragma once

#include "geo/geometry.hpp"

#include <geos_c.h>

#include <memory>
#include <vector>

namespace omrade::geo::detail {

// The calling thread's GEOS context (created on first use, with error and notice handlers that
// keep the last message for exceptions).
GEOSContextHandle_t geos();

// Throws std::runtime_error with GEOS's last message when `ok` is false.
void geos_check(bool ok, const char* what);

struct GeomDeleter {
    void operator()(GEOSGeometry* g) const;
};
using GeomPtr = std::unique_ptr<GEOSGeometry, GeomDeleter>;

struct PreparedDeleter {
    void operator()(const GEOSPreparedGeometry* g) const;
};
using PreparedPtr = std::unique_ptr<const GEOSPreparedGeometry, PreparedDeleter>;

GeomPtr to_geos(const MultiPolygon& mp);
GeomPtr to_geos(const Point& p);
PreparedPtr prepare(const GEOSGeometry* g);

// The polygonal part of any GEOS geometry (points and lines of collections are dropped),
// corrected to Boost's orientation.
MultiPolygon polygons_from_geos(const GEOSGeometry* g);

}  // namespace omrade::geo::detail
