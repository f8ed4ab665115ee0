// The --config option shared by build, check and catchments: default = embedded Kronoberg demo.
#pragma once

#include "geo/error.hpp"
#include "profiles/inputs.hpp"
#include "tools/command.hpp"
#include "tools/embedded_default.hpp"

#include <iostream>
#include <string>

namespace omrade::tools {

// --config; when it is not given, `config` stays empty and config_path() finds the default.
inline void add_config_option(CLI::App& app, std::string& config) {
    const EmbeddedDefault d = find_embedded_default();
    const std::string where = d.problem.empty() ? d.config.string() + ", " + d.found_by : "hittas inte: " + d.problem;
    app.add_option("--config", config, "Konfigurationsfil (TOML); standard: inbyggda Kronobergsdata (" + where + ")");
}

// The configuration to read: --config, else the embedded default (exit 1 when it is missing).
inline std::string config_path(const std::string& config) {
    if (!config.empty()) return config;
    const EmbeddedDefault d = find_embedded_default();
    if (!d.problem.empty()) throw DataError({}, d.problem);
    return d.config.string();
}

inline profiles::Progress progress_printer(const Context& ctx) {
    if (!ctx.progress) return {};
    return [&ctx](const std::string& msg) { ctx.err << "omrade: " << msg << "\n"; };
}

}  // namespace omrade::tools
