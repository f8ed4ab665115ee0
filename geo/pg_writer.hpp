// Writing layers as tables of one schema in PostgreSQL/PostGIS, all in one transaction: every
// table of the schema that an earlier run wrote is replaced, or (on any error, or when the
// process dies) nothing changes. Tables the writer did not create are never touched: a registry
// table in the schema lists the tables it owns (as the marker file of an output folder does).
#pragma once

#include "geo/layer.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace omrade::geo {

struct PgTarget {
    std::string connection;  // GDAL connection string, "PG:host=... dbname=... user=..."
    std::string schema;      // a plain SQL identifier (is_pg_identifier); created when missing
    std::string registry;    // the table in the schema listing the tables written here
};

// A table to write: the layer (its name is the table name, a plain SQL identifier) and the
// comment shown for the table (COMMENT ON TABLE; QGIS shows it).
struct PgTable {
    const Layer* layer = nullptr;
    std::string comment;
};

// Lower-case letters, digits and '_', not starting with a digit, at most 63 bytes (PostgreSQL's
// limit), and not a reserved word: usable unquoted and read back under the same name.
bool is_pg_identifier(const std::string& name);

// The connection string without the password, for messages.
std::string pg_display(const std::string& connection);

// Connects and checks that PostGIS is installed, that the user may create the schema (or tables
// in it), and that none of `tables` exists without being in the registry. Writes nothing; throws
// DataError naming the connection and what to do.
void check_pg_target(const PgTarget& target, const std::vector<std::string>& tables = {});

struct PgWriteResult {
    std::vector<std::string> replaced;  // tables of an earlier run dropped (also those not rewritten)
    std::size_t rows = 0;               // features written
};

// In one transaction: creates the schema if needed, drops every table the registry lists, writes
// `tables` in EPSG:3006 (geometry column `geom`, primary key `fid`, GiST index), and rewrites the
// registry (tabell, beskrivning, antal_rader). Throws DataError ("inget ändrades i schemat"), with
// everything rolled back, when
// the server cannot be reached, PostGIS is missing, rights are lacking, or a table to write exists
// but is not in the registry.
PgWriteResult write_pg_schema(const PgTarget& target, const std::vector<PgTable>& tables);

}  // namespace omrade::geo
