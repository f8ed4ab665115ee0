// omrade interpolate: move values from one set of polygons onto another (areal interpolation).
#include "geo/error.hpp"
#include "geo/interpolate.hpp"
#include "geo/layer_output.hpp"
#include "geo/reader.hpp"
#include "geo/source.hpp"
#include "tools/command.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <utility>

namespace omrade::tools {

namespace fs = std::filesystem;

namespace {

std::string fid_list(const std::vector<std::int64_t>& fids) {
    std::string out;
    for (std::size_t i = 0; i < fids.size() && i < 20; ++i) out += (i ? ", " : "") + std::to_string(fids[i]);
    if (fids.size() > 20) out += ", …";
    return out;
}

std::string km2(double m2) { return fmt::format("{:.6f}", m2 / 1e6); }

}  // namespace

class InterpolateCommand : public Command {
public:
    void add_options(CLI::App& app) override {
        app.add_option("--source", m_source, "Källpolygoner med värden (GDAL-källa, t.ex. fil.gpkg|layername=x)")->required();
        app.add_option("--target", m_target, "Målpolygoner som får värdena")->required();
        app.add_option("--extensive", m_extensive, "Extensiva fält (antal, summor), kommaseparerade")->delimiter(',');
        app.add_option("--intensive", m_intensive, "Intensiva fält (andelar, kvoter, medelvärden), kommaseparerade")->delimiter(',');
        app.add_flag("--renormalize", m_renormalize, "Fördela bara över den del av källan som täcks av mål (bevarar summor)");
        app.add_option("--weights", m_weights, "Viktpunkter i stället för yta: PUNKTKÄLLA:FÄLT");
        app.add_option("--weights-x-field", m_wx, "X-/longitudkolumn när viktpunkterna är en CSV-fil");
        app.add_option("--weights-y-field", m_wy, "Y-/latitudkolumn när viktpunkterna är en CSV-fil");
        app.add_option("--weights-crs", m_wcrs, "Koordinatsystem för viktpunkter utan angivet system (t.ex. EPSG:4326)");
        app.add_option("--output", m_output, "Utdatafil: .gpkg, .geojson eller .csv")->required();
        app.add_flag("--overwrite", m_overwrite, "Ersätt en befintlig utdatafil");
    }

    void check() override {
        if (m_extensive.empty() && m_intensive.empty()) {
            throw UsageError("ange minst ett fält med --extensive eller --intensive");
        }
        if (!geo::output_format(m_output)) {
            throw UsageError("--output " + m_output + ": okänt format; använd filändelsen .gpkg, .geojson eller .csv");
        }
        if (!m_weights.empty()) {
            const auto colon = m_weights.rfind(':');
            if (colon == std::string::npos || colon == 0 || colon + 1 == m_weights.size()) {
                throw UsageError("--weights " + m_weights + ": skriv PUNKTKÄLLA:FÄLT, t.ex. tatorter.gpkg:befolkning");
            }
            m_weight_source = m_weights.substr(0, colon);
            m_weight_field = m_weights.substr(colon + 1);
        }
        if ((m_wx.empty() != m_wy.empty()) || (!m_wx.empty() && m_weights.empty())) {
            throw UsageError("--weights-x-field och --weights-y-field anges tillsammans och bara med --weights");
        }
    }

    int run(Context& ctx) override {
        const fs::path output = fs::absolute(m_output);
        if ((fs::exists(output) || fs::exists(geo::accounting_path(output))) && !m_overwrite) {
            throw UsageError(m_output + " finns redan; använd --overwrite för att ersätta den");
        }
        const geo::Layer source = geo::read_layer(geo::parse_source(m_source));
        const geo::Layer target = geo::read_layer(geo::parse_source(m_target));
        geo::Layer points;
        geo::InterpolateOptions opts{m_extensive, m_intensive, m_renormalize, nullptr, m_weight_field};
        if (!m_weight_source.empty()) {
            geo::ReadOptions ro;
            ro.x_field = m_wx;
            ro.y_field = m_wy;
            ro.assume_crs = m_wcrs;
            points = geo::read_layer(geo::parse_source(m_weight_source), ro);
            opts.weight_points = &points;
        }
        const geo::InterpolateResult result = geo::interpolate(source, target, opts);
        const geo::InterpolateReport& r = result.report;

        std::vector<std::pair<std::string, std::string>> rows = {
            {"källa", m_source},
            {"mål", m_target},
            {"metod", m_weight_source.empty() ? "yta" : "viktpunkter " + m_weights},
            {"renormalisering", m_renormalize ? "ja" : "nej"},
            {"källobjekt", std::to_string(r.sources)},
            {"målobjekt", std::to_string(r.targets)},
            {"källobjekt utan geometri", std::to_string(r.sources_without_geometry)},
            {"källobjekt som inte möter något mål", std::to_string(r.sources_without_target)},
            {"målobjekt som inte möter någon källa", std::to_string(r.targets_without_source)},
            {"källyta km2", km2(r.source_area)},
            {"källyta utanför alla mål km2", km2(r.uncovered_source_area)},
            {"källyta täckt av flera mål km2", km2(r.multiply_covered_area)},
        };
        if (opts.weight_points) {
            rows.emplace_back("viktpunkter", std::to_string(r.weight_points));
            rows.emplace_back("viktpunkter utanför alla källor", std::to_string(r.weight_points_outside_sources));
            rows.emplace_back("viktpunkter utan giltig vikt", std::to_string(r.weight_points_without_weight));
            rows.emplace_back("källor utan viktpunkter (fördelade efter yta)", std::to_string(r.area_fallback_sources.size()));
            if (!r.area_fallback_sources.empty()) rows.emplace_back("  deras fid", fid_list(r.area_fallback_sources));
            rows.emplace_back("mål utan vikt (intensiva medel efter yta)", std::to_string(r.intensive_fallback_targets.size()));
        }
        for (const auto& f : r.fields) {
            const std::string p = f.field + (f.extensive ? " (extensiv): " : " (intensiv): ");
            if (f.extensive) {
                rows.emplace_back(p + "summa in", fmt::format("{}", f.sum_in));
                rows.emplace_back(p + "summa ut", fmt::format("{}", f.sum_out));
                rows.emplace_back(p + "in − ut (utanför alla mål; negativt = dubbelräknat där mål överlappar)",
                                 fmt::format("{}", f.sum_uncovered));
            }
            rows.emplace_back(p + "källor utan värde (NULL)", std::to_string(f.null_sources));
            rows.emplace_back(p + "källor med icke-numeriskt värde", std::to_string(f.non_numeric_sources));
            rows.emplace_back(p + "mål utan värde (NULL)", std::to_string(f.null_targets));
        }

        geo::write_result(result.layer, geo::accounting_table(rows), output, m_overwrite);
        ctx.err << "omrade: interpolering\n";
        for (const auto& [k, v] : rows) ctx.err << "  " << k << ": " << v << "\n";
        ctx.err << "omrade: skrev " << result.layer.features.size() << " objekt till " << m_output << "\n";
        return 0;
    }

private:
    std::string m_source, m_target, m_output, m_weights, m_wx, m_wy, m_wcrs;
    std::string m_weight_source, m_weight_field;
    std::vector<std::string> m_extensive, m_intensive;
    bool m_renormalize = false;
    bool m_overwrite = false;
};

OMRADE_REGISTER_COMMAND(InterpolateCommand, "interpolate",
                        "Flytta värden mellan polygonindelningar (ytviktad eller punktviktad interpolering)");

}  // namespace omrade::tools
