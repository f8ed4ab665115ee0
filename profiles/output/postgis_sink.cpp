#include "profiles/output/postgis_sink.hpp"

#include "geo/checksum.hpp"
#include "geo/error.hpp"
#include "geo/pg_writer.hpp"
#include "profiles/input/statistics.hpp"

#include <chrono>
#include <ctime>
#include <fmt/format.h>
#include <set>
#include <stdexcept>

namespace omrade::profiles {

namespace {

// Layers drawn from the whole county, identical in every pilot's GeoPackage.
const std::set<std::string> county_layers = {"kommuner"};

std::string comment_for(const std::string& table) {
    if (table == "deso") return "DeSO i varje pilots upptagningsområde med befolkning och indikatorer (en rad per pilot och DeSO; filtrera på pilot_id)";
    if (table == "upptagningsomrade") return "upptagningsområdet för varje pilot (en rad per pilot)";
    if (table == "vardcentraler") return "vårdcentralerna med läge, för varje pilot (kolumnen pilot = ja för pilotens egen; filtrera på pilot_id)";
    if (table == "resurser") return "resurser i varje pilots upptagningsområde (filtrera på pilot_id)";
    if (table == "kommuner") return "kommungränser ritade från DeSO, alla kommuner i områdesindelningen (en gång; varje pilots GeoPackage har bara sin omgivning)";
    return "lagret " + table + " för varje pilot (filtrera på pilot_id)";
}

std::string utc_now() {
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

}  // namespace

PostgisSink::PostgisSink(PostgisTarget target) : m_target(std::move(target)) {
    if (!geo::is_pg_identifier(m_target.schema)) {
        throw UsageError("--schema '" + m_target.schema +
                         "': schemanamnet går inte att använda; använd små bokstäver a–z, siffror och _ (högst 63 tecken, inte först en siffra), t.ex. --schema omrade");
    }
}

void PostgisSink::check() const {
    // The tables every build writes (resurser only with [resurser]; write() checks it too).
    geo::check_pg_target({m_target.connection, m_target.schema, postgis_registry},
                         {"deso", "upptagningsomrade", "vardcentraler", "kommuner", postgis_build_table});
}

void PostgisSink::add_county(const std::vector<const geo::Layer*>& layers) {
    for (const geo::Layer* l : layers) {
        if (m_tables.count(l->name)) throw std::logic_error("PostGIS: lagret " + l->name + " lades till två gånger; detta är ett fel i omrade");
        add_layer(*l, true, {});
    }
}

void PostgisSink::add_pilot(const std::string& pilot_id, const std::vector<const geo::Layer*>& layers) {
    m_pilots.push_back(pilot_id);
    for (const geo::Layer* l : layers) {
        if (county_layers.count(l->name) > 0) continue;  // add_county: the whole set
        add_layer(*l, false, pilot_id);
    }
}

void PostgisSink::add_layer(const geo::Layer& layer, bool county, const std::string& pilot_id) {
    const geo::Layer* l = &layer;
    auto it = m_tables.find(l->name);
    if (it == m_tables.end()) {
        geo::Layer t;
        t.name = l->name;
        t.source = l->source;
        t.crs = l->crs;
        if (!county) t.fields.push_back({postgis_pilot_column, geo::FieldType::String});
        t.fields.insert(t.fields.end(), l->fields.begin(), l->fields.end());
        it = m_tables.emplace(l->name, std::move(t)).first;
        m_order.push_back(l->name);
    }
    geo::Layer& t = it->second;
    const std::size_t offset = county ? 0 : 1;
    if (t.fields.size() != l->fields.size() + offset) {
        throw std::logic_error("PostGIS: lagret " + l->name + " har olika kolumner i olika piloter; detta är ett fel i omrade");
    }
    for (const auto& f : l->features) {
        geo::Feature row;
        row.fid = static_cast<std::int64_t>(t.features.size()) + 1;
        if (!county) row.values.emplace_back(pilot_id);
        row.values.insert(row.values.end(), f.values.begin(), f.values.end());
        row.geometry = f.geometry;
        t.features.push_back(std::move(row));
    }
}

std::function<void(const std::string&, const std::vector<const geo::Layer*>&)> PostgisSink::collector() {
    return [this](const std::string& pilot, const std::vector<const geo::Layer*>& layers) { add_pilot(pilot, layers); };
}

std::function<void(const std::vector<const geo::Layer*>&)> PostgisSink::county_collector() {
    return [this](const std::vector<const geo::Layer*>& layers) { add_county(layers); };
}

std::string PostgisSink::write(const nlohmann::json& report, const std::filesystem::path& config_file) {
    geo::Layer build;
    build.name = postgis_build_table;
    build.fields = {{"post", geo::FieldType::String}, {"varde", geo::FieldType::String}};
    std::string pilots, tables;
    for (const auto& p : m_pilots) pilots += (pilots.empty() ? "" : ", ") + p;
    for (const auto& t : m_order) tables += (tables.empty() ? "" : ", ") + t;
    const bool synthetic = report.value("syntetiska_data", false);
    const std::vector<std::pair<std::string, std::string>> facts = {
        {"omrade_version", report.value("version", std::string())},
        {"byggd", utc_now()},
        {"konfiguration", config_file.string()},
        {"konfiguration_sha256", geo::sha256_file(config_file.string())},
        {"syntetiska_data", synthetic ? std::string("ja: ") + synthetic_label : std::string("nej")},
        {"indelning", report.contains("omraden") ? report["omraden"].value("indelning", std::string()) : std::string()},
        {"koordinatsystem", "EPSG:3006 (SWEREF 99 TM)"},
        {"piloter", pilots},
        {"tabeller", tables + ", " + postgis_build_table},
        {"byggrapport", report.dump()}};
    for (const auto& [post, varde] : facts) {
        geo::Feature f;
        f.fid = static_cast<std::int64_t>(build.features.size()) + 1;
        f.values = {post, varde};
        build.features.push_back(std::move(f));
    }

    std::vector<geo::PgTable> out;
    for (const auto& name : m_order) out.push_back({&m_tables.at(name), comment_for(name)});
    out.push_back({&build, std::string("vad schemat innehåller: omrade-version, tid, konfiguration med SHA-256, piloter och byggrapporten") +
                               (synthetic ? std::string("; ") + synthetic_label : std::string())});
    const auto result = geo::write_pg_schema({m_target.connection, m_target.schema, postgis_registry}, out);
    return fmt::format("omrade: skrev {} tabeller ({} rader) till PostGIS-schemat {} i en transaktion{}\n", out.size(), result.rows,
                       m_target.schema,
                       result.replaced.empty() ? std::string() : fmt::format("; ersatte {} tabeller från förra körningen", result.replaced.size()));
}

}  // namespace omrade::profiles
