#include "profiles/stats/stats_table.hpp"

#include "geo/error.hpp"
#include "profiles/stats/methods.hpp"

#include <fmt/format.h>

#include <cmath>
#include <map>
#include <optional>
#include <ostream>

namespace omrade::profiles {

// 10 significant digits: far below the 1e-6 agreement the reference comparisons need, and short.
std::string format_stats_number(const std::optional<double>& v) {
    if (!v) return {};
    const std::string s = fmt::format("{:.10g}", *v);
    return s == "-0" ? "0" : s;
}

Count read_stats_count(const TextTable& table, const TextTable::Row& row, std::size_t column, const char* name) {
    const std::string& text = row.cells.at(column);
    const Cell cell = parse_cell(text);
    const Where where{table.file, row.line, {}, table.header.at(column)};
    switch (cell.status) {
        case CellStatus::Number:
            if (cell.value < 0) {
                throw DataError(where, "negativt värde '" + text + "'", "antal och befolkning kan inte vara negativa");
            }
            return {cell.value, {}};
        case CellStatus::Dash: return {0.0, {}};
        case CellStatus::Empty: return {std::nullopt, std::string(name) + " saknas"};
        case CellStatus::NotPublished: return {std::nullopt, std::string(name) + " är inte publicerad ('..')"};
        case CellStatus::Invalid: break;
    }
    throw DataError(where, "'" + text + "' är inte ett tal", "använd siffror med decimalpunkt eller decimalkomma");
}

void refuse_stats_output_columns(const TextTable& input, const std::vector<std::string>& output_columns) {
    for (const auto& name : output_columns) {
        if (input.column(name)) {
            throw DataError({input.file, 1, {}, name}, "kolumnen finns redan i indata men skrivs av stats",
                            "byt namn på kolumnen i indatafilen");
        }
    }
}

namespace {

const char* swedish_name(std::string_view name) {
    static const std::pair<const char*, const char*> names[] = {
        {"numerator", "taljare"}, {"denominator", "namnare"}, {"group", "grupp"},     {"standard", "standardvikt"},
        {"year", "ar"},           {"value", "varde"},         {"lower", "undre"},     {"upper", "ovre"},
        {"quantile", "kvantil"},  {"population", "befolkning"}};
    for (const auto& [en, sv] : names) {
        if (name == en) return sv;
    }
    return nullptr;
}

}  // namespace

std::optional<std::size_t> stats_column(const TextTable& input, std::string_view name) {
    if (auto c = input.column(name)) return c;
    if (const char* sv = swedish_name(name)) return input.column(sv);
    return std::nullopt;
}

std::size_t require_stats_column(const TextTable& input, std::string_view name) {
    if (auto c = stats_column(input, name)) return *c;
    const char* sv = swedish_name(name);
    const auto near = closest_name(name, input.header);
    const auto near_sv = sv ? closest_name(sv, input.header) : std::nullopt;
    const auto& suggestion = near ? near : near_sv;
    throw DataError({input.file, 1, {}, std::string(name)}, sv ? "kolumnen saknas (eller '" + std::string(sv) + "')" : "kolumnen saknas",
                    (suggestion ? "menade du '" + *suggestion + "'? " : std::string()) + "kolumner som finns: " +
                        input.header_list());
}

namespace {

void append_estimate(std::vector<std::string>& cells, const Estimate& e) {
    cells.push_back(format_stats_number(e.value));
    cells.push_back(format_stats_number(e.lower));
    cells.push_back(format_stats_number(e.upper));
}

// Adds the note column only when some row has a note, so clean input gives clean output.
void finish_notes(StatsTable& out, const std::vector<std::string>& notes) {
    bool any = false;
    for (const auto& n : notes) any = any || !n.empty();
    if (!any) return;
    out.header.push_back("note");
    for (std::size_t i = 0; i < out.rows.size(); ++i) out.rows[i].push_back(notes[i]);
}

StatsTable crude(StatsMethod method, const TextTable& input, double confidence, double multiplier) {
    const std::size_t num_col = require_stats_column(input, "numerator");
    const std::size_t den_col = require_stats_column(input, "denominator");
    refuse_stats_output_columns(input, {"value", "lower", "upper", "note"});
    StatsTable out;
    out.header = input.header;
    out.header.insert(out.header.end(), {"value", "lower", "upper"});
    std::vector<std::string> notes;
    for (const auto& row : input.rows) {
        const Count x = read_stats_count(input, row, num_col, "täljaren");
        const Count n = read_stats_count(input, row, den_col, "nämnaren");
        Estimate e;
        if (!x.value || !n.value) {
            e.status = ValueStatus::missing;
            e.note = !x.value ? x.note : n.note;
        } else if (method == StatsMethod::proportion) {
            if (*x.value > *n.value) {
                throw DataError({input.file, row.line, {}, input.header[num_col]},
                                "täljaren " + row.cells[num_col] + " är större än nämnaren " + row.cells[den_col],
                                "en andel kräver täljare <= nämnare; använd 'rate' för kvoter");
            }
            e = proportion(*x.value, *n.value, confidence, multiplier);
        } else {
            e = rate(*x.value, *n.value, confidence, multiplier);
        }
        std::vector<std::string> cells = row.cells;
        append_estimate(cells, e);
        out.rows.push_back(std::move(cells));
        notes.push_back(e.note);
    }
    finish_notes(out, notes);
    return out;
}

StatsTable standardised(const TextTable& input, double confidence, double multiplier) {
    const std::size_t group_col = require_stats_column(input, "group");
    const std::size_t num_col = require_stats_column(input, "numerator");
    const std::size_t den_col = require_stats_column(input, "denominator");
    const std::size_t std_col = require_stats_column(input, "standard");
    struct Group {
        std::string name;
        long first_line = 0;
        std::vector<AgeBandCount> bands;
        std::string missing_note;  // first band whose count is absent
        double numerator = 0, denominator = 0;
    };
    std::vector<Group> groups;
    std::map<std::string, std::size_t> index;
    for (const auto& row : input.rows) {
        const std::string& name = row.cells[group_col];
        auto [it, inserted] = index.emplace(name, groups.size());
        if (inserted) groups.push_back({name, row.line, {}, {}, 0, 0});
        Group& g = groups[it->second];
        const Count x = read_stats_count(input, row, num_col, "täljaren");
        const Count n = read_stats_count(input, row, den_col, "nämnaren");
        const Count w = read_stats_count(input, row, std_col, "standardvikten");
        if (!w.value) {
            throw DataError({input.file, row.line, {}, input.header[std_col]}, w.note,
                            "standardbefolkningen måste finnas för varje åldersgrupp");
        }
        if (x.value && n.value && *n.value == 0 && *x.value > 0) {
            throw DataError({input.file, row.line, name, input.header[den_col]},
                            "åldersgruppen har " + row.cells[num_col] + " händelser men befolkningen 0",
                            "kontrollera befolkningen i åldersgruppen; en tom grupp har 0 händelser och befolkning 0");
        }
        if (x.value && n.value) {
            g.bands.push_back({*x.value, *n.value, *w.value});
            g.numerator += *x.value;
            g.denominator += *n.value;
        } else if (g.missing_note.empty()) {
            g.missing_note = (!x.value ? x.note : n.note) + " i en åldersgrupp (rad " + std::to_string(row.line) + ")";
        }
    }
    // phe_dsr matches age bands by position: every group needs the same number of rows.
    std::map<std::string, std::size_t> rows_per_group;
    for (const auto& row : input.rows) ++rows_per_group[row.cells[group_col]];
    for (const auto& g : groups) {
        const std::size_t first = rows_per_group[groups.front().name];
        if (rows_per_group[g.name] != first) {
            throw DataError({input.file, g.first_line, g.name, input.header[group_col]},
                            "gruppen har " + std::to_string(rows_per_group[g.name]) + " åldersgrupper men '" +
                                groups.front().name + "' har " + std::to_string(first),
                            "varje grupp ska ha en rad per åldersgrupp, samma åldersgrupper i alla grupper");
        }
    }
    StatsTable out;
    out.header = {"group", "numerator", "denominator", "value", "lower", "upper"};
    std::vector<std::string> notes;
    for (const auto& g : groups) {
        Estimate e;
        if (!g.missing_note.empty()) {
            e.status = ValueStatus::missing;
            e.note = g.missing_note;
        } else {
            e = dsr(g.bands, confidence, multiplier);
        }
        std::vector<std::string> cells = {g.name, format_stats_number(g.numerator), format_stats_number(g.denominator)};
        if (!g.missing_note.empty()) cells[1] = cells[2] = "";
        append_estimate(cells, e);
        out.rows.push_back(std::move(cells));
        notes.push_back(e.note);
    }
    finish_notes(out, notes);
    return out;
}

// A required number cell of the sii input.
double required_number(const TextTable& table, const TextTable::Row& row, std::size_t column) {
    const std::string& text = row.cells.at(column);
    const Cell cell = parse_cell(text);
    const Where where{table.file, row.line, {}, table.header.at(column)};
    if (cell.status == CellStatus::Number) return cell.value;
    if (cell.status == CellStatus::Dash) return 0.0;
    if (cell.status == CellStatus::Invalid)
        throw DataError(where, "'" + text + "' är inte ett tal", "använd siffror med decimalpunkt eller decimalkomma");
    throw DataError(where, "värdet saknas", "phe_sii behöver befolkning, värde och 95 %-gränser för varje kvantil");
}

}  // namespace

SiiValueType parse_sii_type(std::string_view name) {
    if (name == "proportion") return SiiValueType::proportion;
    if (name == "rate") return SiiValueType::rate;
    if (name == "other") return SiiValueType::other;
    throw UsageError("okänd typ '" + std::string(name) + "' för sii; använd proportion, rate eller other");
}

StatsTable compute_sii_table(const TextTable& input, const SiiTableOptions& options) {
    const std::size_t group_col = require_stats_column(input, "group");
    const std::size_t q_col = require_stats_column(input, "quantile");
    const std::size_t pop_col = require_stats_column(input, "population");
    const std::size_t value_col = require_stats_column(input, "value");
    const std::size_t lower_col = require_stats_column(input, "lower");
    const std::size_t upper_col = require_stats_column(input, "upper");
    struct Group {
        std::string name;
        long first_line = 0;
        std::map<long, SiiQuantile> quantiles;
    };
    std::vector<Group> groups;
    std::map<std::string, std::size_t> index;
    std::map<long, long> labels;  // quantile label → first line
    for (const auto& row : input.rows) {
        const std::string& name = row.cells[group_col];
        auto [it, inserted] = index.emplace(name, groups.size());
        if (inserted) groups.push_back({name, row.line, {}});
        Group& g = groups[it->second];
        const double qv = required_number(input, row, q_col);
        if (!(qv >= 1 && qv == std::floor(qv) && qv <= 1e6)) {
            throw DataError({input.file, row.line, name, input.header[q_col]}, "kvantilen '" + row.cells[q_col] + "' är inte ett heltal >= 1",
                            "numrera kvantilerna 1, 2, ... med 1 = mest utsatt");
        }
        const auto q = static_cast<long>(qv);
        labels.emplace(q, row.line);
        SiiQuantile sq;
        sq.population = required_number(input, row, pop_col);
        sq.value = required_number(input, row, value_col);
        sq.lower = required_number(input, row, lower_col);
        sq.upper = required_number(input, row, upper_col);
        if (!(sq.population > 0)) {
            throw DataError({input.file, row.line, name, input.header[pop_col]}, "befolkningen är inte större än 0",
                            "phe_sii kräver befolkning > 0 i varje kvantil");
        }
        if (options.type == SiiValueType::proportion) {
            for (std::size_t c : {value_col, lower_col, upper_col}) {
                const double v = c == value_col ? sq.value : c == lower_col ? sq.lower : sq.upper;
                if (v < 0 || v > 1) {
                    throw DataError({input.file, row.line, name, input.header[c]}, "andelen " + row.cells[c] + " ligger inte mellan 0 och 1",
                                    "ange andelar som 0–1 (inte procent) för proportion");
                }
            }
        }
        if (!g.quantiles.emplace(q, sq).second) {
            throw DataError({input.file, row.line, name, input.header[q_col]}, "kvantil " + std::to_string(q) + " förekommer två gånger i gruppen",
                            "en rad per grupp och kvantil");
        }
    }
    if (labels.size() < 5 || labels.size() > 100) {
        throw DataError({input.file, 1, {}, input.header[q_col]},
                        "filen har " + std::to_string(labels.size()) + " olika kvantiler; phe_sii kräver 5 till 100",
                        "använd t.ex. kvintiler (1–5) eller deciler (1–10)");
    }
    StatsTable out;
    out.header = {"group", "sii", "sii_lower_95", "sii_upper_95", "sii_lower_998", "sii_upper_998",
                  "rii", "rii_lower_95", "rii_upper_95", "rii_lower_998", "rii_upper_998"};
    std::vector<std::string> notes;
    SiiOptions so;
    so.type = options.type;
    so.multiplier = options.multiplier;
    so.repetitions = options.repetitions;
    for (const auto& g : groups) {
        std::vector<std::string> cells = {g.name};
        std::string missing;
        for (const auto& [q, line] : labels) {
            if (!g.quantiles.count(q)) missing += (missing.empty() ? "" : ", ") + std::to_string(q);
        }
        if (!missing.empty()) {
            cells.resize(out.header.size());
            out.rows.push_back(std::move(cells));
            notes.push_back("gruppen saknar kvantil " + missing + " (phe_sii beräknar inte SII då)");
            continue;
        }
        std::vector<SiiQuantile> ordered;
        for (const auto& [q, sq] : g.quantiles) ordered.push_back(sq);  // ascending: 1 = most deprived first
        const SiiResult r = phe_sii(ordered, so);
        cells.push_back(format_stats_number(r.sii95.value));
        for (const Estimate* e : {&r.sii95, &r.sii998}) {
            cells.push_back(format_stats_number(e->lower));
            cells.push_back(format_stats_number(e->upper));
        }
        cells.push_back(format_stats_number(r.rii95.value));
        for (const Estimate* e : {&r.rii95, &r.rii998}) {
            cells.push_back(format_stats_number(e->lower));
            cells.push_back(format_stats_number(e->upper));
        }
        out.rows.push_back(std::move(cells));
        notes.push_back(!r.sii95.note.empty() ? r.sii95.note : r.rii95.note);
    }
    finish_notes(out, notes);
    return out;
}

StatsMethod parse_stats_method(std::string_view name) {
    if (name == "proportion") return StatsMethod::proportion;
    if (name == "rate") return StatsMethod::rate;
    if (name == "dsr") return StatsMethod::dsr;
    throw UsageError("okänd metod '" + std::string(name) + "'; använd proportion, rate eller dsr");
}

double default_multiplier(StatsMethod method) {
    return method == StatsMethod::proportion ? 100.0 : 100000.0;
}

StatsTable compute_stats(StatsMethod method, const TextTable& input, const StatsOptions& options) {
    const double multiplier = options.multiplier > 0 ? options.multiplier : default_multiplier(method);
    if (method == StatsMethod::dsr) return standardised(input, options.confidence, multiplier);
    return crude(method, input, options.confidence, multiplier);
}

void write_stats_csv(const StatsTable& table, std::ostream& out) {
    CsvWriter writer(out, CsvFormat::Intl);
    writer.write_row(table.header);
    for (const auto& row : table.rows) writer.write_row(row);
}

}  // namespace omrade::profiles
