// omrade catchments: build the catchment weights by one method, write them and their outlines,
// print the accounting.
#include "geo/error.hpp"
#include "geo/writer.hpp"
#include "profiles/catchments/catchments.hpp"
#include "profiles/input/config.hpp"
#include "tools/command.hpp"
#include "tools/config_option.hpp"

#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace omrade::tools {

namespace fs = std::filesystem;

namespace {

// Writes a layer as GeoPackage or GeoJSON by the file's extension, beside then renamed.
void write_layer(const geo::Layer& layer, const std::string& file) {
    const fs::path target(file);
    const fs::path tmp = target.parent_path() / ("." + target.filename().string() + ".tmp-" + std::to_string(getpid()));
    fs::remove(tmp);
    if (target.extension() == ".gpkg") geo::write_gpkg(tmp, {&layer});
    else geo::write_geojson(layer, tmp);
    fs::rename(tmp, target);
}

bool layer_extension_ok(const std::string& file) {
    const auto ext = fs::path(file).extension();
    return ext == ".gpkg" || ext == ".geojson" || ext == ".json";
}

}  // namespace

class CatchmentsCommand : public Command {
public:
    void add_options(CLI::App& app) override {
        add_config_option(app, m_config);
        app.add_option("--method", m_method, "Metod (standard: konfigurationens [upptagning] metod)")
            ->check(CLI::IsMember({"tabell", "listning", "narmast", "polygoner"}));
        app.add_option("--source", m_source, "Källa för metoden (tabell, listningsmatris eller polygoner)");
        app.add_flag("--fraktionell", m_fractional, "listning: andelar efter listning i stället för flest listade");
        app.add_option("--output", m_output, "Viktstabell (CSV); standard: stdout");
        app.add_option("--polygons", m_polygons, "Upptagningsområden per vårdcentral (.gpkg eller .geojson)");
        app.add_option("--voronoi", m_voronoi, "narmast: Voronoiceller per vårdcentral (.gpkg eller .geojson)");
        app.add_option("--csv-format", m_csv_format, "intl (',' och decimalpunkt) eller sv (';' och decimalkomma)")
            ->check(CLI::IsMember({"intl", "sv"}));
        app.add_flag("--overwrite", m_overwrite, "Ersätt befintliga utdatafiler");
    }

    void check() override {
        for (const auto* f : {&m_polygons, &m_voronoi}) {
            if (!f->empty() && !layer_extension_ok(*f)) {
                throw UsageError(*f + ": okänd filändelse; använd .gpkg eller .geojson");
            }
        }
        if (!m_voronoi.empty() && !m_method.empty() && m_method != "narmast") {
            throw UsageError("--voronoi gäller bara --method narmast");
        }
        if (!m_overwrite) {
            for (const auto* f : {&m_output, &m_polygons, &m_voronoi}) {
                if (!f->empty() && fs::exists(*f)) throw UsageError(*f + " finns redan; använd --overwrite för att ersätta den");
            }
        }
    }

    int run(Context& ctx) override {
        profiles::Config config = profiles::load_config(config_path(m_config));
        auto& c = config.catchment;
        if (!m_method.empty() && m_method != c.method) {
            // Another method than the config's: its source must come from the command line.
            c.method = m_method;
            c.source.clear();
            c.weight_field.clear();
        }
        if (c.method.empty()) throw UsageError("konfigurationen har ingen [upptagning]; ange --method");
        if (!m_source.empty()) c.source = m_source;
        if (m_fractional) c.fractional = true;
        if (c.source.empty() && c.method != "narmast") {
            throw UsageError("metoden " + c.method + " behöver en källa: ange --source (demodata: "
                             "shapefiles/kronoberg/demo_omradesansvar.csv för tabell, "
                             "shapefiles/kronoberg/demo_listning_deso.csv för listning)");
        }
        if (!m_voronoi.empty() && c.method != "narmast") throw UsageError("--voronoi gäller bara metoden narmast");

        const profiles::Inputs in = profiles::load_inputs(config, true, progress_printer(ctx));
        const auto& catchments = *in.catchments;
        const auto format = profiles::parse_csv_format(m_csv_format);
        if (m_output.empty()) {
            profiles::write_weights_csv(catchments, in.areas, in.centres, in.population.area_total, ctx.out, format);
        } else {
            const fs::path tmp = m_output + ".tmp-" + std::to_string(getpid());
            {
                std::ofstream f(tmp);
                if (!f) throw DataError({m_output, 0, {}, {}}, "kan inte skriva filen");
                profiles::write_weights_csv(catchments, in.areas, in.centres, in.population.area_total, f, format);
            }
            fs::rename(tmp, m_output);
        }
        if (!m_polygons.empty()) {
            write_layer(profiles::catchment_polygons(catchments, in.areas, in.centres, c.min_share_geometry), m_polygons);
        }
        if (!m_voronoi.empty()) write_layer(profiles::nearest_voronoi_layer(in.areas, in.centres), m_voronoi);
        ctx.err << profiles::accounting_text(catchments, in.areas, in.centres);
        return 0;
    }

private:
    std::string m_config;
    std::string m_method;
    std::string m_source;
    bool m_fractional = false;
    std::string m_output;
    std::string m_polygons;
    std::string m_voronoi;
    std::string m_csv_format = "intl";
    bool m_overwrite = false;
};

OMRADE_REGISTER_COMMAND(CatchmentsCommand, "catchments",
                        "Bygg upptagningsområden med en metod: viktstabell, polygoner och redovisning");

}  // namespace omrade::tools
