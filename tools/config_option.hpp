// The --config option shared by build, check and catchments: default = embedded Kronoberg demo.
#pragma once

#include "profiles/inputs.hpp"
#include "tools/command.hpp"

#include <iostream>
#include <string>

namespace omrade::tools {

inline std::string default_config() { return OMRADE_DEFAULT_CONFIG; }

inline void add_config_option(CLI::App& app, std::string& config) {
    config = default_config();
    app.add_option("--config", config, "Konfigurationsfil (TOML); standard: inbyggda Kronobergsdata");
}

inline profiles::Progress progress_printer(const Context& ctx) {
    if (!ctx.progress) return {};
    return [&ctx](const std::string& msg) { ctx.err << "omrade: " << msg << "\n"; };
}

}  // namespace omrade::tools
