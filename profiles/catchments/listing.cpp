// Catchment method "listning": from a listing matrix (listed patients per DeSO and VC).
#include "geo/error.hpp"
#include "profiles/catchments/catchments.hpp"
#include "profiles/input/population.hpp"
#include "profiles/input/table.hpp"

#include <fmt/format.h>

#include <map>

namespace omrade::profiles {

Catchments catchments_from_listing(const CatchmentConfig& config, const AreaSet& areas,
                                   const CareCentreRegister& centres, const std::vector<double>& population,
                                   Problems& problems) {
    TextTable t = read_table(config.source);
    t.map_fields(config.fields, {"desokod", "vardcentral", "antal"});
    const std::size_t code_col = t.require_column({"desokod", "deso", "kod"});
    const std::size_t vc_col = t.require_column(config.vc_field);
    const std::size_t count_col = t.require_column(config.weight_field.empty() ? "antal" : config.weight_field);

    // counts[area][vc]; std::map keeps VCs in register order for the tie rule.
    std::vector<std::map<std::size_t, double>> counts(areas.size());
    std::map<std::pair<std::size_t, std::size_t>, long> seen;
    std::size_t rows_outside = 0;
    double listed_outside = 0;
    const std::size_t problems_before = problems.count();
    for (const auto& row : t.rows) {
        problems.attempt([&] {
        const Where code_where{t.file, row.line, {}, t.header[code_col]};
        const std::string code = normalize_area_code(row.cells[code_col], areas.version, code_where);
        const auto area = areas.find(code);
        const auto n = number_at(t, row, count_col, true).value_or(0.0);
        if (n < 0) {
            throw DataError({t.file, row.line, code, t.header[count_col]}, fmt::format("negativt antal listade ({})", n));
        }
        if (!area) {
            if (is_deso_code(code) && !kommun_in_area_set(areas, code.substr(0, 4))) {
                ++rows_outside;
                listed_outside += n;
                return;
            }
            throw DataError(code_where, "okänd DeSO-kod '" + code + "'", "koden finns inte i områdeslagret");
        }
        const std::string& name = row.cells[vc_col];
        const std::optional<std::size_t> vc = match_care_centre(centres, name, {t.file, row.line, code, t.header[vc_col]});
        if (auto [it, fresh] = seen.emplace(std::make_pair(*area, *vc), row.line); !fresh) {
            throw DataError({t.file, row.line, code, t.header[vc_col]},
                            "paret " + code + " – " + name + " förekommer två gånger (även rad " +
                                std::to_string(it->second) + ")");
        }
        if (n > 0) counts[*area][*vc] += n;
        });
    }
    if (problems.count() > problems_before) return {};

    Catchments c;
    c.method = "listning";
    std::size_t ties = 0;
    for (std::size_t a = 0; a < areas.size(); ++a) {
        double total = 0;
        for (const auto& [vc, n] : counts[a]) total += n;
        if (total <= 0) continue;
        if (config.fractional) {
            for (const auto& [vc, n] : counts[a]) c.weights.push_back({a, vc, n / total});
            continue;
        }
        // Plurality; on a tie the strict '>' keeps the VC first in register order.
        std::size_t best = counts[a].begin()->first;
        double best_n = counts[a].begin()->second;
        bool tied = false;
        for (const auto& [vc, n] : counts[a]) {
            if (n > best_n) {
                best = vc;
                best_n = n;
                tied = false;
            } else if (vc != best && n == best_n) {
                tied = true;
            }
        }
        if (tied) ++ties;
        c.weights.push_back({a, best, 1.0});
    }
    c.accounting = account(c.weights, areas, population, centres.centres.size());
    if (ties > 0) {
        c.accounting.warnings.push_back(fmt::format(
            "{} områden har lika många listade vid flera vårdcentraler; de tilldelas den som står först i registret", ties));
    }
    if (rows_outside > 0) {
        c.accounting.warnings.push_back(fmt::format("{} rader ({:.0f} listade) gäller DeSO utanför områdena och räknas inte",
                                                    rows_outside, listed_outside));
    }
    warn_small_catchments(config, centres, c);
    return c;
}

}  // namespace omrade::profiles
