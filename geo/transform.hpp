// Coordinate transformation with PROJ (through OGR), always in traditional GIS axis order
// (x = easting/longitude, y = northing/latitude).
#pragma once

#include "geo/geometry.hpp"
#include "geo/layer.hpp"

#include <memory>
#include <string>
#include <vector>

namespace omrade::geo {

class Transformer {
public:
    // from/to: "EPSG:nnnn" or WKT. Throws DataError if either CRS is unknown.
    Transformer(const std::string& from, const std::string& to);
    ~Transformer();
    Transformer(const Transformer&) = delete;
    Transformer& operator=(const Transformer&) = delete;

    Point apply(const Point& p) const;
    // Transforms the points in place in one call (the same arithmetic as apply, point by point).
    // Returns the index of the first point that cannot be transformed, or points.size().
    std::size_t apply_in_place(std::vector<Point>& points) const;
    MultiPolygon apply(const MultiPolygon& mp) const;
    Geometry apply(const Geometry& g) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// True if the two CRS definitions denote the same CRS.
bool same_crs(const std::string& a, const std::string& b);

// Reprojects every geometry of the layer in place and sets layer.crs = to.
void reproject(Layer& layer, const std::string& to);

}  // namespace omrade::geo
