// Catchment method "tabell": the region's own DeSO→VC table.
#include "geo/error.hpp"
#include "profiles/catchments/catchments.hpp"
#include "profiles/input/table.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <map>

namespace omrade::profiles {

Catchments catchments_from_table(const CatchmentConfig& config, const AreaSet& areas,
                                 const CareCentreRegister& centres, const std::vector<double>& population,
                                 Problems& problems) {
    TextTable t = read_table(config.source);
    t.map_fields(config.fields, {"desokod", "vardcentral", "vikt"});
    const std::size_t code_col = t.require_column({"desokod", "deso", "kod"});
    const std::size_t vc_col = t.require_column(config.vc_field);
    std::optional<std::size_t> weight_col;
    if (!config.weight_field.empty()) weight_col = t.require_column(config.weight_field);
    else if (std::any_of(t.mapped.begin(), t.mapped.end(), [](const auto& m) { return m.first == "vikt"; })) weight_col = t.column("vikt");
    const std::size_t problems_before = problems.count();

    Catchments c;
    c.method = "tabell";
    std::map<std::pair<std::size_t, std::size_t>, long> seen;
    std::vector<double> share_sum(areas.size(), 0.0);
    for (const auto& row : t.rows) {
        problems.attempt([&] {
        const Where code_where{t.file, row.line, {}, t.header[code_col]};
        const std::string code = normalize_area_code(row.cells[code_col], areas.version, code_where);
        const auto area = areas.find(code);
        if (!area) throw DataError(code_where, "okänd DeSO-kod '" + code + "'", "koden finns inte i områdeslagret");
        const std::string& name = row.cells[vc_col];
        const std::optional<std::size_t> vc = match_care_centre(centres, name, {t.file, row.line, code, t.header[vc_col]});
        double share = 1.0;
        if (weight_col) {
            share = number_at(t, row, *weight_col).value_or(0.0);
            if (!(share > 0 && share <= 1)) {
                throw DataError({t.file, row.line, code, t.header[*weight_col]},
                                fmt::format("vikten {} ligger utanför (0, 1]", share));
            }
        }
        if (auto [it, fresh] = seen.emplace(std::make_pair(*area, *vc), row.line); !fresh) {
            throw DataError({t.file, row.line, code, t.header[vc_col]},
                            "paret " + code + " – " + name + " förekommer två gånger (även rad " +
                                std::to_string(it->second) + ")");
        }
        share_sum[*area] += share;
        if (share_sum[*area] > 1.0 + 1e-9) {
            throw DataError({t.file, row.line, code, weight_col ? t.header[*weight_col] : t.header[vc_col]},
                            fmt::format("andelarna för {} summerar till {:.4g}, över 1", code, share_sum[*area]),
                            "en DeSO kan delas mellan vårdcentraler men högst till 100 %");
        }
        const auto& centre = centres.centres[*vc];
        if (!config.allow_cross_kommun && !centre.kommun.empty() && centre.kommun != areas.areas[*area].kommun) {
            throw DataError({t.file, row.line, code, t.header[vc_col]},
                            "DeSO i kommun " + areas.areas[*area].kommun + " knyts till " + name + " i kommun " + centre.kommun,
                            "konfigurationen förbjuder områden över kommungränsen (tillat_over_kommungrans = false)");
        }
        c.weights.push_back({*area, *vc, share});
        });
    }
    if (problems.count() > problems_before) return c;
    std::sort(c.weights.begin(), c.weights.end(),
              [](const auto& a, const auto& b) { return std::tie(a.area, a.vc) < std::tie(b.area, b.vc); });
    c.accounting = account(c.weights, areas, population, centres.centres.size());
    warn_small_catchments(config, centres, c);
    return c;
}

}  // namespace omrade::profiles
