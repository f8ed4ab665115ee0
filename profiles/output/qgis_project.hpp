// QGIS project files (.qgs): layers from the pilot's GeoPackage by relative path, styled, in a
// fixed order, opening on the catchment in SWEREF 99 TM, with one map theme per indicator.
#pragma once

#include "profiles/engine/profile.hpp"

#include "geo/writer.hpp"
#include "profiles/output/pilot_layers.hpp"
#include "profiles/output/qgis_style.hpp"

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace omrade::profiles {

// A CRS as QGIS stores it (<spatialrefsys>). QGIS resolves it by authid when srsid is set.
struct QgisCrs {
    std::string authid;
    long srsid = 0;  // QGIS's internal id (srs.db)
    long srid = 0;
    std::string description;
    std::string proj4;
    std::string wkt;
    std::string projection_acronym;
    std::string ellipsoid_acronym;
};

// SWEREF 99 TM (EPSG:3006), the CRS of every GeoPackage omrade writes.
QgisCrs sweref99tm();

struct ProjectLayer {
    std::string id;        // unique and stable within the project
    std::string name;      // shown in the layer panel (Swedish)
    std::string source;    // relative to the project file: "./x.gpkg|layername=deso"
    std::string geometry;  // "Point" or "Polygon"
    LayerSymbology symbology;
    std::string group;     // empty = top level; layers sharing a group name form one mutually exclusive group
    bool visible = true;
};

struct MapTheme {
    std::string name;
    std::vector<std::string> visible_layers;  // layer ids
};

struct Extent {
    double xmin = 0, ymin = 0, xmax = 0, ymax = 0;
};

struct QgisProject {
    std::string title;
    std::vector<ProjectLayer> layers;  // drawing order top → bottom
    Extent extent;                     // initial view, in `crs`
    QgisCrs crs = sweref99tm();
    std::vector<MapTheme> themes;
};

std::string qgis_project_xml(const QgisProject& project);
void write_qgis_project(const std::filesystem::path& path, const QgisProject& project);

// --- One pilot -----------------------------------------------------------------------------------

// Styles and project of a pilot: `gpkg_styles` for geo::write_gpkg (default style per layer; the
// deso layer gets the first indicator's), `qml` per layer name for the GeoJSON files, and the
// project (file name <pilot>.qgs beside <pilot>.gpkg).
struct PilotQgis {
    std::vector<geo::LayerStyle> gpkg_styles;
    std::vector<std::pair<std::string, std::string>> qml;  // layer name → .qml text
    QgisProject project;
};

PilotQgis pilot_qgis(const std::string& pilot_id, const std::string& title, const PilotLayers& layers,
                     const std::vector<IndicatorStyleInput>& indicators);

// Writes <dir>/geojson/<layer>.qml and <dir>/<pilot>.qgs; returns the files relative to `dir`.
std::vector<std::filesystem::path> write_pilot_qgis(const std::filesystem::path& dir, const std::string& pilot_id,
                                                    const PilotQgis& q);

// Interim source of indicator styles until the indicator engine provides them: every real
// column with at least 5 values gets county-wide quintile cuts over all areas, the column name
// as title, no unit and neutral polarity.
std::vector<IndicatorStyleInput> quintile_style_inputs(const std::vector<AreaColumn>& columns);

// The indicator engine's styles: field = indicator id, Swedish name and unit, the county-wide
// quintile cuts of published DeSO values, polarity. Indicators with fewer than five published
// DeSO values (no cuts) get no graduated style.
std::vector<IndicatorStyleInput> style_inputs(const ProfileSet& profiles);

}  // namespace omrade::profiles
