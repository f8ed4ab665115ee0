// `omrade build --postgis`: every pilot's layers, the county layers and a table describing the
// build, written into one PostgreSQL/PostGIS schema in one transaction (geo/pg_writer.hpp).
#pragma once

#include "geo/layer.hpp"

#include <filesystem>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace omrade::profiles {

// The tables of the schema that omrade wrote, with a description and the number of rows; a rerun
// replaces exactly these and leaves every other table of the schema alone.
inline constexpr const char* postgis_registry = "omrade_tabeller";
// One row per fact about the build (post, varde): version, time, configuration and its SHA-256,
// the synthetic-data label, the pilots, the whole build report as JSON.
inline constexpr const char* postgis_build_table = "omrade_bygge";
// The column added first to each pilot layer's table.
inline constexpr const char* postgis_pilot_column = "pilot_id";

struct PostgisTarget {
    std::string connection;  // "PG:host=... dbname=..."
    std::string schema = "omrade";
};

class PostgisSink {
public:
    // Throws UsageError for a schema name that is not a plain SQL identifier.
    explicit PostgisSink(PostgisTarget target);

    // Connects and checks PostGIS and rights; writes nothing (DataError, exit 1).
    void check() const;

    // A pilot's layers as its GeoPackage holds them: one table per layer with the column
    // pilot_id. The county layers (kommuner) are left out here: a pilot's GeoPackage holds only
    // its surroundings, the table every kommun of the set (add_county).
    void add_pilot(const std::string& pilot_id, const std::vector<const geo::Layer*>& layers);
    // Layers of the whole area set (every kommun outline), one table each, written once.
    void add_county(const std::vector<const geo::Layer*>& layers);
    std::function<void(const std::string&, const std::vector<const geo::Layer*>&)> collector();
    std::function<void(const std::vector<const geo::Layer*>&)> county_collector();

    // Writes everything added and omrade_bygge in one transaction. `report` is the build report
    // (byggrapport.json). Returns the Swedish line for stderr.
    std::string write(const nlohmann::json& report, const std::filesystem::path& config_file);

private:
    void add_layer(const geo::Layer& layer, bool county, const std::string& pilot_id);

    PostgisTarget m_target;
    std::vector<std::string> m_pilots;
    std::map<std::string, geo::Layer> m_tables;  // by table name
    std::vector<std::string> m_order;            // table names in the order first seen
};

}  // namespace omrade::profiles
