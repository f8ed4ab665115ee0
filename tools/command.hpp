// One class per subcommand: add_options() declares its options, check() validates them without
// touching any file (unit-testable), run() does the work. Commands register themselves with
// OMRADE_REGISTER_COMMAND; the registry drives `omrade --help`.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

namespace omrade::tools {

// What every command gets from main: streams and whether to show progress.
struct Context {
    std::ostream& out;  // data
    std::ostream& err;  // messages
    bool progress = false;
};

class Command {
public:
    virtual ~Command() = default;
    virtual void add_options(CLI::App& app) = 0;
    // Checks option combinations; throws UsageError. Touches no files.
    virtual void check() {}
    // Returns the exit code (0 ok, 1 data problems found, e.g. by `check`). Throws DataError.
    virtual int run(Context& ctx) = 0;
};

struct CommandInfo {
    std::string name;
    std::string description;  // one line, Swedish
    std::function<std::unique_ptr<Command>()> make;
};

// All registered commands, sorted by name.
std::vector<CommandInfo>& command_registry();

struct CommandRegistrar {
    CommandRegistrar(std::string name, std::string description,
                     std::function<std::unique_ptr<Command>()> make);
};

}  // namespace omrade::tools

#define OMRADE_REGISTER_COMMAND(Class, name, description)                          \
    static const ::omrade::tools::CommandRegistrar omrade_registrar_##Class{       \
        name, description, [] { return std::unique_ptr<::omrade::tools::Command>( \
                                    new Class()); }}
