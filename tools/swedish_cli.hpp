// The command line in Swedish: CLI11's help labels and its parse errors, which it writes in
// English, said in Swedish (exit code 2 as for every usage error).
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace omrade::tools {

// Labels, group names and the help/version texts of `app` and of subcommands added after it.
void use_swedish_help(CLI::App& app);
// After every subcommand is added: their help flag and option group in Swedish too.
void use_swedish_help_for_subcommands(CLI::App& app);

// A parse error of CLI11 in Swedish, e.g. "--confidence: 'abc' är inte ett tal". `commands` are
// the subcommand names; `first_word` the first argument that is not an option (an unknown
// subcommand when it is none of them).
std::string swedish_parse_error(const CLI::Error& e, const std::vector<std::string>& commands,
                                const std::string& first_word);

}  // namespace omrade::tools
