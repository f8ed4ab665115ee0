// Writing one output file of a build, with a clear error when it cannot be written completely
// (full disk, no permission): a build must never report success over a truncated file.
#pragma once

#include <filesystem>
#include <functional>
#include <ostream>
#include <string_view>

namespace omrade::profiles {

// Writes `text` to `path` (binary, replacing the file). Throws DataError naming the file.
void write_text_file(const std::filesystem::path& path, std::string_view text);

// Opens `path`, lets `write` stream into it, and checks the stream after closing. Throws
// DataError naming the file.
void write_stream_file(const std::filesystem::path& path, const std::function<void(std::ostream&)>& write);

}  // namespace omrade::profiles
