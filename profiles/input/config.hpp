// The build configuration (TOML, Swedish keys; DESIGN.md "Configuration"). Paths are resolved
// relative to the config file. Unknown keys are errors naming the key and the file.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace omrade::profiles {

struct StatisticsSource {
    std::string source;       // resolved source name ("path" or "path|layername=x")
    std::string format;       // "lang" (long: desokod,indikator,ar,...) | "bred" (wide) | "jsonstat" (SCB API)
    std::string code_field;   // area code column; default "desokod"
    std::optional<int> year;  // data year for wide tables without a year column
    std::vector<std::string> columns;  // wide tables: the indicator columns to use (empty = all numeric)
    bool synthetic = false;   // "syntetisk = true": demo data, every output says so
    std::string division{};   // "indelning": the source's DeSO version; empty = the areas' version
    std::string key{};        // "nyckel": correspondence key deso2018,deso2025,andel (resolved)
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
    // [upptagning.jamforelse]: extra sources per method (tabell, listning, polygoner) used only
    // for the sensitivity table kanslighet_upptagning.csv; (method, resolved source).
    std::vector<std::pair<std::string, std::string>> compare;
};

struct Pilot {
    std::string id;           // folder name under out/, [a-z0-9_-]
    std::string care_centre;  // name in the vårdcentral register
    std::string title;        // display name; default = care_centre
};

// [kontroll]: the thresholds of the plausibility checks (docs/omrade-build.md "Rimlighetskontroller").
// A check that fails is a warning in the build report, an error with --strikt.
struct PlausibilityConfig {
    double max_distance_km = 50;          // max_avstand_km: a register position this far outside the areas
    double max_population_deviation = 0.02;  // max_befolkningsavvikelse: |statistics − population| / population
    std::string population_statistic;     // befolkning_statistik: the statistics series with the population
    std::optional<int> year;              // ar: the expected data year of every indicator
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
    std::vector<StatisticsSource> statistics;  // [[statistik]]
    std::string catalogue;                  // [indikatorer] katalog
    std::string care_centres_source;        // [vardcentraler] kalla
    CatchmentConfig catchment;              // [upptagning]
    std::string resources_source;           // [resurser] kalla (optional)
    std::string resources_type_field = "typ";
    std::string resources_name_field = "namn";
    // [uppfoljning]: the vårdcentral follow-up of listed patients (long table, resolved path)
    std::string followup_source;
    bool followup_synthetic = false;        // syntetisk = true: demo data, labelled everywhere
    double min_numerator = 5;               // [roj]
    double min_denominator = 50;
    bool suppress_zero = false;             // [roj] undertryck_noll: also suppress numerator 0
    std::vector<Pilot> pilots;              // [[pilot]]
    PlausibilityConfig checks;              // [kontroll]
    bool strict = false;                    // --strikt (command line): warnings are errors
};

// Reads and validates the config. Throws DataError naming the file and key.
Config load_config(const std::filesystem::path& file);

// Every local file the config reads (the config itself, the catalogue and the file of every
// source; connection strings such as PG: are left out).
std::vector<std::filesystem::path> input_files(const Config& config);

}  // namespace omrade::profiles
