#include "profiles/stats/trend_table.hpp"

#include "geo/error.hpp"
#include "profiles/stats/trend.hpp"

#include <fmt/format.h>

#include <map>
#include <optional>

namespace omrade::profiles {

namespace {

struct Reader {
    const TextTable& table;

    Where where(const TextTable::Row& row, std::size_t column) const {
        return {table.file, row.line, {}, table.header.at(column)};
    }

    // A number, nullopt for a missing cell ('' or '..'), 0 for '-'.
    std::optional<double> number(const TextTable::Row& row, std::size_t column) const {
        const std::string& text = row.cells.at(column);
        const Cell cell = parse_cell(text);
        switch (cell.status) {
            case CellStatus::Number: return cell.value;
            case CellStatus::Dash: return 0.0;
            case CellStatus::Empty:
            case CellStatus::NotPublished: return std::nullopt;
            case CellStatus::Invalid: break;
        }
        throw DataError(where(row, column), "'" + text + "' är inte ett tal",
                        "använd siffror med decimalpunkt eller decimalkomma");
    }

    std::optional<double> count(const TextTable::Row& row, std::size_t column) const {
        const auto v = number(row, column);
        if (v && *v < 0) {
            throw DataError(where(row, column), "negativt värde '" + row.cells[column] + "'",
                            "antal och befolkning kan inte vara negativa");
        }
        return v;
    }

    double year(const TextTable::Row& row, std::size_t column) const {
        const auto v = number(row, column);
        if (!v) throw DataError(where(row, column), "året saknas", "ange år för varje rad, t.ex. 2024");
        return *v;
    }
};

std::string format_year(double year) { return fmt::format("{:.10g}", year); }

struct Group {
    std::string name;
    std::vector<ProportionPoint> proportions;
    std::vector<ValuePoint> values;
    std::map<double, long> lines_by_year;  // for the duplicate-year message
    long duplicate_line = 0;
    double duplicate_year = 0;
};

}  // namespace

TrendInput parse_trend_input(std::string_view name) {
    if (name == "proportion") return TrendInput::proportion;
    if (name == "other") return TrendInput::other;
    throw UsageError("okänd typ '" + std::string(name) + "' för stats trend; använd proportion eller other");
}

StatsTable compute_trend_table(TrendInput kind, const TextTable& input, double confidence) {
    const Reader read{input};
    const std::optional<std::size_t> group_col = stats_column(input, "group");
    const std::size_t year_col = require_stats_column(input, "year");
    std::size_t a = 0, b = 0, c = 0;
    if (kind == TrendInput::proportion) {
        a = require_stats_column(input, "numerator");
        b = require_stats_column(input, "denominator");
    } else {
        a = require_stats_column(input, "value");
        b = require_stats_column(input, "lower");
        c = require_stats_column(input, "upper");
    }
    std::vector<Group> groups;
    std::map<std::string, std::size_t> index;
    for (const auto& row : input.rows) {
        const std::string name = group_col ? row.cells[*group_col] : std::string();
        auto [it, inserted] = index.emplace(name, groups.size());
        if (inserted) groups.push_back({name, {}, {}, {}, 0, 0});
        Group& g = groups[it->second];
        const double year = read.year(row, year_col);
        if (!g.lines_by_year.emplace(year, row.line).second && g.duplicate_line == 0) {
            g.duplicate_line = row.line;
            g.duplicate_year = year;
        }
        if (kind == TrendInput::proportion) {
            const auto x = read.count(row, a);
            const auto n = read.count(row, b);
            if (x && n && *x > *n) {
                throw DataError(read.where(row, a),
                                "täljaren " + row.cells[a] + " är större än nämnaren " + row.cells[b],
                                "en andel kräver täljare <= nämnare; använd 'other' med värde och gränser");
            }
            g.proportions.push_back({year, x, n});
        } else {
            const auto v = read.number(row, a);
            const auto lo = read.number(row, b);
            const auto up = read.number(row, c);
            if (lo && up && *lo > *up) {
                throw DataError(read.where(row, b),
                                "nedre gränsen " + row.cells[b] + " är större än den övre " + row.cells[c],
                                "kontrollera att lower och upper inte har bytt plats");
            }
            g.values.push_back({year, v, lo, up});
        }
    }
    // assign_trend_markers stops for a duplicate year in ungrouped data and marks the group
    // otherwise.
    if (groups.size() == 1 && groups.front().duplicate_line != 0) {
        const Group& g = groups.front();
        throw DataError({input.file, g.duplicate_line, g.name, input.header[year_col]},
                        "året " + format_year(g.duplicate_year) + " förekommer redan på rad " +
                            std::to_string(g.lines_by_year.at(g.duplicate_year)),
                        "varje år får bara förekomma en gång per grupp");
    }
    StatsTable out;
    out.header = {"group", "year", "trend", "reason"};
    for (const Group& g : groups) {
        const TrendResult t = kind == TrendInput::proportion ? proportion_trend(g.proportions)
                                                              : value_trend(g.values, confidence);
        out.rows.push_back({g.name, format_year(t.year), trend_code(t.direction), trend_reason_text(t.reason)});
    }
    return out;
}

}  // namespace omrade::profiles
