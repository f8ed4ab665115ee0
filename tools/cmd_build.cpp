// omrade build: områdesprofiler per pilot from a configuration.
#include "geo/error.hpp"
#include "profiles/build.hpp"
#include "profiles/input/config.hpp"
#include "profiles/output/output_dir.hpp"
#include "profiles/output/postgis_sink.hpp"
#include "tools/command.hpp"
#include "tools/config_option.hpp"

#include <filesystem>
#include <optional>

namespace omrade::tools {

namespace fs = std::filesystem;

class BuildCommand : public Command {
public:
    void add_options(CLI::App& app) override {
        add_config_option(app, m_config);
        app.add_flag("--strikt", m_strict, "Rimlighetskontrollernas varningar (se [kontroll]) blir fel");
        app.add_option("--out", m_out, "Utdatamapp (standard: out)");
        app.add_option("--pilot", m_pilots, "Bygg bara denna pilot (id; kan upprepas)");
        app.add_flag("--overwrite", m_overwrite, "Ersätt en befintlig utdatamapp");
        app.add_option("--csv-format", m_csv_format, "profil.csv: intl (komma, decimalpunkt) eller sv (semikolon, decimalkomma för svenskt Excel)")
            ->check(CLI::IsMember({"intl", "sv"}));
        auto* pg = app.add_option("--postgis", m_postgis, "Skriv också alla lager till PostGIS i en transaktion, t.ex. \"PG:host=localhost dbname=gis\" (se docs/omrade-build.md)");
        app.add_option("--schema", m_schema, "Schemat i PostGIS för --postgis (standard: omrade)")->needs(pg);
    }

    int run(Context& ctx) override {
        profiles::Config config = profiles::load_config(config_path(m_config));
        config.strict = m_strict;
        // The target is checked before anything is read: never someone else's files, never a
        // folder holding the inputs.
        const fs::path out = profiles::check_output_dir(m_out, m_overwrite, profiles::input_files(config));
        std::optional<profiles::PostgisSink> sink;
        if (!m_postgis.empty()) {
            sink.emplace(profiles::PostgisTarget{m_postgis, m_schema});
            sink->check();  // before anything is read or written
        }
        const auto progress = progress_printer(ctx);
        const profiles::Inputs inputs = profiles::load_inputs(config, true, progress);

        // Written beside the target, then swapped into place: output appears whole or not at all.
        profiles::OutputDir dir(out, OMRADE_VERSION);
        profiles::BuildOptions opts{m_pilots, OMRADE_VERSION, progress, profiles::parse_csv_format(m_csv_format), {}, {}};
        if (sink) {
            opts.pilot_layers = sink->collector();
            opts.county_layers = sink->county_collector();
        }
        const profiles::BuildResult result = profiles::write_build(inputs, dir.path(), opts);
        // The schema first: when its transaction fails, the output folder is not replaced either.
        if (sink && progress) progress("skriver till PostGIS-schemat " + m_schema);
        const std::string pg_line = sink ? sink->write(result.report, config.file) : std::string();
        dir.commit();
        ctx.err << result.report_text;
        ctx.err << "omrade: skrev " << result.files.size() << " filer till " << m_out << "\n";
        ctx.err << pg_line;
        return 0;
    }

private:
    std::string m_config;
    bool m_strict = false;
    std::string m_out = "out";
    std::vector<std::string> m_pilots;
    std::string m_csv_format = "intl";
    bool m_overwrite = false;
    std::string m_postgis;
    std::string m_schema = "omrade";
};

OMRADE_REGISTER_COMMAND(BuildCommand, "build", "Bygg områdesprofiler per pilot: lager, QGIS-projekt och rapporter");

}  // namespace omrade::tools
