// omrade build: områdesprofiler per pilot from a configuration.
#include "geo/error.hpp"
#include "profiles/build.hpp"
#include "profiles/input/config.hpp"
#include "profiles/output/output_dir.hpp"
#include "tools/command.hpp"
#include "tools/config_option.hpp"

#include <filesystem>

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
    }

    int run(Context& ctx) override {
        profiles::Config config = profiles::load_config(config_path(m_config));
        config.strict = m_strict;
        // The target is checked before anything is read: never someone else's files, never a
        // folder holding the inputs.
        const fs::path out = profiles::check_output_dir(m_out, m_overwrite, profiles::input_files(config));
        const auto progress = progress_printer(ctx);
        const profiles::Inputs inputs = profiles::load_inputs(config, true, progress);

        // Written beside the target, then swapped into place: output appears whole or not at all.
        profiles::OutputDir dir(out, OMRADE_VERSION);
        profiles::BuildOptions opts{m_pilots, OMRADE_VERSION, progress, profiles::parse_csv_format(m_csv_format)};
        const profiles::BuildResult result = profiles::write_build(inputs, dir.path(), opts);
        dir.commit();
        ctx.err << result.report_text;
        ctx.err << "omrade: skrev " << result.files.size() << " filer till " << m_out << "\n";
        return 0;
    }

private:
    std::string m_config;
    bool m_strict = false;
    std::string m_out = "out";
    std::vector<std::string> m_pilots;
    std::string m_csv_format = "intl";
    bool m_overwrite = false;
};

OMRADE_REGISTER_COMMAND(BuildCommand, "build", "Bygg områdesprofiler per pilot: lager, QGIS-projekt och rapporter");

}  // namespace omrade::tools
