// omrade check: read and validate every input, report problems, write nothing.
#include "profiles/build.hpp"
#include "profiles/engine/indicators.hpp"
#include "profiles/engine/profile.hpp"
#include "profiles/followup/source.hpp"
#include "profiles/input/config.hpp"
#include "tools/command.hpp"
#include "tools/config_option.hpp"

#include <optional>

namespace omrade::tools {

class CheckCommand : public Command {
public:
    void add_options(CLI::App& app) override {
        add_config_option(app, m_config);
        app.add_flag("--strikt", m_strict, "Rimlighetskontrollernas varningar (se [kontroll]) blir fel");
        app.add_flag("--json", m_json, "Skriv rapporten som JSON på stdout");
    }

    int run(Context& ctx) override {
        // Every problem of one run, numbered: a copied config with three wrong paths and a
        // misspelt vårdcentral takes one run, not four.
        profiles::Problems problems(profiles::Problems::Mode::collect);
        profiles::Config config = profiles::load_config(config_path(m_config), problems);
        config.strict = m_strict;
        const profiles::Inputs inputs = profiles::load_inputs(config, false, progress_printer(ctx), problems);
        std::optional<profiles::Catalogue> catalogue;
        if (!config.catalogue.empty()) {
            problems.attempt([&] { catalogue = profiles::load_catalogue(config.catalogue); });
        }
        // The catalogue against the statistics as build uses it: first every indicator whose
        // statistics id has no rows, then (when all inputs are sound) the full computation, which
        // finds the wrong kind of rows.
        const bool statistics_read = problems.empty();
        if (catalogue && statistics_read) profiles::check_indicator_sources(*catalogue, inputs.statistics, problems);
        // The follow-up of listed patients is read and validated as build reads it.
        std::optional<profiles::FollowupData> followup;
        const bool register_read = !config.care_centres_source.empty() && !inputs.centres.centres.empty();
        if (catalogue && register_read && !config.followup_source.empty()) {
            problems.attempt([&] {
                followup = profiles::read_followup(config.followup_source, config.followup_synthetic, inputs.centres, *catalogue,
                                                   config.followup_fields, problems);
            });
        }
        std::optional<std::size_t> computed;
        if (catalogue && problems.empty()) {
            catalogue->sii_intervals = false;  // check publishes no SII: its simulation would be wasted
            problems.attempt([&] { computed = profiles::compute_profiles(inputs, *catalogue).indicators.size(); });
        }
        if (!problems.empty()) {
            // Every occurrence counts; a message repeated on several rows is listed once with them.
            ctx.err << "omrade: check hittade " << problems.count() << " problem:\n"
                    << problems.numbered() << "omrade: rätta dem och kör check igen\n";
            return 1;
        }
        auto report = profiles::input_report(inputs);
        if (computed) report["indikatorkatalog"] = {{"kalla", config.catalogue}, {"indikatorer", *computed}};
        if (followup) {
            report["vardcentraler"]["namn_tolkade"] = profiles::loose_matches_json(inputs.centres);
            report["uppfoljning"] = {{"kalla", followup->file},
                                     {"rader_lasta", followup->rows_read},
                                     {"rader_med_antal", followup->rows_with_counts},
                                     {"rader_bara_varde", followup->rows_value_only},
                                     {"rader_ingen_data", followup->rows_no_data}};
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
        const bool geometry_problems = !inputs.geometry.invalid.empty() || !inputs.geometry.overlaps.empty();
        if (geometry_problems) {
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
