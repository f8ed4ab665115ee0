// Output files: written whole, or a DataError that names the file.
#include "geo/error.hpp"
#include "profiles/output/output_file.hpp"
#include "test_config.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;
using namespace omrade;

TEST(OutputFile, WritesTheTextExactly) {
    const fs::path dir = fs::path(test::binary_dir) / "test_scratch" / "output_file";
    fs::create_directories(dir);
    profiles::write_text_file(dir / "a.txt", std::string("rad 1\nrad 2 \xC3\xA5\n"));
    std::ifstream in(dir / "a.txt", std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    EXPECT_EQ(s.str(), "rad 1\nrad 2 \xC3\xA5\n");
}

TEST(OutputFile, UnwritablePathIsADataErrorNamingTheFile) {
    const fs::path path = fs::path(test::binary_dir) / "test_scratch" / "no_such_folder_xyz" / "profil.html";
    try {
        profiles::write_text_file(path, "x");
        FAIL() << "no error";
    } catch (const DataError& e) {
        EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos) << e.what();
    }
}
