#include "profiles/input/population.hpp"

#include "geo/error.hpp"
#include "profiles/input/table.hpp"

#include <map>
#include <numeric>
#include <set>

namespace omrade::profiles {

double Population::total_all() const { return std::accumulate(area_total.begin(), area_total.end(), 0.0); }

bool kommun_in_area_set(const AreaSet& areas, const std::string& code) {
    for (const auto& a : areas.areas) {
        if (a.kommun == code) return true;
    }
    return false;
}

Population read_population(const std::string& source, const AreaSet& areas, const FieldMap& fields, Problems& problems) {
    TextTable t = read_table(source);
    Population pop;
    pop.source = source;
    pop.blank_rows = t.blank_rows;
    pop.file_rows = t.file_rows;
    const std::vector<std::string> known = {"desokod", "deso", "regionkod", "age_band", "aldersgrupp", "alder", "men", "man",
                                            "women", "kvinnor", "total", "totalt"};
    t.map_fields(fields, known);
    t.reject_misspelled_columns(known);
    const std::size_t code_col = t.require_column({"desokod", "deso", "regionkod"});
    const std::size_t band_col = t.require_column({"age_band", "aldersgrupp", "alder"});
    const std::size_t men_col = t.require_column({"men", "man"});
    const std::size_t women_col = t.require_column({"women", "kvinnor"});
    const auto total_col = t.column({"total", "totalt"});
    const std::size_t problems_before = problems.count();

    std::map<std::string, std::size_t> band_index;
    std::map<std::pair<std::size_t, std::size_t>, long> seen;
    std::set<std::string> outside;
    const std::size_t n = areas.size();
    pop.area_total.assign(n, 0);
    pop.has_data.assign(n, false);
    for (const auto& row : t.rows) {
        ++pop.rows_read;
        problems.attempt([&] {
        const Where where{t.file, row.line, {}, t.header[code_col]};
        const std::string code = normalize_area_code(row.cells[code_col], areas.version, where);
        const auto area = areas.find(code);
        if (!area) {
            if (is_deso_code(code) && !kommun_in_area_set(areas, code.substr(0, 4))) {
                ++pop.rows_outside;
                outside.insert(code);
                return;
            }
            throw DataError(where, "okänd områdeskod '" + code + "'",
                            "koden finns inte i områdeslagret; kontrollera DeSO-version och kod");
        }
        const std::string& band = row.cells[band_col];
        if (band.empty()) throw DataError({t.file, row.line, code, t.header[band_col]}, "åldersgruppen saknas");
        auto [it, inserted] = band_index.emplace(band, pop.bands.size());
        if (inserted) {
            pop.bands.push_back(band);
            for (auto* v : {&pop.men, &pop.women, &pop.total}) {
                v->resize(n);
                for (auto& per_area : *v) per_area.resize(pop.bands.size(), 0.0);
            }
        }
        if (auto [s, fresh] = seen.emplace(std::make_pair(*area, it->second), row.line); !fresh) {
            throw DataError({t.file, row.line, code, t.header[band_col]},
                            "åldersgruppen " + band + " förekommer två gånger för området (även rad " +
                                std::to_string(s->second) + ")");
        }
        auto count = [&](std::size_t col) {
            const double v = number_at(t, row, col, true).value_or(0.0);
            if (v < 0) throw DataError({t.file, row.line, code, t.header[col]}, "antalet är negativt");
            return v;
        };
        const double m = count(men_col), w = count(women_col);
        const double tot = total_col ? count(*total_col) : m + w;
        pop.men[*area][it->second] = m;
        pop.women[*area][it->second] = w;
        pop.total[*area][it->second] = tot;
        pop.area_total[*area] += tot;
        pop.has_data[*area] = true;
        ++pop.rows_joined;
        });
    }
    pop.codes_outside.assign(outside.begin(), outside.end());
    if (pop.rows_joined == 0 && problems.count() == problems_before) {
        throw DataError({t.file, 0, {}, {}},
                        pop.rows_read == 0 ? "befolkningsfilen har inga rader (bara rubrikraden)"
                                           : "ingen av befolkningsfilens " + std::to_string(pop.rows_read) +
                                                 " rader hör till ett område i områdeslagret",
                        "en profil för 0 invånare byggs inte; kontrollera filen och att DeSO-koderna hör till områdena");
    }
    return pop;
}

}  // namespace omrade::profiles
