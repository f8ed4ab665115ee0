// Writing one result layer to a file whose format follows from its extension (GeoPackage,
// GeoJSON, CSV), atomically, with an accounting table beside it. Used by the commands that
// produce a single layer (interpolate, aggregate-points).
#pragma once

#include "geo/layer.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace omrade::geo {

enum class OutputFormat { Gpkg, GeoJson, Csv };

// .gpkg, .geojson / .json, .csv (case-insensitive); nullopt for anything else.
std::optional<OutputFormat> output_format(const std::filesystem::path& path);

// Attributes only (no geometry), comma-separated, header row, UTF-8, through GDAL's CSV driver.
// The file must not exist.
void write_csv(const Layer& layer, const std::filesystem::path& path);

// An accounting as a table without geometry: one row per item, fields `post` and `varde`.
Layer accounting_table(const std::vector<std::pair<std::string, std::string>>& rows);

// The side file that holds the accounting for GeoJSON and CSV output: "<path>.redovisning.csv".
std::filesystem::path accounting_path(const std::filesystem::path& path);

// Writes `layer` to `path` in the format of its extension, and `accounting` into the GeoPackage as
// the table `redovisning` or, for GeoJSON and CSV, to accounting_path(path). Everything is written
// beside the target first and then renamed, so no half-written output remains after an error.
// Existing files are replaced only when `overwrite` is set (otherwise DataError).
void write_result(const Layer& layer, const Layer& accounting, const std::filesystem::path& path, bool overwrite);

}  // namespace omrade::geo
