// Data source names as QGIS writes them: "path|layername=x", "PG:dbname=... |layername=schema.t".
#pragma once

#include <filesystem>
#include <string>

namespace omrade::geo {

struct SourceName {
    std::string dataset;  // GDAL dataset name (file path or connection string)
    std::string layer;    // empty = the dataset's first (or only) layer
    // The name as the user wrote it, for messages.
    std::string display() const { return layer.empty() ? dataset : dataset + "|layername=" + layer; }
};

// Splits "dataset|layername=x". Other "|key=value" parts are rejected (UsageError is not right
// here: a config file holds them, so DataError naming the text).
SourceName parse_source(const std::string& text);

// Like parse_source, but a relative file path is taken relative to base_dir (the directory of
// the config file). Connection strings (PG:, /vsi..., URLs) are left alone.
SourceName resolve_source(const std::string& text, const std::filesystem::path& base_dir);

}  // namespace omrade::geo
