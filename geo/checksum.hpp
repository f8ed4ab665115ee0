// File checksums for provenance.
#pragma once

#include <filesystem>
#include <string>

namespace omrade::geo {

// SHA-256 of a file as 64 lowercase hex digits; "" for sources that are not files (PG:...).
std::string sha256_file(const std::filesystem::path& path);

}  // namespace omrade::geo
