// The embedded Kronoberg default (shapefiles/kronoberg/omrade.toml), found at run time relative
// to the running binary or through OMRADE_DATA, never through a path fixed at compile time: a
// copied project uses its own copy, an installed omrade its share/ folder.
#pragma once

#include <filesystem>
#include <string>

namespace omrade::tools {

struct EmbeddedDefault {
    std::filesystem::path config;  // omrade.toml of the default; empty when not found
    std::string found_by;          // Swedish: how it was found, for --help
    std::string problem;           // Swedish: why it was not found (config empty)
};

// In this order:
// 1. $OMRADE_DATA: a folder holding omrade.toml, or the .toml file itself;
// 2. the binary's own folder and each folder above it: shapefiles/kronoberg/omrade.toml (a
//    source tree with its build folder inside) or share/omrade/kronoberg/omrade.toml (an install
//    prefix, bin/omrade);
// 3. the file omrade-data.txt beside the binary, which CMake writes into a build folder outside
//    the source tree (it names that tree's shapefiles/kronoberg).
// `self` is the running binary (/proc/self/exe); a parameter so tests can try other places.
EmbeddedDefault find_embedded_default(const std::filesystem::path& self, const char* omrade_data);
EmbeddedDefault find_embedded_default();  // with /proc/self/exe and getenv("OMRADE_DATA")

}  // namespace omrade::tools
