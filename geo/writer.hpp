// Writing layers: GeoJSON per RFC 7946 and GeoPackage (EPSG:3006) with default styles.
#pragma once

#include "geo/layer.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace omrade::geo {

// RFC 7946: WGS84 lon/lat (reprojected from layer.crs), exterior rings counter-clockwise and
// holes clockwise, at most `decimals` decimals, no "crs" member. String fields stay strings
// (codes keep leading zeros), NULL values are written as null.
void write_geojson(const Layer& layer, const std::filesystem::path& path, int decimals = 6);

// A default style for a layer in the GeoPackage's `layer_styles` table (the table QGIS reads).
struct LayerStyle {
    std::string layer;  // table name
    std::string name;   // styleName
    std::string qml;    // styleQML
    std::string sld;    // styleSLD (may be empty)
    std::string description;
};

// Writes all layers into one new GeoPackage in EPSG:3006 (geometries are reprojected when the
// layer has another CRS), adds `layer_styles` rows with useAsDefault = 1, and leaves the file in
// journal_mode DELETE. The file must not exist.
void write_gpkg(const std::filesystem::path& path, const std::vector<const Layer*>& layers,
                const std::vector<LayerStyle>& styles = {});

}  // namespace omrade::geo
