// The only place that turns exceptions into messages and exit codes:
// 0 ok, 1 data error, 2 usage error.
#include "geo/error.hpp"
#include "tools/command.hpp"
#include "tools/swedish_cli.hpp"

#include <algorithm>
#include <iostream>
#include <map>
#include <unistd.h>

namespace omrade::tools {

std::vector<CommandInfo>& command_registry() {
    static std::vector<CommandInfo> commands;
    return commands;
}

CommandRegistrar::CommandRegistrar(std::string name, std::string description,
                                   std::function<std::unique_ptr<Command>()> make) {
    auto& reg = command_registry();
    reg.push_back({std::move(name), std::move(description), std::move(make)});
    std::sort(reg.begin(), reg.end(),
              [](const CommandInfo& a, const CommandInfo& b) { return a.name < b.name; });
}

}  // namespace omrade::tools

int main(int argc, char** argv) {
    using namespace omrade;
    CLI::App app{"omrade " OMRADE_VERSION
                 " – områdesprofiler för jämlik hälsa: DeSO, statistik och upptagningsområden"};
    tools::use_swedish_help(app);
    app.require_subcommand(1);
    app.fallthrough();  // global flags such as --no-progress may also follow the subcommand
    app.set_version_flag("--version", std::string(OMRADE_VERSION), "Visa programmets version och avsluta");
    bool progress = isatty(STDERR_FILENO) != 0;
    // Global flags, also listed in each subcommand's --help (and accepted after it).
    const auto add_progress_flags = [&progress](CLI::App& a) {
        a.add_flag_callback("--progress", [&progress] { progress = true; }, "Visa förlopp (standard: bara i en terminal)");
        a.add_flag_callback("--no-progress", [&progress] { progress = false; }, "Visa inget förlopp");
    };
    add_progress_flags(app);

    std::map<CLI::App*, std::unique_ptr<tools::Command>> commands;
    std::vector<std::string> names;
    for (const auto& info : tools::command_registry()) {
        CLI::App* sub = app.add_subcommand(info.name, info.description);
        auto cmd = info.make();
        cmd->add_options(*sub);
        add_progress_flags(*sub);
        commands.emplace(sub, std::move(cmd));
        names.push_back(info.name);
    }
    tools::use_swedish_help_for_subcommands(app);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::string first_word;  // the subcommand the user meant, for an unknown one
        for (int i = 1; i < argc && first_word.empty(); ++i)
            if (argv[i][0] != '-') first_word = argv[i];
        std::cerr << "omrade: " << tools::swedish_parse_error(e, names, first_word) << "\n"
                  << "Kör 'omrade --help' eller 'omrade UNDERKOMMANDO --help' för hjälp.\n";
        return 2;
    }

    tools::Context ctx{std::cout, std::cerr, progress};
    try {
        for (auto& [sub, cmd] : commands) {
            if (sub->parsed()) {
                cmd->check();
                return cmd->run(ctx);
            }
        }
        return 2;
    } catch (const UsageError& e) {
        std::cerr << "omrade: " << e.what() << "\n";
        return 2;
    } catch (const DataError& e) {
        std::cerr << "omrade: fel: " << e.what() << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "omrade: fel: " << e.what() << "\n";
        return 1;
    }
}
