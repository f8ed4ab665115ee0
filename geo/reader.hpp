// Reading any OGR source (GPKG, Shapefile, GeoJSON, FlatGeobuf, CSV with coordinates, XLSX/ODS
// tables, PostGIS via "PG:...") into a geo::Layer.
#pragma once

#include "geo/layer.hpp"
#include "geo/source.hpp"

#include <string>
#include <vector>

namespace omrade::geo {

struct ReadOptions {
    // Reproject geometries to this CRS on read ("" = keep the source CRS).
    std::string target_crs = "EPSG:3006";
    // A source with geometry but no CRS is an error unless assume_crs is set.
    std::string assume_crs;
    // For CSV sources with coordinate columns (GDAL's X_POSSIBLE_NAMES / Y_POSSIBLE_NAMES).
    std::string x_field;
    std::string y_field;
    // Read attributes only, ignore geometry (statistics tables).
    bool attributes_only = false;
};

// Reads one layer. Throws DataError naming the source when the file or layer is missing, the
// source cannot be opened, or a geometry source has no CRS. Geometries are converted to Point
// or MultiPolygon (Polygon -> MultiPolygon), corrected to Boost orientation; other geometry
// types are an error naming the feature.
Layer read_layer(const SourceName& source, const ReadOptions& options = {});

// The names of the layers of a dataset (for messages and `check`).
std::vector<std::string> list_layers(const std::string& dataset);

}  // namespace omrade::geo
