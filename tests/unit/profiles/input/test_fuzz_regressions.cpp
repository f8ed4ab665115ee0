// Inputs the fuzz targets (tests/fuzz/) found faults with, kept in tests/data/fuzz/<target>/
// (README.md there). Each must now be refused with a DataError naming the file and the field.
#include "geo/error.hpp"
#include "profiles/engine/indicators.hpp"
#include "profiles/input/config.hpp"
#include "profiles/input/jsonstat.hpp"
#include "test_config.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

using namespace omrade;
using namespace omrade::profiles;

namespace {

std::string fuzz_file(const std::string& name) { return std::string(omrade::test::data_dir) + "/fuzz/" + name; }

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// The DataError's message, or "" if none was thrown.
template <class F>
std::string data_error(F&& f) {
    try {
        f();
    } catch (const DataError& e) {
        return e.what();
    }
    return {};
}

}  // namespace

// [[statistik]] ar = 1e30 was cast to int: undefined behaviour (UBSan float-cast-overflow).
TEST(FuzzRegression, StatisticsYearOutsideIntIsAnError) {
    const std::string file = fuzz_file("fuzz_config/statistik_ar_utanfor_int.toml");
    const std::string msg = data_error([&] { load_config(file); });
    EXPECT_NE(msg.find(file), std::string::npos) << msg;
    EXPECT_NE(msg.find("statistik.ar"), std::string::npos) << msg;
    EXPECT_NE(msg.find("ska vara ett årtal"), std::string::npos) << msg;
}

// size 4 000 000 000 with one category allocated 4e9 strings before checking the index.
TEST(FuzzRegression, JsonstatSizeLargerThanItsCategoriesIsAnError) {
    const std::string file = fuzz_file("fuzz_jsonstat/size_fyra_miljarder.json");
    const std::string msg = data_error([&] { jsonstat_to_table(read_text(file), file, "desokod"); });
    EXPECT_NE(msg.find(file), std::string::npos) << msg;
    EXPECT_NE(msg.find("'Region'"), std::string::npos) << msg;
    EXPECT_NE(msg.find("category.index har 1 kategorier men size anger 4000000000"), std::string::npos) << msg;
}

// 500 × 500 × 500 cells with a sparse value object: one row per cell, 125 million rows.
TEST(FuzzRegression, JsonstatWithTooManyCellsIsAnError) {
    const std::string file = fuzz_file("fuzz_jsonstat/glest_varde_manga_celler.json");
    const std::string msg = data_error([&] { jsonstat_to_table(read_text(file), file, "desokod"); });
    EXPECT_NE(msg.find(file), std::string::npos) << msg;
    EXPECT_NE(msg.find("fler än 20000000 celler"), std::string::npos) << msg;
    EXPECT_NE(msg.find("hämta färre"), std::string::npos) << msg;
}

// A number beyond a double (777E17771) made nlohmann::json throw out_of_range, not parse_error:
// the exception escaped the reader (std::terminate in the fuzz target, found in CI as an
// ordinary user, issue 14).
TEST(FuzzRegression, JsonstatNumberBeyondADoubleIsAnError) {
    const std::string file = fuzz_file("fuzz_jsonstat/tal_utanfor_double.json");
    const std::string msg = data_error([&] { jsonstat_to_table(read_text(file), file, "desokod"); });
    EXPECT_NE(msg.find(file), std::string::npos) << msg;
    EXPECT_NE(msg.find("ogiltig JSON"), std::string::npos) << msg;
    EXPECT_NE(msg.find("number overflow"), std::string::npos) << msg;
    EXPECT_NE(msg.find("JSON-stat2"), std::string::npos) << msg;
}

// Two categories at one position left another position without a code (an empty area code).
TEST(FuzzRegression, JsonstatTwoCategoriesAtOnePositionIsAnError) {
    const std::string json = R"({"id":["Region"],"size":[2],"dimension":{"Region":{"category":{"index":{"0780A0010":0,"0780A0020":0}}}},"value":[1,2]})";
    const std::string msg = data_error([&] { jsonstat_to_table(json, "x.json", "desokod"); });
    EXPECT_NE(msg.find("ogiltig position för '0780A0020'"), std::string::npos) << msg;
}

// TOML allows nan: [roj] min_taljare = nan compared false with every count and switched primary
// suppression off without a word (found reading the config reader while fuzzing it).
TEST(FuzzRegression, NanThresholdIsAnError) {
    const std::string file = fuzz_file("fuzz_config/roj_min_taljare_nan.toml");
    const std::string msg = data_error([&] { load_config(file); });
    EXPECT_NE(msg.find(file), std::string::npos) << msg;
    EXPECT_NE(msg.find("roj.min_taljare"), std::string::npos) << msg;
    EXPECT_NE(msg.find("ändligt tal"), std::string::npos) << msg;
}

// benchmark = nan in the catalogue: every comparison with it would be false.
TEST(FuzzRegression, NanBenchmarkIsAnError) {
    const std::string file = fuzz_file("fuzz_catalogue/benchmark_nan.toml");
    const std::string msg = data_error([&] { parse_catalogue(read_text(file), file); });
    EXPECT_NE(msg.find(file), std::string::npos) << msg;
    EXPECT_NE(msg.find("benchmark"), std::string::npos) << msg;
    EXPECT_NE(msg.find("ändligt tal"), std::string::npos) << msg;
}
