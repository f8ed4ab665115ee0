// The printable report of one pilot (profil.html) and the overview (index.html) as plain data.
// report_fill decides the numbers (every indicator figure from the engine's ProfileSet); the
// renderers only format and draw. Numbers are raw doubles; the renderers write them in Swedish
// format. Geometry is EPSG:3006.
#pragma once

#include "geo/geometry.hpp"

#include <optional>
#include <string>
#include <vector>

namespace omrade::profiles::report {

// Why a value is absent. Suppressed ≠ missing ≠ too few ≠ zero.
enum class CellStatus {
    ok,
    missing,     // "saknas"
    too_few,     // "för få för beräkning"
    suppressed,  // "undertryckt" (disclosure control)
};

struct Cell {
    std::optional<double> value;  // set when status == ok
    CellStatus status = CellStatus::missing;
    std::string reason;  // Swedish, shown in a footnote/tooltip, e.g. "färre än 5 händelser"

    static Cell of(double v) { return {v, CellStatus::ok, {}}; }
};

struct SourceFile {
    std::string kind;    // "områden", "befolkning", "statistik (syntetisk)", ...
    std::string source;  // as configured
    std::string sha256;
};

struct Provenance {
    std::string tool_version;
    std::string built;          // date of the build, ISO 8601 (YYYY-MM-DD)
    std::string area_division;  // "DeSO2025"
    std::string data_years;     // e.g. "2022–2024"
    std::string catchment_method;
    std::string config_file;
    std::vector<SourceFile> inputs;
    bool synthetic = false;  // any synthetic input: the label is shown prominently
};

struct KeyFigure {
    std::string label;
    Cell value;
    std::string unit;  // "" | "%" | "km²" | "st" ...
    int decimals = 0;
    std::string note;
};

// Counts by age band and sex for the area and, for comparison, the county.
struct AgePyramid {
    std::vector<std::string> bands;  // youngest first, e.g. "0-4" ... "80+"
    std::vector<double> men, women;  // the area (catchment-weighted)
    std::vector<double> county_men, county_women;  // empty = no county comparison
};

// One indicator of the profile.
struct IndicatorRow {
    std::string id;
    std::string name;  // Swedish
    std::string unit;  // "%", "per 100 000", "tkr" ...
    std::string year;  // "2024" or "2022–2024"
    int decimals = 1;
    Cell value;                            // the area
    std::optional<double> lower, upper;    // confidence interval of the area's value
    Cell county;                           // county value (the benchmark), or why it is absent
    std::string comparison;                // Swedish text: "bättre", "likvärdigt", "sämre", "högre", "lägre", "ej jämförd"
    std::string comparison_colour;         // "#RRGGBB" background for the comparison cell
    std::optional<double> deso_min, deso_max;  // range over the area's DeSOs (published values)
    std::string deso_range_note;  // why the range is absent, e.g. "alla undertryckta"
    std::size_t deso_published = 0, deso_count = 0;  // the range is over deso_published of deso_count DeSOs
    // County distribution over all DeSOs, for the spine chart.
    std::optional<double> county_min, county_q1, county_q3, county_max;
    std::string spine_note;     // set: the spine chart shows this text instead (e.g. counts)
    std::string target;         // "< 50 %" or ""
    std::string target_status;  // "uppnått" | "inte uppnått" | ""
    bool synthetic = false;     // derived from synthetic data
    std::string note;           // method remark shown under the table
    // Utveckling: the trend or change word of the area (series of two years or more; empty =
    // a single year), its colour by polarity, an arrow, and the method or why it is not computed.
    std::string trend{};
    std::string trend_colour{};
    std::string trend_arrow{};
    std::string trend_reason{};
    bool converted = false;  // some year was converted from DeSO 2018
};

// A small line chart of one indicator's series: the area with its 95 % band, the county, the
// target line.
struct SeriesChart {
    std::string id;
    std::string name;
    std::string unit;
    int decimals = 1;
    std::vector<int> years;
    std::vector<Cell> area;                          // per year
    std::vector<std::optional<double>> lower, upper;  // per year, the area's 95 % interval
    std::vector<Cell> county;                        // per year
    std::optional<double> target{};
    std::string target_text{};   // "högst 50 %"
    std::string word{};          // the area's trend/change word
    std::string word_colour{};
    std::string reason{};        // method or why not computed
    std::string summary{};       // "60,0 % 2024 (71,0 % 2023), mål högst 50 %"
    bool synthetic = false;
};

// The county's SII per year for one indicator, and the verdict on the gap.
struct GapChart {
    std::string id;
    std::string name;
    std::string unit;
    int decimals = 1;
    std::vector<int> years;
    std::vector<Cell> sii;
    std::vector<std::optional<double>> lower, upper;
    std::string verdict{};  // "skillnaden minskar", "skillnaden ökar", "ingen säker förändring", "kan inte beräknas"
    std::string reason{};
    bool synthetic = false;
};

struct Domain {
    std::string name;  // "Socioekonomi", "Hälsa", ...
    std::vector<IndicatorRow> rows;
};

struct DesoColumn {
    std::string name;  // header (Swedish)
    std::string unit;
    int decimals = 1;
};

struct DesoRow {
    std::string code;
    std::string kommun;  // name
    double share = 1;    // share of the DeSO in the catchment
    std::string shared_with;  // the other VCs of a shared DeSO ("Birka 17 %, …"), or ""
    Cell population;
    std::vector<Cell> cells;  // parallel to ReportInput::deso_columns
};

// One choropleth: every DeSO in `ReportInput::map_areas` coloured by class.
struct MapLayer {
    std::string title;  // "Låg ekonomisk standard, andel (%) 2024"
    std::string unit;
    int decimals = 1;
    std::vector<int> classes;      // per map area: 1..class count, 0 = no class (see statuses)
    std::vector<CellStatus> statuses;  // per map area
    std::vector<double> cuts;      // inner class boundaries (class count − 1), ascending
    std::optional<double> low, high;  // county minimum and maximum (for the legend's ends)
    std::string classification = "kvintiler i länet";
    bool synthetic = false;
};

struct MapArea {
    std::string code;
    geo::MultiPolygon geometry;  // EPSG:3006
    bool in_catchment = false;
    bool partial = false;  // in the catchment with a share below 1 (shared with another VC)
};

struct MapPoint {
    std::string name;
    geo::Point position;  // EPSG:3006
    bool pilot = false;
};

// Key figures of one catchment method, for the sensitivity table.
struct SensitivityRow {
    std::string method;  // Swedish label of the catchment method
    std::vector<Cell> cells;  // parallel to ReportInput::sensitivity_columns
    std::string note;
};

// "Inom vårdcentralen": the pilot vårdcentral's own listed-patient values beside the same measure
// for the area's residents (runt och inom), filled from the follow-up (followup_html.hpp).
struct InsideRow {
    std::string indicator;   // name
    std::string period;      // "tertial 3 2025"
    std::string value;       // "92,1 %" or "undertryckt" / "ingen data"
    std::string interval;    // "90,2–93,7"
    std::string county;      // the county's value
    std::string funnel;      // funnel word, e.g. "högre (utanför 99,8 %)"
    std::string funnel_colour;
    std::string level;       // target level or status
    std::string level_colour;
    std::string change;      // since the previous period
    std::string trend;
    std::string residents;   // the area residents' value of the same measure, or ""
};
struct InsideSection {
    std::vector<InsideRow> rows;
    std::vector<std::pair<std::string, std::string>> funnels;  // (title, SVG with the pilot marked)
    bool synthetic = false;
    std::string href;        // the follow-up page, relative to profil.html
    std::string residents_label;  // e.g. "Invånarna i området (upptagningsområdet)"
};

// One row of "Definitioner och källor": what an indicator measures and where it comes from.
struct Definition {
    std::string name;
    std::string definition;  // the catalogue's beskrivning
    std::string unit;
    std::string kind;        // "andel", "kvot per 100 000", "åldersstandardiserad kvot", ...
    std::string source;      // the catalogue's datakalla
    std::string years;       // "2024" or "2022–2024"
    bool synthetic = false;
};

struct ReportInput {
    std::string title;          // config title
    std::string region;         // "Region Kronoberg"
    std::string pilot_id;
    std::string pilot_title;    // "Teleborg vårdcentral"
    std::string care_centre;
    Provenance provenance;
    std::vector<KeyFigure> key_figures;
    AgePyramid pyramid;
    std::vector<Domain> domains;
    std::vector<DesoColumn> deso_columns;
    std::vector<DesoRow> deso_rows;
    std::vector<MapArea> map_areas;
    geo::MultiPolygon catchment;  // outline
    std::vector<MapPoint> centres;  // vårdcentraler shown on the maps
    std::vector<MapLayer> maps;
    std::vector<DesoColumn> sensitivity_columns;
    std::vector<SensitivityRow> sensitivity;
    std::vector<std::string> notes;  // method notes (Swedish paragraphs)
    // Shared DeSOs: which VCs the area shares DeSOs (or its register position) with and at what
    // share, as Swedish paragraphs shown with the key figures and the DeSO table; empty = none.
    std::vector<std::string> sharing{};
    std::vector<Definition> definitions{};
    // Where the population table (key figure) and a population indicator (befolkning = true)
    // both appear: the two figures and why they differ; empty = only one population figure.
    std::string population_note{};
    std::vector<SeriesChart> development{};  // Utveckling: indicators with two years or more
    std::vector<GapChart> gaps{};            // the county's SII per year and the gap verdict
    double min_numerator = 5;        // disclosure thresholds, for the suppression footnote
    double min_denominator = 50;
    std::optional<InsideSection> inside{};   // Inom vårdcentralen, when the build has a follow-up
};

// The overview page out/index.html.
struct IndexLink {
    std::string label;  // "Områdesprofil", "GeoPackage", "QGIS-projekt"
    std::string href;   // relative to index.html
};

struct IndexTrend {
    std::string indicator;
    std::string word;
    std::string colour;
    std::string arrow;
};

struct IndexPilot {
    std::string id;
    std::string title;
    std::vector<KeyFigure> key_figures;
    std::vector<IndexLink> links;  // the first is also the title's link
    std::vector<IndexTrend> trends{};  // the pilot's trend or change per indicator with a series
    std::string sharing{};  // why its figures equal another pilot's or VC's (shared DeSOs), or ""
};

struct IndexCentre {
    std::string name;
    std::string kommun;
    bool pilot = false;
    std::vector<Cell> cells;  // parallel to IndexInput::columns
    // The follow-up: level or target status per IndexInput::followup_columns, with colours.
    std::vector<std::pair<std::string, std::string>> levels{};
    std::string note{};  // e.g. "samma läge i registret som Birka, Centrum: …", or ""
};

struct IndexInput {
    std::string title;
    std::string region;
    Provenance provenance;
    std::vector<IndexPilot> pilots;
    std::vector<DesoColumn> columns;
    std::vector<IndexCentre> centres;
    std::vector<std::string> notes;
    std::string followup_href{};                  // "uppfoljning/uppfoljning.html" or ""
    std::vector<std::string> followup_columns{};  // indicators with a target, short names
    std::vector<std::string> followup_summary{};  // "13 av 32 når 90 % eller högre" etc.
    bool followup_synthetic = false;
};

// Swedish text of a status: "", "saknas", "för få för beräkning", "undertryckt".
const char* status_text(CellStatus s);

}  // namespace omrade::profiles::report
