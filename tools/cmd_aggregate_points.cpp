// omrade aggregate-points: count points (or sum a point field) per polygon.
#include "geo/error.hpp"
#include "geo/layer_output.hpp"
#include "geo/point_aggregate.hpp"
#include "geo/reader.hpp"
#include "geo/source.hpp"
#include "tools/command.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <utility>

namespace omrade::tools {

namespace fs = std::filesystem;

class AggregatePointsCommand : public Command {
public:
    void add_options(CLI::App& app) override {
        app.add_option("--areas", m_areas, "Polygoner att räkna i (GDAL-källa, t.ex. fil.gpkg|layername=x)")->required();
        app.add_option("--points", m_points, "Punkter (GDAL-källa; CSV med --x-field/--y-field)")->required();
        app.add_option("--field", m_field, "Summera detta numeriska punktfält (utan: räkna punkter)");
        app.add_option("--x-field", m_x, "X-/longitudkolumn när punkterna är en CSV-fil");
        app.add_option("--y-field", m_y, "Y-/latitudkolumn när punkterna är en CSV-fil");
        app.add_option("--points-crs", m_crs, "Koordinatsystem för punkter utan angivet system (t.ex. EPSG:4326)");
        app.add_option("--output", m_output, "Utdatafil: .gpkg, .geojson eller .csv")->required();
        app.add_flag("--overwrite", m_overwrite, "Ersätt en befintlig utdatafil");
        app.add_option("--threads", m_threads, "Trådar som prövar punkter (standard 0: alla kärnor; 1: allt i en tråd)")
            ->check(CLI::Range(0, 256));
    }

    void check() override {
        if (!geo::output_format(m_output)) {
            throw UsageError("--output " + m_output + ": okänt format; använd filändelsen .gpkg, .geojson eller .csv");
        }
        if (m_x.empty() != m_y.empty()) throw UsageError("--x-field och --y-field anges tillsammans");
    }

    int run(Context& ctx) override {
        const fs::path output = fs::absolute(m_output);
        if ((fs::exists(output) || fs::exists(geo::accounting_path(output))) && !m_overwrite) {
            throw UsageError(m_output + " finns redan; använd --overwrite för att ersätta den");
        }
        const auto progress = [&ctx](const std::string& msg) { ctx.err << "omrade: " << msg << "\n"; };
        if (ctx.progress) progress("läser områden " + m_areas);
        const geo::Layer areas = geo::read_layer(geo::parse_source(m_areas));
        geo::ReadOptions ro;
        ro.x_field = m_x;
        ro.y_field = m_y;
        ro.assume_crs = m_crs;
        geo::PointStreamOptions so;
        so.threads = m_threads;
        if (ctx.progress) so.progress = progress;
        const geo::PointAggregateResult result =
            geo::aggregate_points_stream(areas, geo::parse_source(m_points), ro, m_field, so);
        const geo::PointAggregateReport& r = result.report;

        std::string outside_fids;
        for (std::size_t i = 0; i < r.outside_fids.size(); ++i) outside_fids += (i ? ", " : "") + std::to_string(r.outside_fids[i]);
        if (r.outside > r.outside_fids.size()) outside_fids += ", …";
        std::vector<std::pair<std::string, std::string>> rows = {
            {"områden", m_areas},
            {"punkter", m_points},
            {"regel för gränspunkter", "lägsta fid bland områdena som täcker punkten (inre eller rand)"},
            {"punkter totalt", std::to_string(r.points)},
            {"punkter i något område", std::to_string(r.assigned)},
            {"punkter utanför alla områden", std::to_string(r.outside)},
            {"punkter utan läge", std::to_string(r.without_geometry)},
            {"punkter på gräns mellan områden", std::to_string(r.on_shared_boundary)},
        };
        if (!outside_fids.empty()) rows.emplace_back("  fid utanför", outside_fids);
        if (!m_field.empty()) {
            rows.emplace_back(m_field + ": summa i områden", fmt::format("{}", r.sum_assigned));
            rows.emplace_back(m_field + ": summa utanför eller utan läge", fmt::format("{}", r.sum_outside));
            rows.emplace_back(m_field + ": värden som saknas (NULL)", std::to_string(r.null_values));
            rows.emplace_back(m_field + ": värden som inte är tal", std::to_string(r.non_numeric_values));
        }

        if (ctx.progress) progress("skriver " + m_output);
        geo::write_result(result.layer, geo::accounting_table(rows), output, m_overwrite);
        ctx.err << "omrade: punkter per område\n";
        for (const auto& [k, v] : rows) ctx.err << "  " << k << ": " << v << "\n";
        if (r.outside + r.without_geometry > 0) {
            ctx.err << "omrade: varning: " << r.outside + r.without_geometry
                    << " punkter räknades inte i något område (se redovisningen)\n";
        }
        ctx.err << "omrade: skrev " << result.layer.features.size() << " områden till " << m_output << "\n";
        return 0;
    }

private:
    std::string m_areas, m_points, m_field, m_x, m_y, m_crs, m_output;
    bool m_overwrite = false;
    unsigned m_threads = 0;
};

OMRADE_REGISTER_COMMAND(AggregatePointsCommand, "aggregate-points",
                        "Räkna punkter (eller summera ett punktfält) per polygon");

}  // namespace omrade::tools
