#include "profiles/engine/indicators.hpp"

#include "geo/error.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>
#include <toml++/toml.h>

namespace omrade::profiles {

const char* type_name(IndicatorType t) {
    switch (t) {
    case IndicatorType::proportion: return "andel";
    case IndicatorType::rate: return "kvot";
    case IndicatorType::dsr: return "dsr";
    case IndicatorType::count: return "antal";
    case IndicatorType::mean: return "medel";
    case IndicatorType::index: return "index";
    }
    return "";
}

bool from_counts(IndicatorType t) { return t != IndicatorType::mean && t != IndicatorType::index; }

const Indicator* Catalogue::find(std::string_view id) const {
    for (const auto& i : indicators) {
        if (i.id == id) return &i;
    }
    return nullptr;
}

const Indicator* Catalogue::find_care_centre(std::string_view id) const {
    for (const auto& i : care_centre_indicators) {
        if (i.id == id) return &i;
    }
    return nullptr;
}

namespace {

long line_of(const toml::node& n) { return static_cast<long>(n.source().begin.line); }

// Typed access to one TOML table with errors naming file, line and dotted key.
class Reader {
public:
    Reader(const toml::table& t, std::string path, std::string file)
        : m_t(t), m_path(std::move(path)), m_file(std::move(file)) {}

    void only(std::initializer_list<const char*> allowed) const {
        const std::set<std::string> ok(allowed.begin(), allowed.end());
        for (const auto& [key, node] : m_t) {
            if (ok.count(std::string(key.str()))) continue;
            std::string list;
            for (const auto* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
            throw DataError(where(std::string(key.str()), node), "okänd nyckel", "tillåtna nycklar här: " + list);
        }
    }
    std::optional<std::string> text(const char* key) const {
        const auto* n = m_t.get(key);
        if (!n) return std::nullopt;
        if (const auto* s = n->as_string()) return s->get();
        throw DataError(where(key, *n), "ska vara en textsträng");
    }
    std::string required_text(const char* key) const {
        if (auto s = text(key)) {
            if (!s->empty()) return *s;
            throw DataError(where(key, *m_t.get(key)), "får inte vara tom");
        }
        throw DataError(where(key), "nyckeln saknas", "den behövs i [" + m_path + "]");
    }
    std::optional<double> number(const char* key) const {
        const auto* n = m_t.get(key);
        if (!n) return std::nullopt;
        if (auto v = n->value<double>()) {
            // TOML allows nan and inf; a nan threshold or benchmark would compare false silently.
            if (!std::isfinite(*v)) throw DataError(where(key, *n), "ska vara ett ändligt tal, inte nan eller inf");
            return *v;
        }
        throw DataError(where(key, *n), "ska vara ett tal");
    }
    std::optional<bool> boolean(const char* key) const {
        const auto* n = m_t.get(key);
        if (!n) return std::nullopt;
        if (const auto* b = n->as_boolean()) return b->get();
        throw DataError(where(key, *n), "ska vara true eller false");
    }
    const toml::table* table(const char* key) const {
        const auto* n = m_t.get(key);
        if (!n) return nullptr;
        if (const auto* t = n->as_table()) return t;
        throw DataError(where(key, *n), "ska vara en tabell");
    }
    Where where(const std::string& key, const toml::node& n) const { return {m_file, line_of(n), {}, qualified(key)}; }
    Where where(const std::string& key) const { return {m_file, line_of(m_t), {}, qualified(key)}; }
    Where where(const std::string& key, const toml::node* n) const { return n ? where(key, *n) : where(key); }
    std::string qualified(const std::string& key) const { return m_path.empty() ? key : m_path + "." + key; }
    const std::string& path() const { return m_path; }

private:
    const toml::table& m_t;
    std::string m_path;
    std::string m_file;
};

IndicatorType parse_type(const std::string& s, const Where& w) {
    for (auto t : {IndicatorType::proportion, IndicatorType::rate, IndicatorType::dsr, IndicatorType::count,
                   IndicatorType::mean, IndicatorType::index}) {
        if (s == type_name(t)) return t;
    }
    throw DataError(w, "okänd typ '" + s + "'", "använd andel, kvot, dsr, antal, medel eller index");
}

Polarity parse_polarity(const std::string& s, const Where& w) {
    if (s == "hog_bra") return Polarity::high_is_good;
    if (s == "lag_bra") return Polarity::low_is_good;
    if (s == "neutral") return Polarity::neutral;
    throw DataError(w, "okänd polaritet '" + s + "'", "använd hog_bra, lag_bra eller neutral");
}

double default_multiplier(IndicatorType t) {
    switch (t) {
    case IndicatorType::proportion: return 100.0;
    case IndicatorType::rate:
    case IndicatorType::dsr: return 100000.0;
    default: return 1.0;
    }
}

bool valid_id(const std::string& id) {
    return !id.empty() && id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") == std::string::npos &&
           !(id[0] >= '0' && id[0] <= '9');
}

// "100 000" for 100000: the multiplier as a reader writes it in a unit.
std::string grouped(double v) {
    std::string digits = std::to_string(static_cast<long long>(std::llround(v)));
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ' ';
        out += digits[i];
    }
    return out;
}

std::string without_spaces(std::string s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == ' ') continue;
        if (s.compare(i, 2, "\u00A0") == 0) {
            ++i;
            continue;
        }
        out += s[i];
    }
    return out;
}

// The unit must fit the type: a share in per cent (or per N), a rate "per N" with N the
// multiplier, a count no "%" or "per".
void check_unit(const Indicator& ind, const Where& where) {
    const std::string u = without_spaces(ind.unit);
    const std::string per = "per" + without_spaces(grouped(ind.multiplier));
    const std::string per_text = "per " + grouped(ind.multiplier);
    const std::string what = std::string("typen ") + type_name(ind.type);
    switch (ind.type) {
    case IndicatorType::proportion:
        if (ind.multiplier == 100 ? u != "%" : u != per) {
            throw DataError(where, "enheten '" + ind.unit + "' passar inte " + what + " med multiplikator " + grouped(ind.multiplier),
                            ind.multiplier == 100 ? "en andel gånger 100 är procent: skriv enhet = \"%\""
                                                  : "skriv enhet = \"" + per_text + "\"");
        }
        break;
    case IndicatorType::rate:
    case IndicatorType::dsr:
        if (u != per) {
            throw DataError(where, "enheten '" + ind.unit + "' passar inte " + what + " med multiplikator " + grouped(ind.multiplier),
                            "en kvot anges per så många invånare som multiplikatorn: skriv enhet = \"" + per_text + "\"");
        }
        break;
    case IndicatorType::count:
        if (u.find('%') != std::string::npos || (u.rfind("per", 0) == 0 && u.size() > 3 && u[3] >= '0' && u[3] <= '9')) {
            throw DataError(where, "enheten '" + ind.unit + "' passar inte " + what,
                            "ett antal har en enhet som personer, hushåll eller händelser; använd typ andel eller kvot för "
                            "andelar och kvoter");
        }
        break;
    case IndicatorType::mean:
    case IndicatorType::index:
        break;
    }
}

Indicator read_indicator(const toml::table& t, const std::string& file, const Catalogue& cat) {
    const Reader r(t, "indikator", file);
    r.only({"id", "namn", "beskrivning", "enhet", "typ", "multiplikator", "polaritet", "jamforelse", "benchmark",
            "malvarde", "doman", "kalla", "standardbefolkning", "roj", "syntetisk", "vikt", "datakalla", "befolkning"});
    Indicator ind;
    ind.line = line_of(t);
    ind.id = r.required_text("id");
    if (!valid_id(ind.id)) {
        throw DataError(r.where("id", *t.get("id")), "id '" + ind.id + "' duger inte som fältnamn",
                        "använd små bokstäver a–z utan å/ä/ö, siffror och _, och börja med en bokstav");
    }
    const Reader named(t, "indikator." + ind.id, file);  // later messages name the indicator
    ind.name = named.required_text("namn");
    ind.description = named.text("beskrivning").value_or("");
    ind.unit = named.required_text("enhet");
    ind.type = parse_type(named.required_text("typ"), named.where("typ", *t.get("typ")));
    ind.multiplier = named.number("multiplikator").value_or(default_multiplier(ind.type));
    if (ind.multiplier <= 0) throw DataError(named.where("multiplikator", *t.get("multiplikator")), "ska vara större än 0");
    if (auto p = named.text("polaritet")) ind.polarity = parse_polarity(*p, named.where("polaritet", *t.get("polaritet")));
    else throw DataError(named.where("polaritet"), "nyckeln saknas", "ange hog_bra, lag_bra eller neutral");
    ind.domain = named.required_text("doman");
    ind.source = named.text("kalla").value_or(ind.id);
    ind.synthetic = named.boolean("syntetisk").value_or(false);
    if (const auto* bn = t.get("benchmark"); bn && bn->is_table()) {
        const Reader br(*bn->as_table(), named.qualified("benchmark"), file);
        br.only({"totalt", "man", "kvinnor"});
        for (const char* sex : {"totalt", "man", "kvinnor"}) {
            if (auto v = br.number(sex)) ind.benchmark_by_sex[sex] = *v;
        }
        if (ind.benchmark_by_sex.empty()) throw DataError(named.where("benchmark", *bn), "tabellen är tom", "ange totalt, man och/eller kvinnor");
        if (ind.benchmark_by_sex.count("totalt")) ind.benchmark = ind.benchmark_by_sex["totalt"];
    } else {
        ind.benchmark = named.number("benchmark");
        if (ind.benchmark) ind.benchmark_by_sex["totalt"] = *ind.benchmark;
    }
    if (const auto* j = named.table("jamforelse")) {
        const Reader jr(*j, named.qualified("jamforelse"), file);
        jr.only({"metod", "niva"});
        if (auto m = jr.text("metod")) {
            if (*m == "ki95") ind.comparison_confidence = 0.95;
            else if (*m == "ki998") ind.comparison_confidence = 0.998;
            else throw DataError(jr.where("metod", *j->get("metod")), "okänd jämförelsemetod '" + *m + "'", "använd ki95 eller ki998");
        }
        if (auto n = jr.text("niva")) {
            if (*n != "lan" && *n != "riket") {
                throw DataError(jr.where("niva", *j->get("niva")), "okänd jämförelsenivå '" + *n + "'", "använd lan eller riket");
            }
            ind.comparison_level = *n;
            if (*n == "riket" && ind.benchmark_by_sex.empty()) {
                throw DataError(jr.where("niva", *j->get("niva")), "jämförelse med riket behöver ett värde",
                                "ange benchmark = <rikets värde> för indikatorn");
            }
        }
    }
    if (const auto* m = named.table("malvarde")) {
        const Reader mr(*m, named.qualified("malvarde"), file);
        mr.only({"varde", "riktning"});
        Target tg;
        if (auto v = mr.number("varde")) tg.value = *v;
        else throw DataError(mr.where("varde"), "nyckeln saknas", "ange målvärdet med varde = ...");
        const std::string dir = mr.required_text("riktning");
        if (dir == "minst") tg.at_least = true;
        else if (dir == "hogst") tg.at_least = false;
        else throw DataError(mr.where("riktning", *m->get("riktning")), "okänd riktning '" + dir + "'", "använd minst eller hogst");
        ind.target = tg;
    }
    if (const auto* rj = named.table("roj")) {
        const Reader rr(*rj, named.qualified("roj"), file);
        rr.only({"min_taljare", "min_namnare"});
        ind.min_numerator = rr.number("min_taljare");
        ind.min_denominator = rr.number("min_namnare");
        for (const auto& v : {ind.min_numerator, ind.min_denominator}) {
            if (v && *v < 0) throw DataError(rr.where("min_taljare"), "gränserna får inte vara negativa");
        }
    }
    if (auto s = named.text("standardbefolkning")) {
        if (!cat.standards.count(*s)) {
            std::string have;
            for (const auto& [k, v] : cat.standards) have += (have.empty() ? "" : ", ") + k;
            throw DataError(named.where("standardbefolkning", *t.get("standardbefolkning")),
                            "okänd standardbefolkning '" + *s + "'",
                            have.empty() ? "definiera den under [standardbefolkning." + *s + "]" : "definierade: " + have);
        }
        ind.standard = *s;
    }
    if (auto w = named.text("vikt")) {
        if (from_counts(ind.type)) {
            throw DataError(named.where("vikt", *t.get("vikt")), "vikt gäller bara typ medel och index",
                            "indikatorer med antal viktas med sina nämnare");
        }
        if (w->empty()) throw DataError(named.where("vikt", *t.get("vikt")), "får inte vara tom");
        ind.weight = *w;
        ind.weight_line = line_of(*t.get("vikt"));
    }
    if (ind.type == IndicatorType::dsr && ind.standard.empty()) {
        throw DataError(named.where("standardbefolkning"), "en dsr-indikator behöver en standardbefolkning",
                        "ange standardbefolkning = \"esp2013\" (eller en egen under [standardbefolkning.<id>])");
    }
    if (ind.type != IndicatorType::dsr && !ind.standard.empty()) {
        throw DataError(named.where("standardbefolkning", *t.get("standardbefolkning")),
                        "standardbefolkning gäller bara typ dsr");
    }
    // What a reader needs to understand the figure: a definition, the source, a unit that fits the type.
    if (ind.description.empty()) {
        throw DataError(named.where("beskrivning", t.get("beskrivning")), "indikatorn saknar beskrivning",
                        "skriv i beskrivning vad som räknas, i vilken grupp, på ett sätt som en mötesdeltagare förstår; "
                        "den står i rapportens definitionstabell");
    }
    ind.data_source = named.text("datakalla").value_or("");
    if (ind.data_source.empty()) {
        throw DataError(named.where("datakalla", t.get("datakalla")), "indikatorn saknar datakälla",
                        "ange vem statistiken kommer från, t.ex. datakalla = \"SCB, Statistikdatabasen\"; den står i "
                        "rapportens definitionstabell");
    }
    check_unit(ind, named.where("enhet", t.get("enhet")));
    ind.is_population = named.boolean("befolkning").value_or(false);
    if (ind.is_population && ind.type != IndicatorType::count) {
        throw DataError(named.where("befolkning", t.get("befolkning")), "befolkning = true gäller bara typ antal",
                        "ta bort nyckeln eller ändra typ till antal");
    }
    return ind;
}

// "90 %" style numbers for level labels: whole numbers without decimals, else a decimal comma.
std::string level_number(double v, const std::string& unit) {
    std::ostringstream o;
    o << v;
    std::string t = o.str();
    for (auto& c : t) if (c == '.') c = ',';
    return unit == "%" ? t + " %" : t + (unit.empty() ? "" : " " + unit);
}

// Labels of the levels, worst first: with riktning "minst" [80, 90] → "80 % eller lägre",
// "mellan 80 och 90 %", "90 % eller högre"; with "hogst" the order is reversed.
std::vector<std::string> default_level_labels(const std::vector<double>& cuts, bool at_least, const std::string& unit) {
    std::vector<std::string> up;  // lowest values first
    up.push_back(level_number(cuts.front(), unit) + " eller lägre");
    for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
        std::ostringstream o;
        o << cuts[i];
        std::string a = o.str();
        for (auto& c : a) if (c == '.') c = ',';
        up.push_back("mellan " + a + " och " + level_number(cuts[i + 1], unit));
    }
    up.push_back(level_number(cuts.back(), unit) + " eller högre");
    if (!at_least) std::reverse(up.begin(), up.end());
    return up;
}

Indicator read_care_centre_indicator(const toml::table& t, const std::string& file) {
    const Reader r(t, "indikator", file);
    r.only({"id", "namn", "niva", "definition", "datakalla", "beskrivning", "enhet", "typ", "multiplikator",
            "polaritet", "doman", "malvarde", "syntetisk", "motsvarar"});
    Indicator ind;
    ind.line = line_of(t);
    ind.id = r.required_text("id");
    if (!valid_id(ind.id)) {
        throw DataError(r.where("id", *t.get("id")), "id '" + ind.id + "' duger inte som fältnamn",
                        "använd små bokstäver a–z utan å/ä/ö, siffror och _, och börja med en bokstav");
    }
    const Reader named(t, "indikator." + ind.id, file);
    ind.name = named.required_text("namn");
    ind.definition = named.required_text("definition");
    ind.data_source = named.required_text("datakalla");
    ind.description = named.text("beskrivning").value_or(ind.definition);
    const std::string type = named.required_text("typ");
    if (type == "andel") {
        ind.type = IndicatorType::proportion;
        ind.multiplier = 100;
        ind.unit = "%";
    } else if (type == "per_1000") {
        ind.type = IndicatorType::rate;
        ind.multiplier = 1000;
        ind.unit = "per 1 000 listade";
    } else if (type == "kvot") {
        ind.type = IndicatorType::rate;
        ind.multiplier = 1000;
        ind.unit = "per 1 000 listade";
    } else {
        throw DataError(named.where("typ", *t.get("typ")), "typen '" + type + "' gäller inte vårdcentralsindikatorer",
                        "använd andel eller per_1000 (per 1 000 listade)");
    }
    if (auto m = named.number("multiplikator")) {
        if (type != "kvot" || *m <= 0) {
            throw DataError(named.where("multiplikator", *t.get("multiplikator")),
                            "multiplikator gäller bara typ kvot och ska vara större än 0", "andel är procent, per_1000 per 1 000");
        }
        ind.multiplier = *m;
        std::ostringstream o;
        o << "per " << *m << " listade";
        ind.unit = o.str();
    }
    if (auto u = named.text("enhet")) ind.unit = *u;
    if (auto p = named.text("polaritet")) ind.polarity = parse_polarity(*p, named.where("polaritet", *t.get("polaritet")));
    else throw DataError(named.where("polaritet"), "nyckeln saknas", "ange hog_bra, lag_bra eller neutral");
    ind.domain = named.text("doman").value_or("Inom vårdcentralen");
    ind.source = ind.id;
    ind.synthetic = named.boolean("syntetisk").value_or(false);
    ind.area_counterpart = named.text("motsvarar").value_or("");
    if (const auto* m = named.table("malvarde")) {
        const Reader mr(*m, named.qualified("malvarde"), file);
        mr.only({"varde", "riktning", "nivaer", "etiketter"});
        Target tg;
        const std::string dir = mr.required_text("riktning");
        if (dir == "minst") tg.at_least = true;
        else if (dir == "hogst") tg.at_least = false;
        else throw DataError(mr.where("riktning", *m->get("riktning")), "okänd riktning '" + dir + "'", "använd minst eller hogst");
        const auto* levels = m->get("nivaer");
        const auto value = mr.number("varde");
        if (levels && value) {
            throw DataError(mr.where("nivaer", *levels), "ange antingen varde eller nivaer", "nivaer = [80, 90] ger tre nivåer");
        }
        if (levels) {
            const auto* arr = levels->as_array();
            if (!arr || arr->empty()) throw DataError(mr.where("nivaer", *levels), "ska vara en lista med tal", "t.ex. nivaer = [80, 90]");
            for (const auto& n : *arr) {
                const auto v = n.value<double>();
                if (!v || !std::isfinite(*v)) throw DataError(mr.where("nivaer", n), "ska vara en lista med tal", "t.ex. nivaer = [80, 90]");
                if (!tg.levels.empty() && *v <= tg.levels.back()) {
                    throw DataError(mr.where("nivaer", n), "nivåerna ska vara stigande", "t.ex. nivaer = [80, 90]");
                }
                tg.levels.push_back(*v);
            }
            tg.value = tg.at_least ? tg.levels.back() : tg.levels.front();
            tg.labels = default_level_labels(tg.levels, tg.at_least, ind.unit);
            if (const auto* lab = m->get("etiketter")) {
                const auto* la = lab->as_array();
                if (!la || la->size() != tg.levels.size() + 1) {
                    throw DataError(mr.where("etiketter", *lab),
                                    "ska vara en lista med en text per nivå (" + std::to_string(tg.levels.size() + 1) + ")",
                                    "sämsta nivån först");
                }
                tg.labels.clear();
                for (const auto& n : *la) {
                    const auto* sv = n.as_string();
                    if (!sv || sv->get().empty()) throw DataError(mr.where("etiketter", n), "ska vara icke-tomma texter");
                    tg.labels.push_back(sv->get());
                }
            }
        } else if (value) {
            if (m->get("etiketter")) throw DataError(mr.where("etiketter", *m->get("etiketter")), "etiketter gäller bara nivaer");
            tg.value = *value;
        } else {
            throw DataError(mr.where("varde"), "nyckeln saknas", "ange målvärdet med varde = ... eller nivåer med nivaer = [...]");
        }
        ind.target = tg;
    }
    return ind;
}

}  // namespace

Catalogue parse_catalogue(std::string_view text, const std::string& file_name) {
    toml::table root;
    try {
        root = toml::parse(text, file_name);
    } catch (const toml::parse_error& e) {
        throw DataError({file_name, static_cast<long>(e.source().begin.line), {}, {}},
                        "ogiltig TOML: " + std::string(e.description()));
    }
    Catalogue cat;
    cat.file = file_name;
    const Reader top(root, "", file_name);
    top.only({"ojamlikhet", "standardbefolkning", "indikator"});
    if (const auto* o = top.table("ojamlikhet")) {
        const Reader r(*o, "ojamlikhet", file_name);
        r.only({"rangordning", "kvantiler_lan", "kvantiler_omrade", "repetitioner"});
        if (auto s = r.text("rangordning")) cat.deprivation = *s;
        // phe_sii: 5 to 100 quantiles, at least 1000 repetitions.
        for (auto [key, slot] : {std::pair{"kvantiler_lan", &cat.county_quantiles}, std::pair{"kvantiler_omrade", &cat.area_quantiles}}) {
            if (auto v = r.number(key)) {
                if (!(*v >= 5 && *v <= 100 && *v == static_cast<int>(*v)))
                    throw DataError(r.where(key, *o->get(key)), "ska vara ett heltal från 5 till 100", "t.ex. 10 (deciler) eller 5 (kvintiler)");
                *slot = static_cast<int>(*v);
            }
        }
        if (auto v = r.number("repetitioner")) {
            if (!(*v >= 1000 && *v <= 1e7 && *v == static_cast<double>(static_cast<long>(*v))))
                throw DataError(r.where("repetitioner", *o->get("repetitioner")), "ska vara ett heltal från 1000", "standard 100000");
            cat.sii_repetitions = static_cast<long>(*v);
        }
    }
    if (const auto* sp = top.table("standardbefolkning")) {
        for (const auto& [key, node] : *sp) {
            const std::string id(key.str());
            const auto* t = node.as_table();
            if (!t) throw DataError({file_name, line_of(node), {}, "standardbefolkning." + id}, "ska vara en tabell");
            const Reader r(*t, "standardbefolkning." + id, file_name);
            r.only({"namn", "vikter"});
            StandardPopulation s;
            s.id = id;
            s.name = r.required_text("namn");
            const auto* w = r.table("vikter");
            if (!w || w->empty()) throw DataError(r.where("vikter"), "vikter saknas", "ange en vikt per åldersgrupp, t.ex. 0-4 = 5000");
            for (const auto& [band, wn] : *w) {
                const auto v = wn.value<double>();
                if (!v || !std::isfinite(*v) || *v <= 0) {
                    throw DataError({file_name, line_of(wn), {}, r.qualified("vikter." + std::string(band.str()))},
                                    "vikten ska vara ett tal större än 0");
                }
                s.weights[std::string(band.str())] = *v;
            }
            cat.standards[id] = std::move(s);
        }
    }
    const auto* node = root.get("indikator");
    if (!node) throw DataError(top.where("indikator"), "katalogen har inga indikatorer", "lägg till [[indikator]]-block");
    const auto* arr = node->as_array();
    if (!arr) throw DataError(top.where("indikator", *node), "ska skrivas [[indikator]]");
    std::set<std::string> ids;
    for (const auto& item : *arr) {
        const auto* t = item.as_table();
        if (!t) throw DataError(top.where("indikator", item), "ska skrivas [[indikator]]");
        std::optional<std::string> level;
        if (const auto* n = t->get("niva")) {
            const auto* sv = n->as_string();
            if (!sv || sv->get() != "vardcentral") {
                throw DataError({file_name, line_of(*n), {}, "indikator.niva"}, "okänd nivå",
                                "niva = \"vardcentral\" för vårdcentralens listade; utan niva gäller indikatorn områden");
            }
            level = sv->get();
        }
        Indicator ind = level ? read_care_centre_indicator(*t, file_name) : read_indicator(*t, file_name, cat);
        if (!ids.insert(ind.id).second) {
            throw DataError({file_name, ind.line, {}, "indikator.id"}, "indikatorn '" + ind.id + "' förekommer två gånger");
        }
        (level ? cat.care_centre_indicators : cat.indicators).push_back(std::move(ind));
    }
    for (const auto& ind : cat.care_centre_indicators) {
        if (!ind.area_counterpart.empty() && !cat.find(ind.area_counterpart)) {
            throw DataError({file_name, ind.line, {}, "indikator." + ind.id + ".motsvarar"},
                            "områdesindikatorn '" + ind.area_counterpart + "' finns inte i katalogen",
                            "ange id för samma mått bland invånarna, t.ex. halsosamtal_50");
        }
    }
    return cat;
}

Catalogue load_catalogue(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw DataError({file.string(), 0, {}, {}}, "indikatorkatalogen finns inte", "kontrollera [indikatorer] katalog i konfigurationen");
    std::stringstream ss;
    ss << in.rdbuf();
    return parse_catalogue(ss.str(), file.string());
}

}  // namespace omrade::profiles
