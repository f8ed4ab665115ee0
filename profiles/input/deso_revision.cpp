#include "profiles/input/deso_revision.hpp"

#include "geo/error.hpp"
#include "profiles/input/areas.hpp"
#include "profiles/input/table.hpp"

#include <cmath>
#include <set>

namespace omrade::profiles {

const std::vector<DivisionKey::Part>* DivisionKey::find(const std::string& code2018) const {
    const auto it = parts.find(code2018);
    return it == parts.end() ? nullptr : &it->second;
}

DivisionKey read_division_key(const std::string& source) {
    const TextTable t = read_table(source);
    const std::size_t old_col = t.require_column("deso2018");
    const std::size_t new_col = t.require_column("deso2025");
    const std::size_t share_col = t.require_column("andel");
    DivisionKey key;
    key.source = source;
    std::map<std::string, long> first_line;
    std::set<std::pair<std::string, std::string>> seen;
    for (const auto& row : t.rows) {
        const std::string old_code = normalize_area_code(row.cells[old_col], "DeSO2018", {t.file, row.line, {}, t.header[old_col]});
        const std::string new_code = normalize_area_code(row.cells[new_col], "DeSO2025", {t.file, row.line, {}, t.header[new_col]});
        for (const auto& [code, col] : {std::pair{old_code, old_col}, std::pair{new_code, new_col}}) {
            if (!is_deso_code(code)) {
                throw DataError({t.file, row.line, code, t.header[col]}, "'" + code + "' är ingen DeSO-kod",
                                "en DeSO-kod har 9 tecken: 4 siffror kommunkod, A/B/C, 4 siffror");
            }
        }
        const auto share = number_at(t, row, share_col);
        if (!share || !(*share > 0 && *share <= 1)) {
            throw DataError({t.file, row.line, old_code, t.header[share_col]},
                            "andelen '" + row.cells[share_col] + "' ligger inte i (0, 1]",
                            "andel är den del av DeSO 2018-områdets antal som går till DeSO 2025-området");
        }
        if (!seen.emplace(old_code, new_code).second) {
            throw DataError({t.file, row.line, old_code, t.header[new_col]}, "paret " + old_code + " → " + new_code + " finns redan",
                            "varje par får förekomma en gång");
        }
        first_line.emplace(old_code, row.line);
        key.parts[old_code].push_back({new_code, *share});
    }
    for (const auto& [code, parts] : key.parts) {
        double sum = 0;
        for (const auto& p : parts) sum += p.share;
        if (std::abs(sum - 1.0) > 1e-3) {
            throw DataError({t.file, first_line.at(code), code, t.header[share_col]},
                            "andelarna summerar till " + std::to_string(sum) + ", inte 1",
                            "varje DeSO 2018-områdes andelar ska tillsammans bli 1");
        }
    }
    return key;
}

RevisionResult revise(const DivisionKey& key, const std::string& code2018) {
    RevisionResult r;
    const auto* parts = key.find(code2018);
    if (!parts) return r;
    r.outcome = parts->size() == 1 ? RevisionOutcome::carried : RevisionOutcome::shared;
    for (const auto& p : *parts) r.pieces.push_back({p.code, parts->size() == 1 ? 1.0 : p.share});
    return r;
}

}  // namespace omrade::profiles
