// Shared by the fuzz targets: a private scratch folder for readers that take a path, and the
// rule every target follows: a reader may refuse its input only with the error type it
// documents (omrade::DataError); anything else escapes, and libFuzzer reports it as a crash.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <unistd.h>

namespace omrade::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

// A folder of this process, made once and removed at exit.
inline const std::filesystem::path& scratch_dir() {
    static const std::filesystem::path dir = [] {
        std::string tmpl = (std::filesystem::temp_directory_path() / "omrade-fuzz-XXXXXX").string();
        if (!mkdtemp(tmpl.data())) std::abort();
        std::atexit([] {
            std::error_code ec;
            std::filesystem::remove_all(scratch_dir(), ec);
        });
        return std::filesystem::path(tmpl);
    }();
    return dir;
}

// Writes the input to scratch_dir()/name (replacing it) and returns the path.
inline std::filesystem::path write_input(const std::string& name, std::string_view bytes) {
    const auto path = scratch_dir() / name;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) std::abort();
    return path;
}

}  // namespace omrade::fuzz
