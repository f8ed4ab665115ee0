#include "geo/pg_writer.hpp"

#include "geo/error.hpp"
#include "geo/gdal_session.hpp"
#include "geo/ogr_convert.hpp"
#include "geo/transform.hpp"

#include <algorithm>
#include <array>
#include <cpl_error.h>
#include <fmt/format.h>
#include <gdal_priv.h>
#include <memory>
#include <ogrsf_frmts.h>
#include <regex>
#include <set>

namespace omrade::geo {

namespace {

struct DatasetCloser {
    void operator()(GDALDataset* ds) const { GDALClose(ds); }
};
using Dataset = std::unique_ptr<GDALDataset, DatasetCloser>;

// What a message says about the server.
Where where_of(const PgTarget& t) { return {pg_display(t.connection), 0, {}, {}}; }

std::string quoted(const std::string& identifier) { return '"' + identifier + '"'; }
std::string literal(const std::string& text) {
    std::string out = "'";
    for (const char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
}

// The server's own words, without GDAL's prefix and trailing newline.
std::string server_message() {
    std::string m = detail::QuietGdal::last_message();
    while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
    for (const char* prefix : {"ERROR:  ", "FATAL:  "}) {
        const auto at = m.find(prefix);
        if (at != std::string::npos) m = m.substr(at + std::char_traits<char>::length(prefix));
    }
    // One line; the statement excerpt ("LINE 1: ..." and its caret) says nothing to a reader.
    std::string out;
    std::size_t start = 0;
    while (start <= m.size()) {
        const std::size_t end = std::min(m.find('\n', start), m.size());
        const std::string line = m.substr(start, end - start);
        const bool excerpt = line.rfind("LINE ", 0) == 0 || line.find_first_not_of(" ^") == std::string::npos;
        if (!excerpt) out += (out.empty() ? "" : " ") + line;
        start = end + 1;
    }
    return out;
}

Dataset open(const PgTarget& t) {
    detail::ensure_gdal();
    if (t.connection.rfind("PG:", 0) != 0) {
        throw DataError(where_of(t), "anslutningen till PostgreSQL ska börja med PG:",
                        "skriv t.ex. \"PG:host=localhost dbname=gis user=namn\"");
    }
    if (!is_pg_identifier(t.schema)) {
        throw DataError(where_of(t), "schemanamnet '" + t.schema + "' går inte att använda",
                        "använd små bokstäver a–z, siffror och _ (högst 63 tecken, inte först en siffra), t.ex. omrade");
    }
    CPLErrorReset();
    const char* drivers[] = {"PostgreSQL", nullptr};
    Dataset ds(static_cast<GDALDataset*>(
        GDALOpenEx(t.connection.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, drivers, nullptr, nullptr)));
    if (!ds) {
        throw DataError(where_of(t), "kan inte ansluta till PostgreSQL-servern (" + server_message() + ")",
                        "kontrollera host, port, dbname, user och lösenord, och att servern är igång");
    }
    return ds;
}

// Runs a statement; throws DataError with the server's message when it fails.
void exec(GDALDataset& ds, const PgTarget& t, const std::string& sql, const std::string& what) {
    CPLErrorReset();
    if (OGRLayer* r = ds.ExecuteSQL(sql.c_str(), nullptr, nullptr)) ds.ReleaseResultSet(r);
    if (CPLGetLastErrorType() >= CE_Failure) {
        throw DataError(where_of(t), what + " (" + server_message() + ")");
    }
}

// The rows of a query, every column as text ("" for NULL).
std::vector<std::vector<std::string>> rows(GDALDataset& ds, const PgTarget& t, const std::string& sql) {
    CPLErrorReset();
    OGRLayer* r = ds.ExecuteSQL(sql.c_str(), nullptr, nullptr);
    std::vector<std::vector<std::string>> out;
    if (r) {
        while (OGRFeature* f = r->GetNextFeature()) {
            std::vector<std::string> row;
            for (int i = 0; i < f->GetFieldCount(); ++i) row.emplace_back(f->IsFieldSetAndNotNull(i) ? f->GetFieldAsString(i) : "");
            out.push_back(std::move(row));
            OGRFeature::DestroyFeature(f);
        }
        ds.ReleaseResultSet(r);
    }
    if (CPLGetLastErrorType() >= CE_Failure) {
        throw DataError(where_of(t), "frågan till servern misslyckades (" + server_message() + ")");
    }
    return out;
}

bool is_true(const std::vector<std::vector<std::string>>& r) { return !r.empty() && !r[0].empty() && r[0][0] == "1"; }

// PostGIS present, and the right to create what the write needs. Returns whether the schema exists.
bool check_open(GDALDataset& ds, const PgTarget& t) {
    if (rows(ds, t, "SELECT extversion FROM pg_extension WHERE extname = 'postgis'").empty()) {
        const auto db = rows(ds, t, "SELECT current_database()");
        throw DataError(where_of(t), "PostGIS saknas i databasen '" + (db.empty() ? std::string() : db[0][0]) + "'",
                        "kör CREATE EXTENSION postgis; i databasen (kräver en användare som får skapa tillägg)");
    }
    const auto user = rows(ds, t, "SELECT current_user");
    const std::string who = user.empty() ? std::string() : user[0][0];
    const bool exists = !rows(ds, t, "SELECT 1 FROM pg_namespace WHERE nspname = " + literal(t.schema)).empty();
    if (exists) {
        if (!is_true(rows(ds, t, "SELECT has_schema_privilege(" + literal(t.schema) + ", 'CREATE')::int"))) {
            throw DataError(where_of(t), "användaren '" + who + "' får inte skapa tabeller i schemat '" + t.schema + "'",
                            "ge rätten med GRANT CREATE ON SCHEMA " + t.schema + " TO " + who + "; eller välj ett annat schema");
        }
    } else if (!is_true(rows(ds, t, "SELECT has_database_privilege(current_database(), 'CREATE')::int"))) {
        throw DataError(where_of(t), "schemat '" + t.schema + "' finns inte och användaren '" + who + "' får inte skapa scheman",
                        "skapa schemat åt användaren (CREATE SCHEMA " + t.schema + " AUTHORIZATION " + who + ";) eller välj ett schema som finns");
    }
    return exists;
}

// Rolls the dataset's transaction back unless it was committed: an exception leaves the schema
// as it was (GDAL would otherwise commit what is open when the dataset is closed).
class Transaction {
public:
    Transaction(GDALDataset& ds, const PgTarget& t) : m_ds(ds) {
        if (m_ds.StartTransaction(FALSE) != OGRERR_NONE) {
            throw DataError(where_of(t), "transaktionen kan inte startas (" + server_message() + ")");
        }
    }
    ~Transaction() {
        if (!m_done) m_ds.RollbackTransaction();
    }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit(const PgTarget& t) {
        m_done = true;
        CPLErrorReset();
        if (m_ds.CommitTransaction() != OGRERR_NONE || CPLGetLastErrorType() >= CE_Failure) {
            throw DataError(where_of(t), "transaktionen kan inte sparas (" + server_message() + ")");
        }
    }

private:
    GDALDataset& m_ds;
    bool m_done = false;
};

struct SchemaState {
    std::set<std::string> present;  // tables, views and the like in the schema
    std::set<std::string> owned;    // listed by the registry
};

SchemaState schema_state(GDALDataset& ds, const PgTarget& t) {
    SchemaState st;
    for (const auto& r : rows(ds, t, "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                                     "WHERE n.nspname = " + literal(t.schema) + " AND c.relkind IN ('r', 'v', 'm', 'p', 'f')")) {
        st.present.insert(r.at(0));
    }
    if (st.present.count(t.registry)) {
        for (const auto& r : rows(ds, t, "SELECT tabell FROM " + quoted(t.schema) + "." + quoted(t.registry))) st.owned.insert(r.at(0));
    }
    return st;
}

// A table to write that exists but was not written here is someone else's: never replaced.
void check_conflicts(const PgTarget& t, const SchemaState& st, const std::vector<std::string>& names) {
    for (const auto& name : names) {
        if (st.present.count(name) && !st.owned.count(name)) {
            throw DataError(where_of(t), fmt::format("tabellen {}.{} finns redan men skrevs inte här (den saknas i {}.{})",
                                                     t.schema, name, t.schema, t.registry),
                            "välj ett annat schema, eller byt namn på eller ta bort tabellen om den inte behövs");
        }
    }
}

std::size_t write_table(GDALDataset& ds, const PgTarget& t, const PgTable& table, OGRSpatialReference& sweref) {
    const Layer& layer = *table.layer;
    const Where where{pg_display(t.connection), 0, t.schema + "." + layer.name, {}};
    const OGRwkbGeometryType gtype = detail::layer_geometry_type(layer);
    std::unique_ptr<Transformer> to_sweref;
    if (gtype != wkbNone && !layer.crs.empty() && !same_crs(layer.crs, "EPSG:3006")) {
        to_sweref = std::make_unique<Transformer>(layer.crs, "EPSG:3006");
    }
    const std::string schema = "SCHEMA=" + t.schema;
    const std::string description = "DESCRIPTION=" + table.comment;
    const char* lco[] = {schema.c_str(), "GEOMETRY_NAME=geom", "FID=fid", "SPATIAL_INDEX=GIST", "LAUNDER=NO",
                         "PRECISION=NO", description.c_str(), nullptr};
    CPLErrorReset();
    OGRLayer* ol = ds.CreateLayer(layer.name.c_str(), gtype == wkbNone ? nullptr : &sweref, gtype, const_cast<char**>(lco));
    if (!ol) throw DataError(where, "tabellen kan inte skapas (" + server_message() + ")");
    for (const auto& field : layer.fields) {
        OGRFieldDefn fd(field.name.c_str(), detail::ogr_field_type(field.type));
        if (ol->CreateField(&fd) != OGRERR_NONE) {
            throw DataError({where.file, 0, where.feature, field.name}, "kolumnen kan inte skapas (" + server_message() + ")");
        }
    }
    for (const auto& f : layer.features) {
        OGRFeature of(ol->GetLayerDefn());
        detail::set_ogr_fields(of, layer, f);
        if (auto g = detail::to_ogr(to_sweref ? to_sweref->apply(f.geometry) : f.geometry)) {
            g->assignSpatialReference(&sweref);
            of.SetGeometryDirectly(g.release());
        }
        if (ol->CreateFeature(&of) != OGRERR_NONE) {
            throw DataError(where, "raden kan inte skrivas (" + server_message() + ")");
        }
    }
    // The deferred CREATE TABLE (a layer without rows) and COPY end here, inside the transaction.
    if (ol->SyncToDisk() != OGRERR_NONE) throw DataError(where, "tabellen kan inte skrivas (" + server_message() + ")");
    return layer.features.size();
}

PgWriteResult write_in_transaction(GDALDataset& ds_ref, const PgTarget& t, const std::vector<PgTable>& tables, bool schema_exists) {
    GDALDataset* ds = &ds_ref;
    OGRSpatialReference sweref;
    sweref.importFromEPSG(3006);
    sweref.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    PgWriteResult result;
    Transaction tx(*ds, t);
    // One writer per schema at a time; a second waits here until the first has committed.
    rows(*ds, t, "SELECT pg_advisory_xact_lock(hashtext(" + literal("omrade.pg_writer:" + t.schema) + "))::text");
    const std::string s = quoted(t.schema);
    if (!schema_exists) exec(*ds, t, "CREATE SCHEMA " + s, "schemat '" + t.schema + "' kan inte skapas");

    const SchemaState st = schema_state(*ds, t);
    std::vector<std::string> table_names;
    for (const auto& table : tables) table_names.push_back(table.layer->name);
    check_conflicts(t, st, table_names);
    for (const auto& name : st.owned) {
        if (!st.present.count(name)) continue;  // removed by someone else since
        exec(*ds, t, "DROP TABLE " + s + "." + quoted(name),
             fmt::format("tabellen {}.{} från förra körningen kan inte tas bort (beror en vy på den?)", t.schema, name));
        result.replaced.push_back(name);
    }
    for (const auto& table : tables) result.rows += write_table(*ds, t, table, sweref);

    // The registry last: a reader of it sees the tables of one complete run.
    const std::string reg = s + "." + quoted(t.registry);
    exec(*ds, t, "CREATE TABLE IF NOT EXISTS " + reg + " (tabell text PRIMARY KEY, beskrivning text NOT NULL, antal_rader bigint NOT NULL)",
         "registertabellen kan inte skapas");
    exec(*ds, t, "DELETE FROM " + reg, "registertabellen kan inte skrivas");
    for (const auto& table : tables) {
        exec(*ds, t, fmt::format("INSERT INTO {} VALUES ({}, {}, {})", reg, literal(table.layer->name), literal(table.comment),
                                 table.layer->features.size()),
             "registertabellen kan inte skrivas");
    }
    exec(*ds, t, "COMMENT ON TABLE " + reg + " IS " + literal("tabellerna i schemat som skrivs om vid varje körning (övriga tabeller lämnas orörda)"),
         "registertabellen kan inte skrivas");
    tx.commit(t);
    return result;
}

}  // namespace

bool is_pg_identifier(const std::string& name) {
    static const std::regex plain("[a-z_][a-z0-9_]{0,62}");
    // Reserved words that cannot be used unquoted (the common ones; PostgreSQL has more).
    static const std::set<std::string> reserved = {
        "all", "and", "any", "as", "asc", "both", "case", "check", "column", "create", "default", "desc", "distinct",
        "do", "else", "end", "except", "false", "for", "from", "grant", "group", "having", "in", "into", "is", "join",
        "limit", "not", "null", "on", "or", "order", "select", "table", "then", "to", "true", "union", "unique",
        "user", "using", "when", "where", "with"};
    return std::regex_match(name, plain) && !reserved.count(name);
}

std::string pg_display(const std::string& connection) {
    static const std::regex password(R"(password\s*=\s*('([^'\\]|\\.)*'|\S+))", std::regex::icase);
    return std::regex_replace(connection, password, "password=***");
}

void check_pg_target(const PgTarget& target, const std::vector<std::string>& tables) {
    detail::QuietGdal quiet;
    Dataset ds = open(target);
    if (check_open(*ds, target)) check_conflicts(target, schema_state(*ds, target), tables);
}

PgWriteResult write_pg_schema(const PgTarget& t, const std::vector<PgTable>& tables) {
    if (!is_pg_identifier(t.registry)) throw DataError(where_of(t), "registertabellens namn '" + t.registry + "' går inte att använda");
    std::set<std::string> names;
    for (const auto& table : tables) {
        if (!is_pg_identifier(table.layer->name) || table.layer->name == t.registry || !names.insert(table.layer->name).second) {
            throw DataError(where_of(t), "tabellnamnet '" + table.layer->name + "' går inte att använda (eller förekommer två gånger)");
        }
    }
    detail::QuietGdal quiet;
    Dataset ds = open(t);
    const bool schema_exists = check_open(*ds, t);
    try {
        return write_in_transaction(*ds, t, tables, schema_exists);
    } catch (const DataError& e) {
        throw DataError(e.where(), e.problem() + "; inget ändrades i schemat", e.hint());
    }
}

}  // namespace omrade::geo
