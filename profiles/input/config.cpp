#include "profiles/input/config.hpp"

#include "geo/error.hpp"
#include "geo/source.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <toml++/toml.h>

namespace omrade::profiles {

namespace {

class TableReader {
public:
    TableReader(const toml::table& table, std::string path, Config& cfg, Problems& problems)
        : m_table(table), m_path(std::move(path)), m_cfg(cfg), m_problems(problems) {}

    // Every key must be one of `allowed`; each unknown key is a problem of its own.
    void only(std::initializer_list<const char*> allowed) const {
        const std::vector<std::string> ok(allowed.begin(), allowed.end());
        for (const auto& [key, node] : m_table) {
            const std::string k(key.str());
            if (std::find(ok.begin(), ok.end(), k) != ok.end()) continue;
            std::string list;
            for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
            const auto near = closest_name(k, ok);
            m_problems.add(DataError(where(k, node), "okänd nyckel",
                                     (near ? "menade du '" + *near + "'? " : std::string()) + "tillåtna nycklar här: " + list));
        }
    }

    // falt = { taljare = "Antal", ... }: omrade's column names → the user's.
    FieldMap fields() const {
        FieldMap map;
        map.config_file = m_cfg.file.string();
        map.section = m_path;
        const auto* node = m_table.get("falt");
        if (!node) return map;
        const auto* tbl = node->as_table();
        if (!tbl) {
            throw DataError(where("falt", *node), "ska vara en tabell, t.ex. falt = { taljare = \"Antal\" }",
                            "nyckeln är omrades namn på kolumnen, värdet rubriken i din fil");
        }
        for (const auto& [key, value] : *tbl) {
            const auto* s = value.as_string();
            if (!s) throw DataError(where("falt." + std::string(key.str()), value), "ska vara en textsträng (kolumnens rubrik i filen)");
            map.entries.push_back({std::string(key.str()), s->get(), static_cast<long>(value.source().begin.line)});
        }
        return map;
    }

    std::optional<std::string> text(const char* key) const {
        const auto* node = m_table.get(key);
        if (!node) return std::nullopt;
        if (const auto* s = node->as_string()) return s->get();
        throw DataError(where(key, *node), "ska vara en textsträng");
    }
    std::string required_text(const char* key) const {
        if (auto s = text(key)) return *s;
        throw DataError(where(key), "nyckeln saknas", "den behövs i [" + m_path + "]");
    }
    std::optional<double> number(const char* key) const {
        const auto* node = m_table.get(key);
        if (!node) return std::nullopt;
        if (auto v = node->value<double>()) {
            // TOML allows nan and inf; a nan threshold would compare false and switch a check
            // (or disclosure control, [roj]) off without a word.
            if (!std::isfinite(*v)) throw DataError(where(key, *node), "ska vara ett ändligt tal, inte nan eller inf");
            return *v;
        }
        throw DataError(where(key, *node), "ska vara ett tal");
    }
    std::optional<bool> boolean(const char* key) const {
        const auto* node = m_table.get(key);
        if (!node) return std::nullopt;
        if (const auto* b = node->as_boolean()) return b->get();
        throw DataError(where(key, *node), "ska vara true eller false");
    }
    std::vector<std::string> texts(const char* key) const {
        std::vector<std::string> out;
        const auto* node = m_table.get(key);
        if (!node) return out;
        const auto* arr = node->as_array();
        if (!arr) throw DataError(where(key, *node), "ska vara en lista med textsträngar");
        for (const auto& item : *arr) {
            const auto* s = item.as_string();
            if (!s) throw DataError(where(key, item), "ska vara en lista med textsträngar");
            out.push_back(s->get());
        }
        return out;
    }
    // A source path resolved against the config's directory (kept as text "path|layername=x"),
    // recorded in Config::sources with its line.
    std::optional<std::string> source(const char* key) const {
        auto s = text(key);
        if (!s) return std::nullopt;
        const auto name = geo::resolve_source(*s, m_cfg.dir);
        m_cfg.sources.push_back({qualified(key), name.display(), line_of(key)});
        return name.display();
    }

    Where where(const std::string& key, const toml::node& node) const {
        return {m_cfg.file.string(), static_cast<long>(node.source().begin.line), {}, qualified(key)};
    }
    // The key's line when it is written, else the line of the table (a missing key).
    Where where(const std::string& key) const { return {m_cfg.file.string(), line_of(key), {}, qualified(key)}; }
    long line_of(const std::string& key) const {
        if (const auto* node = m_table.get(key)) return static_cast<long>(node->source().begin.line);
        return static_cast<long>(m_table.source().begin.line);
    }
    Problems& problems() const { return m_problems; }

private:
    std::string qualified(const std::string& key) const { return m_path.empty() ? key : m_path + "." + key; }
    const toml::table& m_table;
    std::string m_path;
    Config& m_cfg;
    Problems& m_problems;
};

const toml::table* subtable(const toml::table& root, const char* key, const Config& cfg) {
    const auto* node = root.get(key);
    if (!node) return nullptr;
    if (const auto* t = node->as_table()) return t;
    throw DataError({cfg.file.string(), static_cast<long>(node->source().begin.line), {}, key},
                    "ska vara en tabell [" + std::string(key) + "]");
}

}  // namespace

Config load_config(const std::filesystem::path& file, Problems& problems) {
    Config cfg;
    cfg.file = file;
    cfg.dir = std::filesystem::absolute(file).parent_path();
    if (!std::filesystem::exists(file)) {
        throw DataError({file.string(), 0, {}, {}}, "konfigurationsfilen finns inte", "ange en fil med --config");
    }
    toml::table root;
    try {
        root = toml::parse_file(file.string());
    } catch (const toml::parse_error& e) {
        throw DataError({file.string(), static_cast<long>(e.source().begin.line), {}, {}},
                        "ogiltig TOML: " + std::string(e.description()));
    }
    const TableReader top(root, "", cfg, problems);
    top.only({"titel", "region", "omraden", "kommuner", "befolkning", "statistik", "indikatorer",
              "vardcentraler", "upptagning", "resurser", "uppfoljning", "roj", "pilot", "kontroll"});
    // Each section is read on its own: in `check` a problem in one does not hide the next.
    problems.attempt([&] {
        if (auto s = top.text("titel")) cfg.title = *s;
        if (auto s = top.text("region")) cfg.region = *s;
    });

    problems.attempt([&] {
        const auto* omr = subtable(root, "omraden", cfg);
        if (!omr) throw DataError(top.where("omraden"), "tabellen [omraden] saknas", "ange områdeskällan med kalla = ...");
        const TableReader t(*omr, "omraden", cfg, problems);
        t.only({"kalla", "kod", "indelning", "laga_geometri"});
        t.required_text("kalla");
        cfg.areas_source = *t.source("kalla");
        if (auto s = t.text("kod")) cfg.areas_code_field = *s;
        if (auto s = t.text("indelning")) cfg.areas_version = *s;
        if (auto b = t.boolean("laga_geometri")) cfg.repair_geometry = *b;
    });
    problems.attempt([&] {
        const auto* k = subtable(root, "kommuner", cfg);
        if (!k) return;
        const TableReader t(*k, "kommuner", cfg, problems);
        t.only({"kalla", "kod", "namn"});
        t.required_text("kalla");
        cfg.kommuner_source = *t.source("kalla");
        if (auto s = t.text("kod")) cfg.kommuner_code_field = *s;
        if (auto s = t.text("namn")) cfg.kommuner_name_field = *s;
    });
    problems.attempt([&] {
        const auto* b = subtable(root, "befolkning", cfg);
        if (!b) return;
        const TableReader t(*b, "befolkning", cfg, problems);
        t.only({"kalla", "falt"});
        t.required_text("kalla");
        cfg.population_source = *t.source("kalla");
        cfg.population_fields = t.fields();
    });
    if (const auto* node = root.get("statistik")) {
        const auto* arr = node->as_array();
        if (!arr) problems.add(DataError(top.where("statistik", *node), "ska skrivas [[statistik]]"));
        for (std::size_t n = 0; arr && n < arr->size(); ++n) {
            const auto& item = *arr->get(n);
            problems.attempt([&] {
                const auto* tbl = item.as_table();
                if (!tbl) throw DataError(top.where("statistik", item), "ska skrivas [[statistik]]");
                const TableReader t(*tbl, "statistik", cfg, problems);
                t.only({"kalla", "format", "kod", "ar", "kolumner", "falt", "syntetisk", "indelning", "nyckel"});
                StatisticsSource s;
                s.line = static_cast<long>(tbl->source().begin.line);
                t.required_text("kalla");
                s.source = *t.source("kalla");
                s.format = t.text("format").value_or("lang");
                if (s.format != "lang" && s.format != "bred" && s.format != "jsonstat") {
                    const auto near = closest_name(s.format, {"lang", "bred", "jsonstat"});
                    throw DataError(t.where("format"), "okänt format '" + s.format + "'",
                                    (near ? "menade du '" + *near + "'? " : std::string()) +
                                        "använd lang, bred eller jsonstat (SCB:s API, JSON-stat2)");
                }
                s.code_field = t.text("kod").value_or("desokod");
                if (auto y = t.number("ar")) {
                    // Checked before the cast: a value outside int's range (1e30, nan) is undefined behaviour.
                    if (*y != std::floor(*y) || *y < 1900 || *y > 2100) throw DataError(t.where("ar"), "ska vara ett årtal, t.ex. 2024");
                    s.year = static_cast<int>(*y);
                }
                if (const auto* k = tbl->get("kolumner"); k && k->as_table()) {
                    for (const auto& [id, col] : *k->as_table()) {
                        const auto* c = col.as_string();
                        if (!c) throw DataError(t.where("kolumner." + std::string(id.str()), col), "ska vara en textsträng (kolumnens rubrik i filen)");
                        s.columns.push_back({std::string(id.str()), c->get(), static_cast<long>(col.source().begin.line)});
                    }
                } else {
                    for (const auto& c : t.texts("kolumner")) s.columns.push_back({c, c, t.line_of("kolumner")});
                }
                if (!s.columns.empty() && s.format != "bred") {
                    throw DataError(t.where("kolumner"), "kolumner gäller bara breda tabeller (format = \"bred\")",
                                    "för andra namn på kolumnerna i en lång tabell: falt = { taljare = \"...\" }");
                }
                s.fields = t.fields();
                s.synthetic = t.boolean("syntetisk").value_or(false);
                s.division = t.text("indelning").value_or("");
                if (!s.division.empty() && s.division != cfg.areas_version) {
                    if (s.division != "DeSO2018" || cfg.areas_version != "DeSO2025") {
                        throw DataError(t.where("indelning"),
                                        "indelningen " + s.division + " kan inte räknas om till " + cfg.areas_version,
                                        "omrade räknar om DeSO2018 till DeSO2025 med en nyckel");
                    }
                    if (!t.text("nyckel")) {
                        throw DataError(t.where("indelning"), "statistik i DeSO2018 behöver en nyckel till DeSO2025",
                                        "ange nyckel = \"deso2018_deso2025_nyckel.csv\" (kolumner deso2018,deso2025,andel)");
                    }
                    s.key = *t.source("nyckel");
                } else if (t.text("nyckel")) {
                    throw DataError(t.where("nyckel"), "en nyckel används bara med indelning = \"DeSO2018\"",
                                    "ta bort nyckel eller ange indelning");
                }
                cfg.statistics.push_back(std::move(s));
            });
        }
    }
    problems.attempt([&] {
        const auto* i = subtable(root, "indikatorer", cfg);
        if (!i) return;
        const TableReader t(*i, "indikatorer", cfg, problems);
        t.only({"katalog"});
        t.required_text("katalog");
        cfg.catalogue = *t.source("katalog");
        // Caught here so that `check` finds it too, not only `build`.
        if (!std::filesystem::exists(cfg.catalogue)) {
            const std::string missing = cfg.catalogue;
            cfg.catalogue.clear();
            throw DataError(t.where("katalog"), "indikatorkatalogen " + missing + " finns inte",
                            "sökvägen är relativ till konfigurationsfilen");
        }
    });
    problems.attempt([&] {
        const auto* v = subtable(root, "vardcentraler", cfg);
        if (!v) return;
        const TableReader t(*v, "vardcentraler", cfg, problems);
        t.only({"kalla", "falt"});
        t.required_text("kalla");
        cfg.care_centres_source = *t.source("kalla");
        cfg.care_centres_fields = t.fields();
    });
    problems.attempt([&] {
        const auto* u = subtable(root, "upptagning", cfg);
        if (!u) return;
        const TableReader t(*u, "upptagning", cfg, problems);
        t.only({"metod", "kalla", "vikt", "vardcentral", "falt", "fraktionell", "tillat_over_kommungrans",
                "min_befolkning", "min_andel_karta", "befolkningspunkter", "befolkningsfalt", "jamforelse"});
        auto& c = cfg.catchment;
        c.method = t.required_text("metod");
        if (c.method != "tabell" && c.method != "listning" && c.method != "narmast" && c.method != "polygoner") {
            const auto near = closest_name(c.method, {"tabell", "listning", "narmast", "polygoner"});
            const std::string bad = c.method;
            c.method.clear();
            throw DataError(t.where("metod"), "okänd metod '" + bad + "'",
                            (near ? "menade du '" + *near + "'? " : std::string()) +
                                "använd tabell, listning, narmast eller polygoner");
        }
        if (auto s = t.source("kalla")) c.source = *s;
        if (c.source.empty() && c.method != "narmast") {
            const std::string method = c.method;
            c.method.clear();
            throw DataError(t.where("kalla"), "metoden " + method + " behöver en källa (kalla = ...)");
        }
        if (auto s = t.text("vikt")) c.weight_field = *s;
        if (auto s = t.text("vardcentral")) c.vc_field = *s;
        c.fields = t.fields();
        if (auto b = t.boolean("fraktionell")) c.fractional = *b;
        if (auto b = t.boolean("tillat_over_kommungrans")) c.allow_cross_kommun = *b;
        if (auto n = t.number("min_befolkning")) c.min_population = *n;
        if (auto n = t.number("min_andel_karta")) c.min_share_geometry = *n;
        if (auto s = t.source("befolkningspunkter")) c.population_points = *s;
        if (auto s = t.text("befolkningsfalt")) c.population_points_field = *s;
        if (const auto* j = subtable(*u, "jamforelse", cfg)) {
            const TableReader jt(*j, "upptagning.jamforelse", cfg, problems);
            jt.only({"tabell", "listning", "polygoner"});
            for (const char* m : {"tabell", "listning", "polygoner"}) {
                if (auto src = jt.source(m)) c.compare.emplace_back(m, *src);
            }
        }
    });
    problems.attempt([&] {
        const auto* r = subtable(root, "resurser", cfg);
        if (!r) return;
        const TableReader t(*r, "resurser", cfg, problems);
        t.only({"kalla", "typ", "namn"});
        t.required_text("kalla");
        cfg.resources_source = *t.source("kalla");
        if (auto s = t.text("typ")) cfg.resources_type_field = *s;
        if (auto s = t.text("namn")) cfg.resources_name_field = *s;
    });
    problems.attempt([&] {
        const auto* r = subtable(root, "uppfoljning", cfg);
        if (!r) return;
        const TableReader t(*r, "uppfoljning", cfg, problems);
        t.only({"kalla", "syntetisk", "falt"});
        t.required_text("kalla");
        cfg.followup_source = *t.source("kalla");
        cfg.followup_synthetic = t.boolean("syntetisk").value_or(false);
        cfg.followup_fields = t.fields();
    });
    problems.attempt([&] {
        const auto* r = subtable(root, "roj", cfg);
        if (!r) return;
        const TableReader t(*r, "roj", cfg, problems);
        t.only({"min_taljare", "min_namnare", "undertryck_noll"});
        if (auto n = t.number("min_taljare")) cfg.min_numerator = *n;
        if (auto n = t.number("min_namnare")) cfg.min_denominator = *n;
        if (auto b = t.boolean("undertryck_noll")) cfg.suppress_zero = *b;
        if (cfg.min_numerator < 0 || cfg.min_denominator < 0) {
            throw DataError(t.where(cfg.min_numerator < 0 ? "min_taljare" : "min_namnare"), "gränserna får inte vara negativa");
        }
    });
    problems.attempt([&] {
        const auto* k = subtable(root, "kontroll", cfg);
        if (!k) return;
        const TableReader t(*k, "kontroll", cfg, problems);
        t.only({"max_avstand_km", "max_befolkningsavvikelse", "befolkning_statistik", "ar"});
        if (auto v = t.number("max_avstand_km")) cfg.checks.max_distance_km = *v;
        if (auto v = t.number("max_befolkningsavvikelse")) cfg.checks.max_population_deviation = *v;
        if (auto s = t.text("befolkning_statistik")) {
            cfg.checks.population_statistic = *s;
            cfg.checks.population_statistic_line = t.line_of("befolkning_statistik");
        }
        if (auto v = t.number("ar")) {
            if (*v != std::floor(*v) || *v < 1900 || *v > 2100) throw DataError(t.where("ar"), "ska vara ett årtal, t.ex. 2024");
            cfg.checks.year = static_cast<int>(*v);
            cfg.checks.year_line = t.line_of("ar");
        }
        if (cfg.checks.max_distance_km < 0 || cfg.checks.max_population_deviation < 0) {
            throw DataError(t.where(cfg.checks.max_distance_km < 0 ? "max_avstand_km" : "max_befolkningsavvikelse"),
                            "gränserna i [kontroll] får inte vara negativa");
        }
    });
    if (const auto* node = root.get("pilot")) {
        const auto* arr = node->as_array();
        if (!arr) problems.add(DataError(top.where("pilot", *node), "ska skrivas [[pilot]]"));
        std::set<std::string> ids;
        for (std::size_t n = 0; arr && n < arr->size(); ++n) {
            const auto& item = *arr->get(n);
            problems.attempt([&] {
                const auto* tbl = item.as_table();
                if (!tbl) throw DataError(top.where("pilot", item), "ska skrivas [[pilot]]");
                const TableReader t(*tbl, "pilot", cfg, problems);
                t.only({"id", "vardcentral", "titel"});
                Pilot p;
                p.id = t.required_text("id");
                p.care_centre = t.required_text("vardcentral");
                p.line = t.line_of("vardcentral");
                p.title = t.text("titel").value_or(p.care_centre);
                const bool id_ok = !p.id.empty() && p.id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_-") == std::string::npos;
                if (!id_ok) {
                    throw DataError(t.where("id"), "pilot-id '" + p.id + "' duger inte som mappnamn",
                                    "använd små bokstäver a–z, siffror, - och _");
                }
                if (!ids.insert(p.id).second) throw DataError(t.where("id"), "pilot-id '" + p.id + "' förekommer två gånger");
                cfg.pilots.push_back(std::move(p));
            });
        }
    }
    return cfg;
}

long Config::source_line(const std::string& key) const {
    for (const auto& s : sources) {
        if (s.key == key) return s.line;
    }
    return 0;
}

std::vector<std::filesystem::path> input_files(const Config& config) {
    std::vector<std::string> sources = {config.areas_source, config.kommuner_source, config.population_source,
                                        config.care_centres_source, config.catchment.source, config.resources_source,
                                        config.catchment.population_points};
    for (const auto& s : config.statistics) {
        sources.push_back(s.source);
        sources.push_back(s.key);
    }
    for (const auto& c : config.catchment.compare) sources.push_back(c.second);
    std::vector<std::filesystem::path> files = {config.file};
    if (!config.catalogue.empty()) files.emplace_back(config.catalogue);
    for (const auto& s : sources) {
        if (s.empty()) continue;
        const auto name = geo::parse_source(s);
        std::error_code ec;
        if (std::filesystem::exists(name.dataset, ec)) files.emplace_back(name.dataset);
    }
    return files;
}

}  // namespace omrade::profiles
