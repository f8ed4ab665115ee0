#include "profiles/stats/stats_table.hpp"

#include "geo/error.hpp"
#include "profiles/stats/methods.hpp"

#include <fmt/format.h>

#include <map>
#include <optional>
#include <ostream>

namespace omrade::profiles {

namespace {

// 10 significant digits: far below the 1e-6 agreement the reference comparisons need, and short.
std::string format_number(const std::optional<double>& v) {
    if (!v) return {};
    const std::string s = fmt::format("{:.10g}", *v);
    return s == "-0" ? "0" : s;
}

// A count cell: a number >= 0, or nullopt with a note for empty and '..' cells.
struct Count {
    std::optional<double> value;
    std::string note;
};

Count read_count(const TextTable& table, const TextTable::Row& row, std::size_t column, const char* name) {
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

void refuse_output_columns(const TextTable& input, const std::vector<std::string>& output_columns) {
    for (const auto& name : output_columns) {
        if (input.column(name)) {
            throw DataError({input.file, 1, {}, name}, "kolumnen finns redan i indata men skrivs av stats",
                            "byt namn på kolumnen i indatafilen");
        }
    }
}

void append_estimate(std::vector<std::string>& cells, const Estimate& e) {
    cells.push_back(format_number(e.value));
    cells.push_back(format_number(e.lower));
    cells.push_back(format_number(e.upper));
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
    const std::size_t num_col = input.require_column("numerator");
    const std::size_t den_col = input.require_column("denominator");
    refuse_output_columns(input, {"value", "lower", "upper", "note"});
    StatsTable out;
    out.header = input.header;
    out.header.insert(out.header.end(), {"value", "lower", "upper"});
    std::vector<std::string> notes;
    for (const auto& row : input.rows) {
        const Count x = read_count(input, row, num_col, "täljaren");
        const Count n = read_count(input, row, den_col, "nämnaren");
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
    const std::size_t group_col = input.require_column("group");
    const std::size_t num_col = input.require_column("numerator");
    const std::size_t den_col = input.require_column("denominator");
    const std::size_t std_col = input.require_column("standard");
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
        const Count x = read_count(input, row, num_col, "täljaren");
        const Count n = read_count(input, row, den_col, "nämnaren");
        const Count w = read_count(input, row, std_col, "standardvikten");
        if (!w.value) {
            throw DataError({input.file, row.line, {}, input.header[std_col]}, w.note,
                            "standardbefolkningen måste finnas för varje åldersgrupp");
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
        std::vector<std::string> cells = {g.name, format_number(g.numerator), format_number(g.denominator)};
        if (!g.missing_note.empty()) cells[1] = cells[2] = "";
        append_estimate(cells, e);
        out.rows.push_back(std::move(cells));
        notes.push_back(e.note);
    }
    finish_notes(out, notes);
    return out;
}

}  // namespace

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
