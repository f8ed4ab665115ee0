// omrade check: read and validate every input, report problems, write nothing.
#include "profiles/build.hpp"
#include "profiles/engine/indicators.hpp"
#include "profiles/engine/profile.hpp"
#include "profiles/followup/source.hpp"
#include "profiles/input/config.hpp"
#include "tools/command.hpp"
#include "tools/config_option.hpp"

namespace omrade::tools {

class CheckCommand : public Command {
public:
    void add_options(CLI::App& app) override {
        add_config_option(app, m_config);
        app.add_flag("--strikt", m_strict, "Rimlighetskontrollernas varningar (se [kontroll]) blir fel");
        app.add_flag("--json", m_json, "Skriv rapporten som JSON på stdout");
    }

    int run(Context& ctx) override {
        profiles::Config config = profiles::load_config(config_path(m_config));
        config.strict = m_strict;
        const profiles::Inputs inputs = profiles::load_inputs(config, false, progress_printer(ctx));
        auto report = profiles::input_report(inputs);
        if (!config.catalogue.empty()) {
            // The catalogue is checked against the statistics the same way build uses it:
            // an indicator whose source has no rows, or the wrong kind of rows, is an error here.
            profiles::Catalogue catalogue = profiles::load_catalogue(config.catalogue);
            catalogue.sii_intervals = false;  // check publishes no SII: its simulation would be wasted
            const profiles::ProfileSet set = profiles::compute_profiles(inputs, catalogue);
            report["indikatorkatalog"] = {{"kalla", config.catalogue}, {"indikatorer", set.indicators.size()}};
            // The follow-up of listed patients is read and validated as build reads it.
            if (!config.followup_source.empty()) {
                const profiles::FollowupData f =
                    profiles::read_followup(config.followup_source, config.followup_synthetic, inputs.centres, catalogue);
                report["uppfoljning"] = {{"kalla", f.file},
                                         {"rader_lasta", f.rows_read},
                                         {"rader_med_antal", f.rows_with_counts},
                                         {"rader_bara_varde", f.rows_value_only},
                                         {"rader_ingen_data", f.rows_no_data}};
            }
        }
        if (m_json) ctx.out << report.dump(2) << "\n";
        else {
            ctx.out << profiles::report_text(report);
            if (report.contains("indikatorkatalog")) {
                ctx.out << "Indikatorkatalog " << config.catalogue << ": "
                        << report["indikatorkatalog"]["indikatorer"].get<std::size_t>() << " indikatorer beräknade\n";
            }
            if (report.contains("uppfoljning")) {
                ctx.out << "Uppföljning " << config.followup_source << ": "
                        << report["uppfoljning"]["rader_lasta"].get<std::size_t>() << " rader, "
                        << report["uppfoljning"]["rader_ingen_data"].get<std::size_t>() << " med Ingen data\n";
            }
        }
        const bool problems = !inputs.geometry.invalid.empty() || !inputs.geometry.overlaps.empty();
        if (problems) {
            ctx.err << "omrade: check hittade " << inputs.geometry.invalid.size() << " ogiltiga geometrier och "
                    << inputs.geometry.overlaps.size() << " överlappande områden i " << config.areas_source
                    << "; build lagar ogiltiga geometrier men överlapp måste rättas i källan\n";
            return 1;
        }
        ctx.err << "omrade: check ok\n";
        return 0;
    }

private:
    std::string m_config;
    bool m_strict = false;
    bool m_json = false;
};

OMRADE_REGISTER_COMMAND(CheckCommand, "check", "Kontrollera konfiguration och indata utan att skriva något");

}  // namespace omrade::tools
