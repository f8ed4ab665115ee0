#include "profiles/input/statistics.hpp"

#include "geo/error.hpp"
#include "profiles/input/jsonstat.hpp"
#include "profiles/input/population.hpp"
#include "profiles/input/table.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

namespace omrade::profiles {

bool Statistics::any_synthetic() const {
    return std::any_of(sources.begin(), sources.end(), [](const auto& s) { return s.synthetic; });
}

std::vector<const StatRow*> Statistics::of(const std::string& indicator) const {
    std::vector<const StatRow*> out;
    for (const auto& r : rows) {
        if (r.indicator == indicator) out.push_back(&r);
    }
    return out;
}

std::optional<int> Statistics::latest_year(const std::string& indicator) const {
    std::optional<int> best;
    for (const auto& r : rows) {
        if (r.indicator == indicator && (!best || r.year > *best)) best = r.year;
    }
    return best;
}

namespace {

// Resolves a code to an area; nullopt = a valid code of a kommun outside the area set.
std::optional<std::size_t> join_code(const AreaSet& areas, const std::string& raw, const Where& where) {
    const std::string code = normalize_area_code(raw, areas.version, where);
    if (auto a = areas.find(code)) return a;
    const bool deso = areas.version.rfind("DeSO", 0) == 0;
    if (deso && is_deso_code(code) && !kommun_in_area_set(areas, code.substr(0, 4))) return std::nullopt;
    if (code.empty()) throw DataError(where, "områdeskoden saknas");
    throw DataError(where, "okänd områdeskod '" + code + "'",
                    deso && !is_deso_code(code)
                        ? "en DeSO-kod har 9 tecken: 4 siffror kommunkod, A/B/C, 4 siffror"
                        : "koden finns inte i områdeslagret (" + areas.version +
                              "); kontrollera DeSO-version och stavning");
}

// Where a row's counts go: one area with share 1, or for a DeSO 2018 source the 2025 parts of
// its DeSO by the key. An empty result = outside the area set or (revision) unmatched; both are
// counted here.
struct Target {
    std::size_t area = 0;
    double share = 1;
};

std::vector<Target> locate(const AreaSet& areas, const DivisionKey* key, const std::string& raw, const Where& where,
                           StatSourceReport& rep) {
    if (!key) {
        if (auto a = join_code(areas, raw, where)) return {{*a, 1.0}};
        ++rep.rows_outside;
        return {};
    }
    RevisionAccounting& acc = *rep.revision;
    const std::string code = normalize_area_code(raw, "DeSO2018", where);
    const RevisionResult r = revise(*key, code);
    if (r.outcome == RevisionOutcome::unmatched) {
        if (is_deso_code(code) && !kommun_in_area_set(areas, code.substr(0, 4))) {
            ++rep.rows_outside;
        } else {
            ++acc.unmatched;
            if (acc.unmatched_codes.empty() || acc.unmatched_codes.back() != code) acc.unmatched_codes.push_back(code);
        }
        return {};
    }
    std::vector<Target> out;
    for (const auto& piece : r.pieces) {
        const Where at{where.file, where.line, piece.code, key->source};
        if (auto a = join_code(areas, piece.code, at)) out.push_back({*a, piece.share});
    }
    if (out.empty()) {
        ++rep.rows_outside;
        return out;
    }
    ++(r.outcome == RevisionOutcome::carried ? acc.carried : acc.shared);
    acc.pieces += out.size();
    return out;
}

std::optional<double> scaled(std::optional<double> count, double share) {
    if (!count || share == 1.0) return count;
    return *count * share;
}

int parse_year(const TextTable& t, const TextTable::Row& row, std::size_t col) {
    const auto v = number_at(t, row, col);
    if (!v || *v != std::floor(*v) || *v < 1900 || *v > 2100) {
        throw DataError({t.file, row.line, {}, t.header[col]}, "'" + row.cells[col] + "' är inget årtal");
    }
    return static_cast<int>(*v);
}

const std::vector<std::string> long_fields = {"desokod", "indikator", "ar", "kon", "aldersgrupp", "taljare", "namnare",
                                              "varde", "undre", "ovre"};

void read_long(const TextTable& t, const StatisticsSource& src, std::size_t src_index, const AreaSet& areas,
               const DivisionKey* key, Statistics& stats, StatSourceReport& rep, Problems& problems) {
    std::vector<std::string> known = long_fields;
    if (src.code_field != "desokod") known.push_back(src.code_field);
    t.reject_misspelled_columns(known);
    const std::size_t code_col = area_code_column(t, src.code_field);
    const std::size_t ind_col = t.require_column("indikator");
    const auto year_col = t.column("ar");
    const auto sex_col = t.column("kon");
    const auto age_col = t.column("aldersgrupp");
    const auto num_col = t.column("taljare");
    const auto den_col = t.column("namnare");
    const auto val_col = t.column("varde");
    const auto low_col = t.column("undre");
    const auto up_col = t.column("ovre");
    if (!num_col && !val_col) {
        const auto near = closest_name("taljare", t.header);
        throw DataError({t.file, 1, {}, "taljare"}, "tabellen saknar både 'taljare' och 'varde'",
                        (near ? "menade du '" + *near + "'? " : std::string()) +
                            "ett långt statistikformat behöver taljare (och namnare) eller varde; kolumner som finns: " +
                            t.header_list() + "; en annan rubrik kan anges med falt i konfigurationen");
    }
    if (!year_col && !src.year) {
        throw DataError({t.file, 1, {}, "ar"}, "kolumnen 'ar' saknas", "lägg till den eller ange ar = ... i konfigurationen");
    }
    std::set<std::string> indicators;
    for (const auto& row : t.rows) {
        ++rep.rows_read;
        problems.attempt([&] {
        const auto targets = locate(areas, key, row.cells[code_col], {t.file, row.line, {}, t.header[code_col]}, rep);
        if (targets.empty()) return;
        StatRow r;
        r.indicator = row.cells[ind_col];
        if (r.indicator.empty()) throw DataError({t.file, row.line, {}, "indikator"}, "indikatorn saknas");
        r.year = year_col ? parse_year(t, row, *year_col) : *src.year;
        if (sex_col && !row.cells[*sex_col].empty()) r.sex = row.cells[*sex_col];
        if (age_col && !row.cells[*age_col].empty()) r.age = row.cells[*age_col];
        if (num_col) r.numerator = number_at(t, row, *num_col, true);
        if (den_col) r.denominator = number_at(t, row, *den_col, true);
        if (val_col) r.value = number_at(t, row, *val_col, true);
        if (low_col) r.lower = number_at(t, row, *low_col, true);
        if (up_col) r.upper = number_at(t, row, *up_col, true);
        for (auto [v, col] : {std::pair{r.numerator, num_col}, std::pair{r.denominator, den_col}}) {
            if (v && *v < 0) throw DataError({t.file, row.line, {}, t.header[*col]}, "antal får inte vara negativa");
        }
        r.not_published = !r.numerator && !r.value;
        if (r.not_published) ++rep.rows_not_published;
        r.source = src_index;
        r.line = row.line;
        r.converted = key != nullptr;
        indicators.insert(r.indicator);
        for (const Target& target : targets) {
            StatRow piece = r;
            piece.area = target.area;
            piece.numerator = scaled(r.numerator, target.share);
            piece.denominator = scaled(r.denominator, target.share);
            stats.rows.push_back(std::move(piece));
            ++rep.rows_joined;
        }
        });
    }
    rep.indicators.assign(indicators.begin(), indicators.end());
}

// A column of text only (no cell a number, '-' or empty/'..' alone does not count): the first
// text cell, or nullopt when the column has a number or no text.
std::optional<LeftOutColumn> text_only(const TextTable& t, std::size_t col) {
    std::optional<LeftOutColumn> first;
    for (const auto& row : t.rows) {
        const Cell c = parse_cell(row.cells[col]);
        if (c.status == CellStatus::Number || c.status == CellStatus::Dash) return std::nullopt;
        if (c.status == CellStatus::Invalid && !first) first = LeftOutColumn{t.header[col], row.line, row.cells[col]};
    }
    return first;
}

void read_wide(const TextTable& t, const StatisticsSource& src, std::size_t src_index, const AreaSet& areas,
               const DivisionKey* key, Statistics& stats, StatSourceReport& rep, Problems& problems) {
    const std::size_t code_col = area_code_column(t, src.code_field);
    if (!src.year) {
        throw DataError({t.file, 0, {}, "ar"}, "en bred tabell behöver ett år",
                        "ange ar = ... under [[statistik]] i konfigurationen");
    }
    std::vector<std::size_t> cols;
    std::vector<std::string> ids;
    if (!src.columns.empty()) {
        for (const auto& c : src.columns) {
            if (!t.column(c.column)) {
                const auto near = closest_name(c.column, t.header);
                problems.add(DataError({t.file, 1, {}, c.column}, "kolumnen saknas (kolumner i konfigurationen, rad " +
                                                                    std::to_string(c.line) + ")",
                                       (near ? "menade du '" + *near + "'? " : std::string()) +
                                           "kolumner som finns: " + t.header_list()));
                continue;
            }
            cols.push_back(*t.column(c.column));
            ids.push_back(c.id);
        }
    } else {
        // All columns but the code, known key columns and columns of text only.
        for (std::size_t i = 0; i < t.header.size(); ++i) {
            const std::string k = column_key(t.header[i]);
            if (i == code_col || k == "kommunkod" || k == "kommunnamn" || k == "regsokod" || k == "lanskod") continue;
            if (auto text = text_only(t, i)) {
                rep.columns_left_out.push_back(std::move(*text));
                continue;
            }
            cols.push_back(i);
            ids.push_back(t.header[i]);
        }
    }
    rep.indicators = ids;
    for (const auto& row : t.rows) {
        for (std::size_t k = 0; k < cols.size(); ++k) {
            const std::size_t c = cols[k];
            ++rep.rows_read;
            problems.attempt([&] {
            // Located per cell so that the revision accounting counts cells, as rows_read does.
            const auto targets = locate(areas, key, row.cells[code_col], {t.file, row.line, {}, t.header[code_col]}, rep);
            if (targets.empty()) return;
            StatRow r;
            r.indicator = ids[k];
            r.year = *src.year;
            r.value = number_at(t, row, c, true);
            r.not_published = !r.value;
            if (r.not_published) ++rep.rows_not_published;
            r.source = src_index;
            r.line = row.line;
            r.converted = key != nullptr;
            // A wide table holds values (shares, means): carried unchanged to every part.
            for (const Target& target : targets) {
                StatRow piece = r;
                piece.area = target.area;
                stats.rows.push_back(std::move(piece));
                ++rep.rows_joined;
            }
            });
        }
    }
}

// Several 2018 DeSOs merged into one 2025 DeSO give rows with the same key: counts are added, a
// value is the mean weighted by the denominator (else equally), limits are dropped (unknown).
void merge_converted(std::vector<StatRow>& rows, std::size_t first, StatSourceReport& rep) {
    auto key = [](const StatRow& r) { return std::tie(r.indicator, r.area, r.year, r.sex, r.age); };
    std::map<std::tuple<std::string, std::size_t, int, std::string, std::string>, std::size_t> index;
    std::vector<StatRow> kept(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(first));
    struct Mean {
        double sum = 0, weight = 0;
    };
    std::vector<Mean> means;
    for (std::size_t i = first; i < rows.size(); ++i) {
        StatRow& r = rows[i];
        const double w = r.denominator.value_or(1.0);
        const auto [it, inserted] = index.emplace(key(r), kept.size());
        if (inserted) {
            means.push_back({r.value ? *r.value * w : 0.0, r.value ? w : 0.0});
            kept.push_back(std::move(r));
            continue;
        }
        StatRow& into = kept[it->second];
        Mean& m = means[it->second - first];
        auto add = [](std::optional<double>& a, const std::optional<double>& b) { a = a && b ? std::optional(*a + *b) : std::nullopt; };
        add(into.numerator, r.numerator);
        add(into.denominator, r.denominator);
        if (r.value) {
            m.sum += *r.value * w;
            m.weight += w;
        }
        into.value = m.weight > 0 ? std::optional(m.sum / m.weight) : std::nullopt;
        into.lower.reset();
        into.upper.reset();
        into.not_published = !into.numerator && !into.value;
        ++rep.revision->merged;
        --rep.rows_joined;
    }
    rows = std::move(kept);
}

}  // namespace

std::size_t area_code_column(const TextTable& t, const std::string& code_field) {
    if (column_key(code_field) == "desokod") return t.require_column({"desokod", "deso"});
    return t.require_column(code_field);
}

Statistics read_statistics(const std::vector<StatisticsSource>& sources, const AreaSet& areas, Problems& problems) {
    Statistics stats;
    for (std::size_t i = 0; i < sources.size(); ++i) {
        const auto& src = sources[i];
        // Every source gets its report entry, also one that failed while collecting problems:
        // StatRow::source indexes them.
        stats.sources.emplace_back();
        stats.sources.back().source = src.source;
        problems.attempt([&] {
        const std::size_t problems_before = problems.count();
        TextTable t = src.format == "jsonstat" ? read_jsonstat(src.source, src.code_field) : read_table(src.source);
        std::vector<std::string> known = src.format == "bred" ? std::vector<std::string>{"desokod"} : long_fields;
        if (src.code_field != "desokod") known.push_back(src.code_field);
        t.map_fields(src.fields, known);
        StatSourceReport& rep = stats.sources.back();
        rep.source = src.source;
        rep.format = src.format;
        rep.encoding = t.encoding;
        rep.synthetic = src.synthetic;
        rep.blank_rows = t.blank_rows;
        rep.file_rows = t.file_rows;
        rep.data_rows = t.rows.size();
        std::optional<DivisionKey> key;
        if (!src.key.empty()) {
            key = read_division_key(src.key);
            rep.revision = RevisionAccounting{src.division, src.key, 0, 0, 0, 0, 0, {}};
        }
        const DivisionKey* division_key = key ? &*key : nullptr;
        const std::size_t before = stats.rows.size();
        if (src.format == "bred") read_wide(t, src, i, areas, division_key, stats, rep, problems);
        else read_long(t, src, i, areas, division_key, stats, rep, problems);
        if (division_key) merge_converted(stats.rows, before, rep);
        if (problems.count() > problems_before) return;  // the whole-file checks would only repeat them
        if (rep.rows_joined == 0) {
            throw DataError({t.file, 0, {}, {}},
                            rep.rows_read == 0 ? "statistikkällan har inga rader (bara rubrikraden)"
                                               : "ingen av källans " + std::to_string(rep.rows_read) +
                                                     " värden hör till ett område i områdeslagret",
                            "kontrollera filen och att områdeskoderna hör till områdena (" + areas.version + ")");
        }
        std::vector<bool> has(areas.size(), false);
        for (std::size_t k = before; k < stats.rows.size(); ++k) has[stats.rows[k].area] = true;
        for (std::size_t a = 0; a < areas.size(); ++a) {
            if (!has[a]) rep.areas_without_rows.push_back(areas.areas[a].code);
        }
        });
    }
    // The same key twice would make every aggregate ambiguous.
    std::vector<std::size_t> order(stats.rows.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    auto key = [&](std::size_t i) {
        const auto& r = stats.rows[i];
        return std::tie(r.indicator, r.area, r.year, r.sex, r.age);
    };
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return key(a) < key(b); });
    for (std::size_t k = 1; k < order.size() && problems.empty(); ++k) {
        if (key(order[k - 1]) == key(order[k])) {
            const auto& a = stats.rows[order[k - 1]];
            const auto& b = stats.rows[order[k]];
            throw DataError({stats.sources[b.source].source, b.line, areas.areas[b.area].code, "indikator"},
                            "raden upprepar " + b.indicator + " " + std::to_string(b.year) + " (" + b.sex + ", " + b.age +
                                ") från " + stats.sources[a.source].source + " rad " + std::to_string(a.line),
                            "varje område, indikator, år, kön och åldersgrupp får finnas en gång");
        }
    }
    return stats;
}

}  // namespace omrade::profiles
