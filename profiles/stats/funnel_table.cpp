#include "profiles/stats/funnel_table.hpp"

#include "geo/error.hpp"

#include <optional>

namespace omrade::profiles {

FunnelStatistic parse_funnel_statistic(std::string_view name) {
    if (name == "proportion") return FunnelStatistic::proportion;
    if (name == "rate") return FunnelStatistic::rate;
    throw UsageError("okänd typ '" + std::string(name) + "' för stats funnel; använd proportion eller rate");
}

double default_funnel_multiplier(FunnelStatistic statistic) {
    return statistic == FunnelStatistic::proportion ? 100.0 : 1000.0;
}

StatsTable compute_funnel_table(FunnelStatistic statistic, const TextTable& input, double multiplier) {
    const std::vector<std::string> added{"value", "average", "lower_95", "upper_95", "lower_998", "upper_998",
                                         "significance"};
    const std::size_t num_col = require_stats_column(input, "numerator");
    const std::size_t den_col = require_stats_column(input, "denominator");
    std::vector<std::string> clash = added;
    clash.push_back("note");
    refuse_stats_output_columns(input, clash);

    std::vector<std::optional<FunnelUnit>> units;
    std::vector<std::string> notes;
    std::vector<FunnelUnit> usable;
    for (const auto& row : input.rows) {
        const Count x = read_stats_count(input, row, num_col, "täljaren");
        const Count n = read_stats_count(input, row, den_col, "nämnaren");
        if (!x.value || !n.value) {
            units.emplace_back();
            notes.push_back((!x.value ? x.note : n.note) + "; raden ingår inte i medelvärdet");
            continue;
        }
        if (*n.value == 0) {
            throw DataError({input.file, row.line, {}, input.header[den_col]}, "nämnaren är 0",
                            "en enhet i ett trattdiagram behöver en nämnare större än 0; ta bort raden eller lämna täljaren tom");
        }
        if (statistic == FunnelStatistic::proportion && *x.value > *n.value) {
            throw DataError({input.file, row.line, {}, input.header[num_col]},
                            "täljaren " + row.cells[num_col] + " är större än nämnaren " + row.cells[den_col],
                            "en andel kräver täljare <= nämnare; använd 'rate' för kvoter");
        }
        units.push_back(FunnelUnit{*x.value, *n.value});
        usable.push_back(*units.back());
        notes.emplace_back();
    }
    if (usable.empty()) {
        throw DataError({input.file, 0, {}, input.header[num_col]}, "ingen rad har både täljare och nämnare",
                        "ett trattdiagram behöver minst en enhet med värden");
    }
    const double average = funnel_average(usable, statistic);

    StatsTable out;
    out.header = input.header;
    out.header.insert(out.header.end(), added.begin(), added.end());
    bool any_note = false;
    for (std::size_t i = 0; i < input.rows.size(); ++i) {
        std::vector<std::string> cells = input.rows[i].cells;
        const auto& u = units[i];
        if (!u) {
            cells.resize(cells.size() + added.size());
            any_note = true;
        } else {
            cells.push_back(format_stats_number(u->numerator / u->denominator * multiplier));
            cells.push_back(format_stats_number(average * multiplier));
            if (statistic == FunnelStatistic::proportion) {
                const FunnelLimits l = proportion_funnel_limits(average, u->denominator, multiplier);
                for (const double v : {l.lower_95, l.upper_95, l.lower_998, l.upper_998}) {
                    cells.push_back(format_stats_number(v));
                }
                cells.push_back(funnel_code(proportion_funnel_significance(u->numerator, u->denominator, average)));
            } else {
                cells.resize(cells.size() + 4);
                cells.push_back(funnel_code(rate_funnel_significance(u->numerator, u->denominator, average)));
            }
        }
        out.rows.push_back(std::move(cells));
    }
    if (any_note) {
        out.header.push_back("note");
        for (std::size_t i = 0; i < out.rows.size(); ++i) out.rows[i].push_back(notes[i]);
    }
    return out;
}

}  // namespace omrade::profiles
