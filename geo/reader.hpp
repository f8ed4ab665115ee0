// Reading any OGR source (GPKG, Shapefile, GeoJSON, FlatGeobuf, CSV with coordinates, XLSX/ODS
// tables, PostGIS via "PG:...") into a geo::Layer.
#pragma once

#include "geo/layer.hpp"
#include "geo/source.hpp"

#include <cstdint>
#include <memory>
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
// source cannot be opened, a geometry source has no CRS, or a feature cannot be read (a cut or
// damaged file: never a silently shorter layer). Geometries are converted to Point
// or MultiPolygon (Polygon -> MultiPolygon), corrected to Boost orientation; other geometry
// types are an error naming the feature.
Layer read_layer(const SourceName& source, const ReadOptions& options = {});

// One batch of a point layer read as a stream (PointReader). Parallel vectors, one entry per
// feature in read order.
enum class PointKind : std::uint8_t { None, Located, Area };
struct PointBatch {
    std::vector<std::int64_t> fid;
    std::vector<PointKind> kind;  // None: no geometry; Area: a (multi)polygon, not a point
    std::vector<Point> xy;        // the position where kind == Located (in the reader's crs())
    std::vector<Value> value;     // the selected field (empty when none is selected)
    std::size_t size() const { return fid.size(); }
    void clear() {
        fid.clear();
        kind.clear();
        xy.clear();
        value.clear();
    }
};

// Reads a point layer in batches without holding it in memory: only the geometry and at most one
// field are read (OGR's ignored fields), positions are reprojected per batch to
// options.target_crs when the source CRS differs. Opening, CRS and geometry conversion follow
// read_layer exactly (same errors, same Point/MultiPoint rule), so a layer read here gives the
// same fids, positions and values as read_layer. FlatGeobuf and GeoPackage layers with geometry,
// and with no field or an integer, real or string one selected, are read through GDAL's Arrow
// stream (OGRLayer::GetArrowStream, RFC 86), which builds no OGRFeature per point and gives the
// same results; any other layer, and the rest of one whose stream fails, with GetNextFeature. The
// environment variable OMRADE_POINTS_NO_ARROW=1 reads every layer with GetNextFeature (to compare
// the two). Not thread-safe: one thread reads.
class PointReader {
public:
    PointReader(const SourceName& source, const ReadOptions& options = {});
    ~PointReader();
    PointReader(const PointReader&) = delete;
    PointReader& operator=(const PointReader&) = delete;

    // The layer's name, source, CRS (after reprojection) and fields; no features.
    const Layer& schema() const;
    // Reads `field` into PointBatch::value (throws DataError as Layer::require_field when it is
    // missing); without a call no field is read. Call before the first next().
    void select_field(const std::string& field);
    // Fills `batch` (cleared first) with up to max_features features; false when none were left.
    // A feature that cannot be read (a cut or damaged file) throws DataError, as in read_layer.
    bool next(PointBatch& batch, std::size_t max_features);
    // Whether next() reads through the Arrow stream: decided at the first next(), false again
    // from the feature where a stream was given up.
    bool reads_arrow() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// The names of the layers of a dataset (for messages and `check`).
std::vector<std::string> list_layers(const std::string& dataset);

}  // namespace omrade::geo
