#include "profiles/output/sensitivity_csv.hpp"

#include "profiles/output/output_file.hpp"

#include <ostream>

namespace omrade::profiles {

void write_sensitivity_csv(const std::vector<SensitivityRow>& rows, const std::filesystem::path& path,
                           CsvFormat format) {
    write_stream_file(path, [&](std::ostream& f) {
        CsvWriter w(f, format);
        w.write_row({"metod", "kalla", "byggets_metod", "befolkning", "antal_deso", "andel_lag_ekonomisk_standard",
                     "andel_arbetslosa", "andel_eftergymnasial_utbildning", "tackning_lag_ekonomisk_standard",
                     "tackning_arbetslosa", "tackning_eftergymnasial_utbildning", "anmarkning"});
        for (const auto& r : rows) {
            std::vector<std::string> cells = {r.method, std::filesystem::path(r.source).filename().string(),
                                              r.configured ? "ja" : "nej"};
            if (r.note.empty()) {
                cells.push_back(w.number(r.population, 1));
                cells.push_back(std::to_string(r.deso_count));
                for (const auto& v : r.figures) cells.push_back(v ? w.number(*v, 2) : "");
                for (double cov : r.figure_coverage) cells.push_back(w.number(cov, 4));
            } else {
                cells.resize(5 + 2 * sensitivity_figures.size());
            }
            cells.push_back(r.note);
            w.write_row(cells);
        }
    });
}

}  // namespace omrade::profiles
