// `omrade build`: from loaded inputs to the per-pilot outputs and the build report.
#pragma once

#include "profiles/input/table.hpp"
#include "profiles/inputs.hpp"

#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace omrade::profiles {

struct BuildOptions {
    std::vector<std::string> pilots;  // ids to build; empty = all
    std::string tool_version;
    Progress progress;
    CsvFormat csv_format = CsvFormat::Intl;  // profil.csv: intl (',' and '.') or sv (';' and ',')
    // Called with each pilot's layers as its GeoPackage holds them (the PostGIS sink).
    std::function<void(const std::string& pilot, const std::vector<const geo::Layer*>& layers)> pilot_layers;
    // Called once with the layers of the whole area set (the kommun outlines), before the pilots.
    std::function<void(const std::vector<const geo::Layer*>& layers)> county_layers;
};

struct BuildResult {
    nlohmann::json report;        // also written as byggrapport.json
    std::string report_text;      // Swedish summary, also written as byggrapport.txt
    std::vector<std::filesystem::path> files;  // relative to the output directory
};

// Writes everything into `dir` (which must exist and be empty): <pilot>/<pilot>.gpkg,
// <pilot>/geojson/*.geojson, byggrapport.json, byggrapport.txt, and with an indicator
// catalogue ([indikatorer] katalog) <pilot>/profil.json and <pilot>/profil.csv with the DeSO
// layers carrying the indicator columns (output/profile_io.hpp). Throws DataError for an
// unknown pilot id.
BuildResult write_build(const Inputs& in, const std::filesystem::path& dir, const BuildOptions& options);

// A Swedish plain-text rendering of input_report (and pilots, when present).
std::string report_text(const nlohmann::json& report);

struct ProfileSet;
// The build report's "avstamning": every equation the build's accounting must satisfy (rows read
// = joined + outside; statistics rows = used + each reason; population in = assigned +
// unassigned; DeSO cells = published + suppressed + missing + too few; suppressed = primary +
// secondary), each with its terms and whether it holds. `report` is the report so far.
nlohmann::json reconciliation(const Inputs& in, const ProfileSet* profiles, const nlohmann::json& report);

}  // namespace omrade::profiles
