#include "profiles/allocation/allocation.hpp"

#include "geo/error.hpp"
#include "profiles/input/care_centres.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <numeric>
#include <ostream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <toml++/toml.h>

namespace omrade::profiles {

namespace {

// Products of a pot (up to 2^63 kronor) and a listing count need 128 bits to stay exact.
__extension__ typedef __int128 Wide;

constexpr std::int64_t max_listed = 1'000'000'000;  // far above any vårdcentral; guards typos
constexpr std::int64_t ppm_per_percent = 10'000;

bool is_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string lower_ascii(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

// Excel and XLSX readers drop the leading zero of "0764"; län 01–09 codes then have 3 digits.
std::string normalize_kommunkod(const std::string& text) {
    if (is_digits(text) && text.size() == 3) return "0" + text;
    return text;
}

// "9 500 000" with spaces as thousands separators (Swedish style) for messages.
std::string kronor(std::int64_t v) {
    std::string digits = std::to_string(v < 0 ? -v : v);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ' ';
        out += digits[i];
    }
    return v < 0 ? "-" + out : out;
}

std::string decimal_comma(std::string s) {
    std::replace(s.begin(), s.end(), '.', ',');
    return s;
}

std::string centres_word(std::size_t n) { return n == 1 ? "vårdcentral" : "vårdcentraler"; }

std::string pot_feature(const Pot& pot) { return "pott '" + pot.name + "'"; }

class PotsReader {
public:
    explicit PotsReader(std::string file) : m_file(std::move(file)) {}

    Where where(const toml::node& node, const std::string& field, const std::string& feature = {}) const {
        return {m_file, static_cast<long>(node.source().begin.line), feature, field};
    }

    void only(const toml::table& table, const std::string& prefix, const std::string& feature,
              std::initializer_list<const char*> allowed) const {
        const std::set<std::string> ok(allowed.begin(), allowed.end());
        for (const auto& [key, node] : table) {
            const std::string k(key.str());
            if (ok.count(k)) continue;
            std::string list;
            for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
            throw DataError(where(node, prefix + k, feature), "okänd nyckel", "tillåtna nycklar här: " + list);
        }
    }

    std::vector<std::pair<std::string, long>> texts(const toml::node& node, const std::string& field,
                                                    const std::string& feature) const {
        const auto* arr = node.as_array();
        if (!arr) throw DataError(where(node, field, feature), "ska vara en lista med textsträngar",
                                  "skriv t.ex. " + field + " = [\"...\", \"...\"]");
        std::vector<std::pair<std::string, long>> out;
        for (const auto& item : *arr) {
            const auto* s = item.as_string();
            if (!s) throw DataError(where(item, field, feature), "ska vara en lista med textsträngar",
                                    "sätt citattecken runt varje värde");
            out.emplace_back(s->get(), static_cast<long>(item.source().begin.line));
        }
        return out;
    }

    const std::string& file() const { return m_file; }

private:
    std::string m_file;
};

Pot read_pot(const PotsReader& r, const toml::table& t, std::size_t index) {
    Pot pot;
    pot.line = static_cast<long>(t.source().begin.line);
    const std::string fallback = "nr " + std::to_string(index + 1);
    const auto* name = t.get("namn");
    if (!name) throw DataError({r.file(), pot.line, "pott " + fallback, "namn"}, "nyckeln saknas",
                               "varje [[pott]] behöver namn = \"...\"");
    if (!name->as_string() || name->as_string()->get().empty())
        throw DataError(r.where(*name, "namn", "pott " + fallback), "ska vara en textsträng som inte är tom");
    pot.name = name->as_string()->get();
    const std::string feature = pot_feature(pot);
    r.only(t, "", feature, {"namn", "belopp", "beskrivning", "kommuner", "vardcentraler"});

    if (const auto* d = t.get("beskrivning")) {
        if (!d->as_string()) throw DataError(r.where(*d, "beskrivning", feature), "ska vara en textsträng");
        pot.description = d->as_string()->get();
    }

    const auto* amount = t.get("belopp");
    if (!amount) throw DataError({r.file(), pot.line, feature, "belopp"}, "nyckeln saknas",
                                 "ange beloppet i hela kronor, t.ex. belopp = 9_500_000");
    if (const auto* i = amount->as_integer()) {
        pot.amount = i->get();
    } else if (amount->as_floating_point()) {
        throw DataError(r.where(*amount, "belopp", feature), "ska vara ett heltal i kronor",
                        "skriv beloppet utan decimaler, t.ex. belopp = 9_500_000");
    } else {
        throw DataError(r.where(*amount, "belopp", feature), "ska vara ett tal (hela kronor)",
                        "skriv beloppet utan citattecken, t.ex. belopp = 9_500_000");
    }
    if (pot.amount <= 0) {
        throw DataError(r.where(*amount, "belopp", feature),
                        "beloppet " + std::to_string(pot.amount) + " är inte ett positivt belopp",
                        "en pott fördelar ett belopp större än 0 kr");
    }

    const auto* kommuner = t.get("kommuner");
    const auto* centres = t.get("vardcentraler");
    if (kommuner && centres) {
        throw DataError(r.where(*centres, "vardcentraler", feature), "både kommuner och vardcentraler är angivna",
                        "ange behörigheten på ett sätt: kommuner = [...] eller vardcentraler = [...]");
    }
    if (kommuner) {
        for (auto& [code, line] : r.texts(*kommuner, "kommuner", feature)) {
            if (!is_digits(code) || code.size() != 4) {
                throw DataError({r.file(), line, feature, "kommuner"}, "'" + code + "' är ingen kommunkod",
                                "kommunkoder har fyra siffror, t.ex. \"0764\" för Alvesta");
            }
            pot.kommuner.push_back(code);
            pot.kommuner_lines.push_back(line);
        }
        if (pot.kommuner.empty()) {
            throw DataError(r.where(*kommuner, "kommuner", feature), "listan är tom: ingen vårdcentral blir behörig",
                            "ange minst en kommunkod eller ta bort nyckeln så att alla vårdcentraler ingår");
        }
    }
    if (centres) {
        for (auto& [vc, line] : r.texts(*centres, "vardcentraler", feature)) {
            pot.centres.push_back(vc);
            pot.centres_lines.push_back(line);
        }
        if (pot.centres.empty()) {
            throw DataError(r.where(*centres, "vardcentraler", feature), "listan är tom: ingen vårdcentral blir behörig",
                            "ange minst en vårdcentral eller ta bort nyckeln så att alla vårdcentraler ingår");
        }
    }
    return pot;
}

}  // namespace

Listing listing_from_table(const TextTable& table) {
    Listing listing;
    listing.file = table.file;
    const std::size_t name_col = table.require_column("vardcentral");
    const auto list_col = listing_column(table);
    if (!list_col) {
        std::string have;
        for (const auto& h : table.header) have += (have.empty() ? "" : ", ") + h;
        throw DataError({table.file, 1, {}, "listade"}, "kolumnen saknas",
                        "listningen behöver kolumnerna vardcentral och listade; kolumner som finns: " + have);
    }
    listing.listing_column = table.header[*list_col];
    const auto kommun_col = table.column("kommunkod");
    const auto drift_col = table.column("driftform");
    listing.has_kommunkod = kommun_col.has_value();
    listing.has_driftform = drift_col.has_value();

    std::map<std::string, long> seen;
    for (const auto& row : table.rows) {
        ListedCentre c;
        c.line = row.line;
        c.name = row.cells[name_col];
        if (c.name.empty()) {
            throw DataError({table.file, row.line, {}, "vardcentral"}, "namnet saknas",
                            "varje rad behöver vårdcentralens namn");
        }
        if (auto [it, inserted] = seen.emplace(c.name, row.line); !inserted) {
            throw DataError({table.file, row.line, c.name, "vardcentral"},
                            "vårdcentralen finns redan på rad " + std::to_string(it->second),
                            "varje vårdcentral ska stå på en rad; slå ihop raderna eller ge dem olika namn");
        }

        const std::string& text = row.cells[*list_col];
        const Cell cell = parse_cell(text);
        const Where where{table.file, row.line, c.name, listing.listing_column};
        if (cell.status == CellStatus::Dash) {
            c.listed = 0;
        } else if (cell.status == CellStatus::Empty || cell.status == CellStatus::NotPublished) {
            throw DataError(where, "antalet listade saknas", "ange antalet listade patienter (0 om inga)");
        } else if (cell.status == CellStatus::Invalid) {
            throw DataError(where, "'" + text + "' är inte ett tal", "ange antalet listade patienter som ett heltal");
        } else if (cell.value < 0) {
            throw DataError(where, "antalet listade är negativt (" + text + ")",
                            "antalet listade patienter måste vara 0 eller mer");
        } else if (cell.value != std::floor(cell.value)) {
            throw DataError(where, "antalet listade är inget heltal (" + text + ")",
                            "ange antalet listade patienter som ett heltal");
        } else if (cell.value > static_cast<double>(max_listed)) {
            throw DataError(where, "orimligt många listade (" + text + ")", "kontrollera värdet");
        } else {
            c.listed = static_cast<std::int64_t>(cell.value);
        }

        if (kommun_col) {
            c.kommunkod = normalize_kommunkod(row.cells[*kommun_col]);
            if (!c.kommunkod.empty() && (!is_digits(c.kommunkod) || c.kommunkod.size() != 4)) {
                throw DataError({table.file, row.line, c.name, "kommunkod"},
                                "'" + row.cells[*kommun_col] + "' är ingen kommunkod",
                                "kommunkoder har fyra siffror, t.ex. 0764; lämna tomt om kommunen är okänd");
            }
        }
        if (drift_col) {
            const std::string d = lower_ascii(row.cells[*drift_col]);
            if (d == "region") c.driftform = Operator::Region;
            else if (d == "privat") c.driftform = Operator::Private;
            else
                throw DataError({table.file, row.line, c.name, "driftform"},
                                row.cells[*drift_col].empty() ? "driftform saknas"
                                                              : "okänd driftform '" + row.cells[*drift_col] + "'",
                                "ange region eller privat");
        }
        listing.centres.push_back(std::move(c));
    }
    if (listing.centres.empty()) {
        throw DataError({table.file, 0, {}, {}}, "listningen har inga rader", "en rad per vårdcentral behövs");
    }
    return listing;
}

Listing read_listing(const std::string& source) { return listing_from_table(read_table(source)); }

PotsConfig parse_pots(std::string_view toml_text, const std::string& file) {
    toml::table root;
    try {
        root = toml::parse(toml_text, file);
    } catch (const toml::parse_error& e) {
        throw DataError({file, static_cast<long>(e.source().begin.line), {}, {}},
                        "ogiltig TOML: " + std::string(e.description()));
    }
    const PotsReader r(file);
    PotsConfig cfg;
    cfg.file = file;
    r.only(root, "", {}, {"titel", "pott", "moms", "tertial"});
    if (const auto* t = root.get("titel"); t && !t->as_string()) {
        throw DataError(r.where(*t, "titel"), "ska vara en textsträng");
    }
    if (const auto* t = root.get("tertial")) {
        if (!t->as_boolean()) throw DataError(r.where(*t, "tertial"), "ska vara true eller false");
        cfg.per_tertial = t->as_boolean()->get();
    }

    const auto* pots = root.get("pott");
    if (!pots) throw DataError({file, 0, {}, "pott"}, "ingen pott är angiven", "ange minst en [[pott]] med namn och belopp");
    const auto* arr = pots->as_array();
    if (!arr || !arr->is_array_of_tables()) throw DataError(r.where(*pots, "pott"), "ska skrivas [[pott]]");
    std::map<std::string, long> names;
    for (std::size_t i = 0; i < arr->size(); ++i) {
        Pot pot = read_pot(r, *arr->get(i)->as_table(), i);
        if (auto [it, inserted] = names.emplace(pot.name, pot.line); !inserted) {
            throw DataError({file, pot.line, pot_feature(pot), "namn"},
                            "en pott med samma namn finns på rad " + std::to_string(it->second),
                            "ge varje pott ett eget namn (det blir kolumnrubriken)");
        }
        cfg.pots.push_back(std::move(pot));
    }

    const auto* moms = root.get("moms");
    if (!moms) {
        throw DataError({file, 0, {}, "moms"}, "tabellen [moms] saknas",
                        "ange [moms] privat_procent = 2 (eller 0 om ingen momskompensation ska ges)");
    }
    const auto* mt = moms->as_table();
    if (!mt) throw DataError(r.where(*moms, "moms"), "ska vara en tabell [moms]");
    r.only(*mt, "moms.", {}, {"privat_procent"});
    const auto* pct = mt->get("privat_procent");
    if (!pct) {
        throw DataError({file, static_cast<long>(mt->source().begin.line), {}, "moms.privat_procent"}, "nyckeln saknas",
                        "ange momskompensationen för privata vårdcentraler i procent, t.ex. privat_procent = 2");
    }
    const auto value = pct->value<double>();
    if (!value || !(pct->is_integer() || pct->is_floating_point())) {
        throw DataError(r.where(*pct, "moms.privat_procent"), "ska vara ett tal", "t.ex. privat_procent = 2");
    }
    if (!(*value >= 0 && *value <= 100)) {
        throw DataError(r.where(*pct, "moms.privat_procent"), "procentsatsen ska ligga mellan 0 och 100");
    }
    const double scaled = *value * ppm_per_percent;
    if (std::abs(scaled - std::round(scaled)) > 1e-6) {
        throw DataError(r.where(*pct, "moms.privat_procent"), "för många decimaler",
                        "ange procentsatsen med högst fyra decimaler");
    }
    cfg.vat_ppm = static_cast<std::int64_t>(std::llround(scaled));
    cfg.vat_percent = *value;
    return cfg;
}

PotsConfig load_pots(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        throw DataError({file.string(), 0, {}, {}}, "filen finns inte eller kan inte läsas", "kontrollera sökvägen till --pots");
    }
    std::ostringstream s;
    s << in.rdbuf();
    return parse_pots(s.str(), file.string());
}

std::vector<std::int64_t> largest_remainder(std::int64_t amount, const std::vector<std::int64_t>& weights,
                                            const std::vector<std::string>& names) {
    if (names.size() != weights.size()) throw std::invalid_argument("largest_remainder: names and weights differ in size");
    if (amount < 0) throw std::invalid_argument("largest_remainder: negative amount");
    Wide total = 0;
    for (auto w : weights) {
        if (w < 0) throw std::invalid_argument("largest_remainder: negative weight");
        total += w;
    }
    if (total == 0) throw std::invalid_argument("largest_remainder: weights sum to zero");

    std::vector<std::int64_t> out(weights.size());
    std::vector<Wide> remainder(weights.size());
    Wide given = 0;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        const Wide product = static_cast<Wide>(amount) * weights[i];
        out[i] = static_cast<std::int64_t>(product / total);
        remainder[i] = product % total;  // exact share = out[i] + remainder[i] / total
        given += out[i];
    }
    // Fewer units are left than there are non-zero remainders, so each goes to a different entry.
    auto left = static_cast<std::size_t>(amount - given);
    std::vector<std::size_t> order(weights.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        if (remainder[a] != remainder[b]) return remainder[a] > remainder[b];
        if (weights[a] != weights[b]) return weights[a] > weights[b];
        if (names[a] != names[b]) return names[a] < names[b];
        return a < b;
    });
    for (std::size_t k = 0; k < left; ++k) ++out[order[k]];
    return out;
}

std::int64_t percent_of(std::int64_t amount, std::int64_t ppm) {
    constexpr Wide denominator = 1'000'000;
    const Wide product = static_cast<Wide>(amount) * ppm;
    const bool negative = product < 0;
    const Wide magnitude = negative ? -product : product;
    Wide q = magnitude / denominator;
    if ((magnitude % denominator) * 2 >= denominator) ++q;  // half away from zero
    return static_cast<std::int64_t>(negative ? -q : q);
}

std::array<std::int64_t, 3> split_tertials(std::int64_t total) {
    const auto parts = largest_remainder(total, {1, 1, 1}, {"1", "2", "3"});
    return {parts[0], parts[1], parts[2]};
}

Allocation allocate(const Listing& listing, const PotsConfig& config) {
    Allocation result;
    result.driftform_known = listing.has_driftform;
    result.rows.resize(listing.centres.size());
    for (std::size_t i = 0; i < listing.centres.size(); ++i) {
        result.rows[i].centre = &listing.centres[i];
        result.rows[i].pots.assign(config.pots.size(), 0);
        result.rows[i].eligible.assign(config.pots.size(), false);
        result.listed += listing.centres[i].listed;
    }
    std::map<std::string, std::size_t> by_name;
    for (std::size_t i = 0; i < listing.centres.size(); ++i) by_name.emplace(listing.centres[i].name, i);

    for (std::size_t p = 0; p < config.pots.size(); ++p) {
        const Pot& pot = config.pots[p];
        const std::string feature = pot_feature(pot);
        PotSummary summary;
        std::vector<bool> eligible(listing.centres.size(), pot.kommuner.empty() && pot.centres.empty());
        if (!pot.kommuner.empty()) {
            if (!listing.has_kommunkod) {
                throw DataError({config.file, pot.line, feature, "kommuner"},
                                "listningen " + listing.file + " har ingen kolumn kommunkod",
                                "lägg till kommunkod i listningen eller ange de behöriga med vardcentraler = [...]");
            }
            const std::set<std::string> codes(pot.kommuner.begin(), pot.kommuner.end());
            for (std::size_t i = 0; i < listing.centres.size(); ++i) {
                const auto& c = listing.centres[i];
                eligible[i] = codes.count(c.kommunkod) > 0;
                if (c.kommunkod.empty()) summary.without_kommun.push_back(c.name);
            }
        }
        for (std::size_t k = 0; k < pot.centres.size(); ++k) {
            const auto it = by_name.find(pot.centres[k]);
            if (it == by_name.end()) {
                std::string hint = "namnet måste stavas exakt som i kolumnen vardcentral i " + listing.file;
                for (const auto& c : listing.centres) {
                    if (lower_ascii(c.name) == lower_ascii(pot.centres[k])) hint += "; menar du '" + c.name + "'?";
                }
                throw DataError({config.file, pot.centres_lines[k], feature, "vardcentraler"},
                                "vårdcentralen '" + pot.centres[k] + "' finns inte i listningen", hint);
            }
            eligible[it->second] = true;
        }

        std::vector<std::size_t> members;
        std::vector<std::int64_t> weights;
        std::vector<std::string> names;
        for (std::size_t i = 0; i < listing.centres.size(); ++i) {
            if (!eligible[i]) continue;
            members.push_back(i);
            weights.push_back(listing.centres[i].listed);
            names.push_back(listing.centres[i].name);
            summary.listed += listing.centres[i].listed;
        }
        summary.eligible = members.size();
        if (members.empty()) {
            throw DataError({config.file, pot.line, feature, "kommuner"},
                            "ingen vårdcentral i listningen ligger i kommunerna " + fmt::format("{}", fmt::join(pot.kommuner, ", ")),
                            "kontrollera kommunkoderna i potten och kolumnen kommunkod i " + listing.file);
        }
        if (summary.listed == 0) {
            throw DataError({config.file, pot.line, feature, {}},
                            "de behöriga vårdcentralerna har inga listade patienter",
                            "potten kan inte fördelas efter listning; kontrollera listningen och behörigheten");
        }
        const auto shares = largest_remainder(pot.amount, weights, names);
        for (std::size_t k = 0; k < members.size(); ++k) {
            result.rows[members[k]].pots[p] = shares[k];
            result.rows[members[k]].eligible[p] = true;
        }
        result.pots.push_back(std::move(summary));
    }

    for (auto& row : result.rows) {
        row.sum = std::accumulate(row.pots.begin(), row.pots.end(), std::int64_t{0});
        row.vat = row.centre->driftform == Operator::Private ? percent_of(row.sum, config.vat_ppm) : 0;
        row.total = row.sum + row.vat;
        row.tertials = split_tertials(row.total);
        result.sum += row.sum;
        result.vat += row.vat;
        result.total += row.total;
        for (std::size_t t = 0; t < 3; ++t) result.tertials[t] += row.tertials[t];
    }
    return result;
}

void write_allocation_csv(std::ostream& out, const Allocation& allocation, const PotsConfig& config,
                          CsvFormat format) {
    CsvWriter w(out, format);
    std::vector<std::string> header = {"vardcentral", "kommunkod", "driftform", "listade"};
    for (const auto& pot : config.pots) header.push_back(pot.name);
    for (const char* h : {"summa_bidrag", "momskompensation", "totalt"}) header.emplace_back(h);
    if (config.per_tertial) {
        for (const char* h : {"tertial_1", "tertial_2", "tertial_3"}) header.emplace_back(h);
    }
    w.write_row(header);

    std::vector<std::int64_t> column_sums(config.pots.size(), 0);
    for (const auto& row : allocation.rows) {
        const auto& c = *row.centre;
        const std::string drift = !allocation.driftform_known            ? ""
                                  : c.driftform == Operator::Private ? "privat"
                                                                     : "region";
        std::vector<std::string> cells = {c.name, c.kommunkod, drift, std::to_string(c.listed)};
        for (std::size_t p = 0; p < row.pots.size(); ++p) {
            cells.push_back(std::to_string(row.pots[p]));
            column_sums[p] += row.pots[p];
        }
        cells.push_back(std::to_string(row.sum));
        cells.push_back(std::to_string(row.vat));
        cells.push_back(std::to_string(row.total));
        if (config.per_tertial) {
            for (auto t : row.tertials) cells.push_back(std::to_string(t));
        }
        w.write_row(cells);
    }
    std::vector<std::string> cells = {"Summa", "", "", std::to_string(allocation.listed)};
    for (auto s : column_sums) cells.push_back(std::to_string(s));
    cells.push_back(std::to_string(allocation.sum));
    cells.push_back(std::to_string(allocation.vat));
    cells.push_back(std::to_string(allocation.total));
    if (config.per_tertial) {
        for (auto t : allocation.tertials) cells.push_back(std::to_string(t));
    }
    w.write_row(cells);
}

std::vector<std::string> allocation_notes(const Allocation& allocation, const PotsConfig& config,
                                          const Listing& listing) {
    std::vector<std::string> notes;
    for (std::size_t p = 0; p < config.pots.size(); ++p) {
        const auto& pot = config.pots[p];
        const auto& s = allocation.pots[p];
        const double per_listed = static_cast<double>(pot.amount) / static_cast<double>(s.listed);
        notes.push_back(fmt::format("pott '{}': {} kr på {} {} med {} listade ({} kr per listad)",
                                    pot.name, kronor(pot.amount), s.eligible, centres_word(s.eligible), kronor(s.listed),
                                    decimal_comma(fmt::format("{:.4f}", per_listed))));
        if (!s.without_kommun.empty()) {
            notes.push_back(fmt::format("  ej med i '{}' eftersom kommunkod saknas i listningen: {}", pot.name,
                                        fmt::join(s.without_kommun, ", ")));
        }
    }
    if (!listing.has_driftform) {
        notes.push_back("listningen har ingen kolumn driftform: alla räknas som regiondrivna och ingen får momskompensation");
    } else {
        std::size_t privat = 0;
        for (const auto& c : listing.centres) privat += c.driftform == Operator::Private ? 1 : 0;
        notes.push_back(fmt::format("momskompensation {} % till {} privata {}: {} kr",
                                    decimal_comma(fmt::format("{}", config.vat_percent)), privat, centres_word(privat),
                                    kronor(allocation.vat)));
    }
    notes.push_back(fmt::format("totalt {} kr till {} {}{}", kronor(allocation.total), allocation.rows.size(),
                                centres_word(allocation.rows.size()), config.per_tertial ? ", utbetalt per tertial" : ""));
    return notes;
}

}  // namespace omrade::profiles
