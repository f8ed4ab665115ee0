// The build configuration (TOML, Swedish keys; DESIGN.md "Configuration"). Paths are resolved
// relative to the config file. Unknown keys are errors naming the key and the file.
#pragma once

#include "profiles/input/problems.hpp"
#include "profiles/input/table.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace omrade::profiles {

// A wide table's indicator column chosen by `kolumner`: the statistics id it is read as and the
// column in the file (the same for `kolumner = ["low_econ"]`, different for
// `kolumner = { low_econ = "Låg ekonomisk standard (%)" }`).
struct WideColumn {
    WideColumn(std::string name) : id(name), column(std::move(name)) {}  // NOLINT: a name is both
    WideColumn(std::string id_, std::string column_, long line_) : id(std::move(id_)), column(std::move(column_)), line(line_) {}
    std::string id;
    std::string column;
    long line = 0;  // in the config, for messages
};

struct StatisticsSource {
    std::string source;       // resolved source name ("path" or "path|layername=x")
    std::string format;       // "lang" (long: desokod,indikator,ar,...) | "bred" (wide) | "jsonstat" (SCB API)
    std::string code_field;   // area code column; default "desokod" (also read as "deso")
    std::optional<int> year;  // data year for wide tables without a year column
    // wide tables: the indicator columns to use (empty = every column with numbers; columns of
    // text only are left out and noted in the build report)
    std::vector<WideColumn> columns;
    bool synthetic = false;   // "syntetisk = true": demo data, every output says so
    std::string division{};   // "indelning": the source's DeSO version; empty = the areas' version
    std::string key{};        // "nyckel": correspondence key deso2018,deso2025,andel (resolved)
    FieldMap fields{};        // falt: other names for the columns omrade reads
    long line = 0;            // line of this [[statistik]] in the config
};

struct CatchmentConfig {
    std::string method;  // tabell | listning | narmast | polygoner
    std::string source;  // table, listing matrix or polygons (resolved)
    std::string weight_field;     // tabell: optional weight column
    std::string vc_field = "vardcentral";
    bool fractional = false;      // listning: listing-weighted shares instead of plurality
    bool allow_cross_kommun = true;  // tabell: false = a DeSO→VC across kommun borders is an error
    double min_population = 0;    // warn for catchments below this population
    double min_share_geometry = 0.5;  // fractional shares at or above this draw the catchment outline
    std::string population_points;    // narmast/polygoner: optional population points source
    std::string population_points_field;
    FieldMap fields;              // falt: other names for desokod, vardcentral, vikt / antal
    // [upptagning.jamforelse]: extra sources per method (tabell, listning, polygoner) used only
    // for the sensitivity table kanslighet_upptagning.csv; (method, resolved source).
    std::vector<std::pair<std::string, std::string>> compare;
};

struct Pilot {
    std::string id;           // folder name under out/, [a-z0-9_-]
    std::string care_centre;  // name in the vårdcentral register
    std::string title;        // display name; default = care_centre
    long line = 0;            // line of vardcentral in the config, for messages
};

// A source named in the config: the key as written ("befolkning.kalla"), the resolved source and
// the line, so that `check` can name every missing file with its line in one run.
struct ConfiguredSource {
    std::string key;
    std::string source;
    long line = 0;
};

// [kontroll]: the thresholds of the plausibility checks (docs/omrade-build.md "Rimlighetskontroller").
// A check that fails is a warning in the build report, an error with --strikt.
struct PlausibilityConfig {
    double max_distance_km = 50;          // max_avstand_km: a register position this far outside the areas
    double max_population_deviation = 0.02;  // max_befolkningsavvikelse: |statistics − population| / population
    std::string population_statistic;     // befolkning_statistik: the statistics series with the population
    long population_statistic_line = 0;
    std::optional<int> year;              // ar: the expected data year of every indicator
    long year_line = 0;
};

struct Config {
    std::filesystem::path file;  // the config file
    std::filesystem::path dir;   // its directory

    std::string title = "Områdesprofiler";
    std::string region = "Region Kronoberg";

    // [omraden]
    std::string areas_source;
    std::string areas_code_field = "desokod";
    std::string areas_version = "DeSO2025";
    bool repair_geometry = true;  // repair invalid polygons (MakeValid) and report them
    // [kommuner] optional layer of kommun outlines with kod/namn fields
    std::string kommuner_source;
    std::string kommuner_code_field = "kommunkod";
    std::string kommuner_name_field = "kommunnamn";

    std::string population_source;          // [befolkning] kalla
    FieldMap population_fields;             // [befolkning] falt
    std::vector<StatisticsSource> statistics;  // [[statistik]]
    std::string catalogue;                  // [indikatorer] katalog
    std::string care_centres_source;        // [vardcentraler] kalla
    FieldMap care_centres_fields;           // [vardcentraler] falt
    CatchmentConfig catchment;              // [upptagning]
    std::string resources_source;           // [resurser] kalla (optional)
    std::string resources_type_field = "typ";
    std::string resources_name_field = "namn";
    // [uppfoljning]: the vårdcentral follow-up of listed patients (long table, resolved path)
    std::string followup_source;
    bool followup_synthetic = false;        // syntetisk = true: demo data, labelled everywhere
    FieldMap followup_fields;               // [uppfoljning] falt
    double min_numerator = 5;               // [roj]
    double min_denominator = 50;
    bool suppress_zero = false;             // [roj] undertryck_noll: also suppress numerator 0
    std::vector<Pilot> pilots;              // [[pilot]]
    PlausibilityConfig checks;              // [kontroll]
    bool strict = false;                    // --strikt (command line): warnings are errors
    std::vector<ConfiguredSource> sources;  // every source named, in file order
    // The config line of a source key ("uppfoljning.kalla"), 0 when it is not written.
    long source_line(const std::string& key) const;
};

// Reads and validates the config. DataErrors name the file, the line and the key; an unknown key
// gets "menade du ...?" from the keys allowed there. With a collecting `problems` every section
// is read and every problem recorded (the result then holds what could be read).
Config load_config(const std::filesystem::path& file, Problems& problems = stop_at_first_problem());

// Every local file the config reads (the config itself, the catalogue and the file of every
// source; connection strings such as PG: are left out).
std::vector<std::filesystem::path> input_files(const Config& config);

}  // namespace omrade::profiles
