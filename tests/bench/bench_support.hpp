// Shared inputs for the benchmarks: the demo data read once (reading is not what most cases
// measure), regular square grids, replicated layers for the scale case, and the process's
// memory figures from /proc.
#pragma once

#include "geo/geometry.hpp"
#include "geo/layer.hpp"
#include "profiles/engine/indicators.hpp"
#include "profiles/inputs.hpp"

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace omrade::bench {

std::filesystem::path kronoberg_dir();

// shapefiles/kronoberg/deso2025_kronoberg.gpkg, layer "deso" (115 DeSO 2025 polygons).
std::string deso_dataset();

// The DeSO layer in EPSG:3006 and its geometries, read on first use.
const geo::Layer& deso_layer();
const std::vector<geo::MultiPolygon>& deso_geometries();

// The demo configuration, its inputs (with repair, as `build` reads them) and its catalogue.
const profiles::Config& demo_config();
const profiles::Inputs& demo_inputs();
const profiles::Catalogue& demo_catalogue();

// The envelope of all geometries.
geo::Box envelope(const std::vector<geo::MultiPolygon>& geoms);

// Squares of side `cell` covering `box`, aligned to multiples of `cell` (as SCB's and
// Eurostat's grids are in EPSG:3006), row by row from the south-west.
std::vector<geo::MultiPolygon> square_grid(const geo::Box& box, double cell);

// `geoms` copied nx × ny times, copy (i, j) shifted by (i·dx, j·dy). Copy order: j, then i.
std::vector<geo::MultiPolygon> replicate(const std::vector<geo::MultiPolygon>& geoms, int nx, int ny,
                                         double dx, double dy);

// A field of /proc/self/status in KiB ("VmHWM" = peak resident set size, "VmRSS" = current).
double proc_status_kib(const std::string& field);

// Resets VmHWM to the current resident set size (Linux /proc/self/clear_refs, value 5), so that
// a case's peak is its own and not an earlier case's. False when the kernel refuses.
bool reset_peak_rss();

}  // namespace omrade::bench
