// The vårdcentral register: name, kommun, position (EPSG:3006, may be unknown), listed patients.
#pragma once

#include "profiles/input/problems.hpp"
#include "profiles/input/table.hpp"

#include "geo/error.hpp"

#include "geo/geometry.hpp"

#include <optional>
#include <string>
#include <vector>

namespace omrade::profiles {

struct CareCentre {
    std::string name;              // unique key, as in the catchment table
    std::string kommun;            // 4-digit kommun code; may lie outside the county
    std::optional<geo::Point> position;  // EPSG:3006; nullopt = unknown
    std::string position_quality;  // "osm", "tatort", "okand", ... (register's `lage`)
    std::optional<double> listed;  // listed patients, when the register has them
    std::string operator_kind;     // "region" | "privat" | "" (driftform)
    long line = 0;                 // line in the register, for messages
    std::optional<geo::Point> lonlat;  // the register's lon/lat as written (WGS84 registers only)
};

// A name matched to the register other than letter for letter ("Vårdcentralen Alvesta",
// "alvesta ", "TINGSRYD"): the build report lists every one, so that a near name is never taken
// for a register name unseen.
struct LooseMatch {
    std::string written;   // as in the input
    std::string name;      // the register's name
    std::string file;      // the input
    long line = 0;         // first line
    std::size_t count = 0; // rows with this spelling
};

struct CareCentreRegister {
    std::string source;
    std::vector<CareCentre> centres;
    std::optional<std::size_t> find(const std::string& name) const;
    // Filled by match_care_centre (readers get the register const; the log is not its data).
    mutable std::vector<LooseMatch> loose_matches;
};

// The form in which vårdcentral names are compared: case and surrounding spaces ignored, runs of
// spaces as one, a leading "Vårdcentralen" / "Vårdcentral" (any case, "Vardcentralen" too) left out.
// å/ä/ö are kept: "Slandan" is not "Sländan" (it gets "menade du 'Sländan'?").
std::string care_centre_key(std::string_view name);

// A vårdcentral named in another input (catchment table, listing, polygons, the follow-up of
// listed patients, [[pilot]]) matched to the register: the one matcher every reader uses, so
// that a name means the same vårdcentral everywhere. The exact name first, then by
// care_centre_key (recorded in loose_matches). An unknown name is a DataError at `where` (file,
// line or feature, field) naming the name and the register, with "menade du ...?" when a
// register name is near.
std::size_t match_care_centre(const CareCentreRegister& centres, const std::string& name, const Where& where);

// Reads the register from a CSV with columns vardcentral and lat/lon (WGS84) or
// x_sweref99tm/y_sweref99tm, optional kommunkod, lage, driftform and a listing column
// (`listade` or `listade_*`); or from any OGR point layer with a `vardcentral` field.
// Errors name file, line and field: duplicate names, coordinates that are not numbers.
// Rows without coordinates are kept with position = nullopt. Two names with the same
// care_centre_key are an error (names in other inputs could not be told apart). Column names as
// TextTable::column compares them, `fields` for other names; with a collecting `problems`
// every bad row is recorded.
CareCentreRegister read_care_centres(const std::string& source, const FieldMap& fields = {},
                                     Problems& problems = stop_at_first_problem());

// The column of listed patients: "listade", or the single "listade_*" column (e.g.
// listade_2025_05_01 as in the register). Throws DataError when several "listade_*" columns exist.
std::optional<std::size_t> listing_column(const TextTable& t);

}  // namespace omrade::profiles
