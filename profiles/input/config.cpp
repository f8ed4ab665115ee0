#include "profiles/input/config.hpp"

#include "geo/error.hpp"
#include "geo/source.hpp"

#include <cmath>
#include <set>
#include <toml++/toml.h>

namespace omrade::profiles {

namespace {

class TableReader {
public:
    TableReader(const toml::table& table, std::string path, const Config& cfg)
        : m_table(table), m_path(std::move(path)), m_cfg(cfg) {}

    // Every key must be one of `allowed`.
    void only(std::initializer_list<const char*> allowed) const {
        const std::set<std::string> ok(allowed.begin(), allowed.end());
        for (const auto& [key, node] : m_table) {
            if (!ok.count(std::string(key.str()))) {
                std::string list;
                for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
                throw DataError(where(std::string(key.str()), node), "okänd nyckel",
                                "tillåtna nycklar här: " + list);
            }
        }
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
    // A source path resolved against the config's directory (kept as text "path|layername=x").
    std::optional<std::string> source(const char* key) const {
        auto s = text(key);
        if (!s) return std::nullopt;
        const auto name = geo::resolve_source(*s, m_cfg.dir);
        return name.display();
    }

    Where where(const std::string& key, const toml::node& node) const {
        return {m_cfg.file.string(), static_cast<long>(node.source().begin.line), {}, qualified(key)};
    }
    Where where(const std::string& key) const { return {m_cfg.file.string(), 0, {}, qualified(key)}; }

private:
    std::string qualified(const std::string& key) const { return m_path.empty() ? key : m_path + "." + key; }
    const toml::table& m_table;
    std::string m_path;
    const Config& m_cfg;
};

const toml::table* subtable(const toml::table& root, const char* key, const Config& cfg) {
    const auto* node = root.get(key);
    if (!node) return nullptr;
    if (const auto* t = node->as_table()) return t;
    throw DataError({cfg.file.string(), static_cast<long>(node->source().begin.line), {}, key},
                    "ska vara en tabell [" + std::string(key) + "]");
}

}  // namespace

Config load_config(const std::filesystem::path& file) {
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
    const TableReader top(root, "", cfg);
    top.only({"titel", "region", "omraden", "kommuner", "befolkning", "statistik", "indikatorer",
              "vardcentraler", "upptagning", "resurser", "uppfoljning", "roj", "pilot", "kontroll"});
    if (auto s = top.text("titel")) cfg.title = *s;
    if (auto s = top.text("region")) cfg.region = *s;

    const auto* omr = subtable(root, "omraden", cfg);
    if (!omr) throw DataError(top.where("omraden"), "tabellen [omraden] saknas", "ange områdeskällan med kalla = ...");
    {
        const TableReader t(*omr, "omraden", cfg);
        t.only({"kalla", "kod", "indelning", "laga_geometri"});
        t.required_text("kalla");
        cfg.areas_source = *t.source("kalla");
        if (auto s = t.text("kod")) cfg.areas_code_field = *s;
        if (auto s = t.text("indelning")) cfg.areas_version = *s;
        if (auto b = t.boolean("laga_geometri")) cfg.repair_geometry = *b;
    }
    if (const auto* k = subtable(root, "kommuner", cfg)) {
        const TableReader t(*k, "kommuner", cfg);
        t.only({"kalla", "kod", "namn"});
        t.required_text("kalla");
        cfg.kommuner_source = *t.source("kalla");
        if (auto s = t.text("kod")) cfg.kommuner_code_field = *s;
        if (auto s = t.text("namn")) cfg.kommuner_name_field = *s;
    }
    if (const auto* b = subtable(root, "befolkning", cfg)) {
        const TableReader t(*b, "befolkning", cfg);
        t.only({"kalla"});
        t.required_text("kalla");
        cfg.population_source = *t.source("kalla");
    }
    if (const auto* node = root.get("statistik")) {
        const auto* arr = node->as_array();
        if (!arr) throw DataError(top.where("statistik", *node), "ska skrivas [[statistik]]");
        for (const auto& item : *arr) {
            const auto* tbl = item.as_table();
            if (!tbl) throw DataError(top.where("statistik", item), "ska skrivas [[statistik]]");
            const TableReader t(*tbl, "statistik", cfg);
            t.only({"kalla", "format", "kod", "ar", "kolumner", "syntetisk", "indelning", "nyckel"});
            StatisticsSource s;
            t.required_text("kalla");
            s.source = *t.source("kalla");
            s.format = t.text("format").value_or("lang");
            if (s.format != "lang" && s.format != "bred" && s.format != "jsonstat") {
                throw DataError(t.where("format"), "okänt format '" + s.format + "'",
                                "använd lang, bred eller jsonstat (SCB:s API, JSON-stat2)");
            }
            s.code_field = t.text("kod").value_or("desokod");
            if (auto y = t.number("ar")) {
                // Checked before the cast: a value outside int's range (1e30, nan) is undefined behaviour.
                if (*y != std::floor(*y) || *y < 1900 || *y > 2100) throw DataError(t.where("ar"), "ska vara ett årtal, t.ex. 2024");
                s.year = static_cast<int>(*y);
            }
            s.columns = t.texts("kolumner");
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
        }
    }
    if (const auto* i = subtable(root, "indikatorer", cfg)) {
        const TableReader t(*i, "indikatorer", cfg);
        t.only({"katalog"});
        t.required_text("katalog");
        cfg.catalogue = *t.source("katalog");
        // Caught here so that `check` finds it too, not only `build`.
        if (!std::filesystem::exists(cfg.catalogue)) {
            throw DataError(t.where("katalog", *i->get("katalog")), "indikatorkatalogen " + cfg.catalogue + " finns inte",
                            "sökvägen är relativ till konfigurationsfilen");
        }
    }
    if (const auto* v = subtable(root, "vardcentraler", cfg)) {
        const TableReader t(*v, "vardcentraler", cfg);
        t.only({"kalla"});
        t.required_text("kalla");
        cfg.care_centres_source = *t.source("kalla");
    }
    if (const auto* u = subtable(root, "upptagning", cfg)) {
        const TableReader t(*u, "upptagning", cfg);
        t.only({"metod", "kalla", "vikt", "vardcentral", "fraktionell", "tillat_over_kommungrans",
                "min_befolkning", "min_andel_karta", "befolkningspunkter", "befolkningsfalt", "jamforelse"});
        auto& c = cfg.catchment;
        c.method = t.required_text("metod");
        if (c.method != "tabell" && c.method != "listning" && c.method != "narmast" && c.method != "polygoner") {
            throw DataError(t.where("metod"), "okänd metod '" + c.method + "'",
                            "använd tabell, listning, narmast eller polygoner");
        }
        if (auto s = t.source("kalla")) c.source = *s;
        if (c.source.empty() && c.method != "narmast") {
            throw DataError(t.where("kalla"), "metoden " + c.method + " behöver en källa (kalla = ...)");
        }
        if (auto s = t.text("vikt")) c.weight_field = *s;
        if (auto s = t.text("vardcentral")) c.vc_field = *s;
        if (auto b = t.boolean("fraktionell")) c.fractional = *b;
        if (auto b = t.boolean("tillat_over_kommungrans")) c.allow_cross_kommun = *b;
        if (auto n = t.number("min_befolkning")) c.min_population = *n;
        if (auto n = t.number("min_andel_karta")) c.min_share_geometry = *n;
        if (auto s = t.source("befolkningspunkter")) c.population_points = *s;
        if (auto s = t.text("befolkningsfalt")) c.population_points_field = *s;
        if (const auto* j = subtable(*u, "jamforelse", cfg)) {
            const TableReader jt(*j, "upptagning.jamforelse", cfg);
            jt.only({"tabell", "listning", "polygoner"});
            for (const char* m : {"tabell", "listning", "polygoner"}) {
                if (auto src = jt.source(m)) c.compare.emplace_back(m, *src);
            }
        }
    }
    if (const auto* r = subtable(root, "resurser", cfg)) {
        const TableReader t(*r, "resurser", cfg);
        t.only({"kalla", "typ", "namn"});
        t.required_text("kalla");
        cfg.resources_source = *t.source("kalla");
        if (auto s = t.text("typ")) cfg.resources_type_field = *s;
        if (auto s = t.text("namn")) cfg.resources_name_field = *s;
    }
    if (const auto* r = subtable(root, "uppfoljning", cfg)) {
        const TableReader t(*r, "uppfoljning", cfg);
        t.only({"kalla", "syntetisk"});
        t.required_text("kalla");
        cfg.followup_source = *t.source("kalla");
        cfg.followup_synthetic = t.boolean("syntetisk").value_or(false);
    }
    if (const auto* r = subtable(root, "roj", cfg)) {
        const TableReader t(*r, "roj", cfg);
        t.only({"min_taljare", "min_namnare", "undertryck_noll"});
        if (auto n = t.number("min_taljare")) cfg.min_numerator = *n;
        if (auto n = t.number("min_namnare")) cfg.min_denominator = *n;
        if (auto b = t.boolean("undertryck_noll")) cfg.suppress_zero = *b;
        if (cfg.min_numerator < 0 || cfg.min_denominator < 0) {
            throw DataError(t.where("min_taljare"), "gränserna får inte vara negativa");
        }
    }
    if (const auto* k = subtable(root, "kontroll", cfg)) {
        const TableReader t(*k, "kontroll", cfg);
        t.only({"max_avstand_km", "max_befolkningsavvikelse", "befolkning_statistik", "ar"});
        if (auto v = t.number("max_avstand_km")) cfg.checks.max_distance_km = *v;
        if (auto v = t.number("max_befolkningsavvikelse")) cfg.checks.max_population_deviation = *v;
        if (auto s = t.text("befolkning_statistik")) cfg.checks.population_statistic = *s;
        if (auto v = t.number("ar")) {
            if (*v != std::floor(*v) || *v < 1900 || *v > 2100) throw DataError(t.where("ar"), "ska vara ett årtal, t.ex. 2024");
            cfg.checks.year = static_cast<int>(*v);
        }
        if (cfg.checks.max_distance_km < 0 || cfg.checks.max_population_deviation < 0) {
            throw DataError(t.where("max_avstand_km"), "gränserna i [kontroll] får inte vara negativa");
        }
    }
    if (const auto* node = root.get("pilot")) {
        const auto* arr = node->as_array();
        if (!arr) throw DataError(top.where("pilot", *node), "ska skrivas [[pilot]]");
        std::set<std::string> ids;
        for (const auto& item : *arr) {
            const auto* tbl = item.as_table();
            if (!tbl) throw DataError(top.where("pilot", item), "ska skrivas [[pilot]]");
            const TableReader t(*tbl, "pilot", cfg);
            t.only({"id", "vardcentral", "titel"});
            Pilot p;
            p.id = t.required_text("id");
            p.care_centre = t.required_text("vardcentral");
            p.title = t.text("titel").value_or(p.care_centre);
            const bool id_ok = !p.id.empty() && p.id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_-") == std::string::npos;
            if (!id_ok) {
                throw DataError(t.where("id"), "pilot-id '" + p.id + "' duger inte som mappnamn",
                                "använd små bokstäver a–z, siffror, - och _");
            }
            if (!ids.insert(p.id).second) throw DataError(t.where("id"), "pilot-id '" + p.id + "' förekommer två gånger");
            cfg.pilots.push_back(std::move(p));
        }
    }
    return cfg;
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
