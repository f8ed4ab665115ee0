// In-memory geometry: Boost.Geometry models. Coordinates are in the layer's CRS (EPSG:3006 for
// all area and distance work). Polygons follow Boost's default: clockwise exterior rings, closed.
// Readers call boost::geometry::correct() so every polygon here satisfies that.
#pragma once

#include <boost/geometry.hpp>
#include <boost/geometry/geometries/box.hpp>
#include <boost/geometry/geometries/multi_point.hpp>
#include <boost/geometry/geometries/multi_polygon.hpp>
#include <boost/geometry/geometries/point_xy.hpp>
#include <boost/geometry/geometries/polygon.hpp>

#include <variant>
#include <vector>

namespace omrade::geo {

namespace bg = boost::geometry;

using Point = bg::model::d2::point_xy<double>;
using Polygon = bg::model::polygon<Point>;
using MultiPolygon = bg::model::multi_polygon<Polygon>;
using MultiPoint = bg::model::multi_point<Point>;
using Box = bg::model::box<Point>;

// A feature's geometry: none, a point or (multi)polygons. Lines are not needed by the domain.
using Geometry = std::variant<std::monostate, Point, MultiPolygon>;

inline bool is_empty(const Geometry& g) { return std::holds_alternative<std::monostate>(g); }

// Planar area in square units of the CRS (m² in EPSG:3006).
inline double area(const MultiPolygon& mp) { return bg::area(mp); }

}  // namespace omrade::geo
