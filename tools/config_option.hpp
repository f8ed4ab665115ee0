// The --config option shared by build, check and catchments: default = embedded Kronoberg demo.
#pragma once

#include "geo/error.hpp"
#include "profiles/inputs.hpp"
#include "tools/command.hpp"
#include "tools/embedded_default.hpp"

#include <iostream>
#include <chrono>
#include <fmt/format.h>
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

// Stage lines on stderr with the time since the first one ("omrade: [  12,3 s] skriver pilot …"),
// only with --progress or on a terminal: silent in CI and pipes.
inline profiles::Progress progress_printer(const Context& ctx) {
    if (!ctx.progress) return {};
    const auto start = std::chrono::steady_clock::now();
    return [&ctx, start](const std::string& msg) {
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::string t = fmt::format("{:6.1f}", s);
        for (auto& c : t)
            if (c == '.') c = ',';
        ctx.err << "omrade: [" << t << " s] " << msg << "\n";
    };
}

}  // namespace omrade::tools
