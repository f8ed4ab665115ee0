// omrade build: områdesprofiler per pilot from a configuration.
#include "geo/error.hpp"
#include "profiles/build.hpp"
#include "profiles/input/config.hpp"
#include "tools/command.hpp"
#include "tools/config_option.hpp"

#include <filesystem>
#include <unistd.h>

namespace omrade::tools {

namespace fs = std::filesystem;

class BuildCommand : public Command {
public:
    void add_options(CLI::App& app) override {
        add_config_option(app, m_config);
        app.add_option("--out", m_out, "Utdatamapp (standard: out)");
        app.add_option("--pilot", m_pilots, "Bygg bara denna pilot (id; kan upprepas)");
        app.add_flag("--overwrite", m_overwrite, "Ersätt en befintlig utdatamapp");
        app.add_option("--csv-format", m_csv_format, "profil.csv: intl (komma, decimalpunkt) eller sv (semikolon, decimalkomma för svenskt Excel)")
            ->check(CLI::IsMember({"intl", "sv"}));
    }

    int run(Context& ctx) override {
        const fs::path out = fs::absolute(m_out).lexically_normal();
        if (fs::exists(out) && !m_overwrite) {
            throw UsageError(m_out + " finns redan; använd --overwrite för att ersätta den");
        }
        const profiles::Config config = profiles::load_config(config_path(m_config));
        const auto progress = progress_printer(ctx);
        const profiles::Inputs inputs = profiles::load_inputs(config, true, progress);

        // Written beside the target, then renamed: output appears whole or not at all.
        const fs::path tmp = out.parent_path() / ("." + out.filename().string() + ".tmp-" + std::to_string(getpid()));
        fs::remove_all(tmp);
        fs::create_directories(tmp);
        profiles::BuildResult result;
        try {
            profiles::BuildOptions opts{m_pilots, OMRADE_VERSION, progress, profiles::parse_csv_format(m_csv_format)};
            result = profiles::write_build(inputs, tmp, opts);
        } catch (...) {
            fs::remove_all(tmp);
            throw;
        }
        if (fs::exists(out)) {
            const fs::path old = out.parent_path() / ("." + out.filename().string() + ".old-" + std::to_string(getpid()));
            fs::rename(out, old);
            fs::rename(tmp, out);
            fs::remove_all(old);
        } else {
            fs::rename(tmp, out);
        }
        ctx.err << result.report_text;
        ctx.err << "omrade: skrev " << result.files.size() << " filer till " << m_out << "\n";
        return 0;
    }

private:
    std::string m_config;
    std::string m_out = "out";
    std::vector<std::string> m_pilots;
    std::string m_csv_format = "intl";
    bool m_overwrite = false;
};

OMRADE_REGISTER_COMMAND(BuildCommand, "build", "Bygg områdesprofiler per pilot: lager, QGIS-projekt och rapporter");

}  // namespace omrade::tools
