// Areas, configuration, population, statistics joins and the vårdcentral register.
#include "geo/error.hpp"
#include "geo/reader.hpp"
#include "profiles/input/areas.hpp"
#include "profiles/input/care_centres.hpp"
#include "profiles/input/config.hpp"
#include "profiles/input/population.hpp"
#include "profiles/input/statistics.hpp"
#include "test_config.hpp"
#include "unit/profiles/kronoberg_areas.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using namespace omrade;
using namespace omrade::profiles;

namespace {

using test::kron;

fs::path write(const std::string& name, const std::string& text) {
    const auto dir = fs::path(test::binary_dir) / "test_scratch" / "inputs";
    fs::create_directories(dir);
    std::ofstream(dir / name) << text;
    return dir / name;
}

}  // namespace

TEST(DesoCode, Validation) {
    EXPECT_TRUE(is_deso_code("0780C1010"));
    EXPECT_FALSE(is_deso_code("0780D1010"));
    EXPECT_FALSE(is_deso_code("780C1010"));
    EXPECT_EQ(normalize_area_code(" 0780C1010_DeSO2025 ", "DeSO2025", {}), "0780C1010");
    EXPECT_THROW(normalize_area_code("0780C1010_DeSO2018", "DeSO2025", {}), DataError);
}

TEST(AreaSet, KronobergHasKommunFromCode) {
    const auto& set = test::kronoberg_areas();
    EXPECT_EQ(set.size(), 115u);
    const auto i = set.find("0763C1010");
    ASSERT_TRUE(i);
    EXPECT_EQ(set.areas[*i].kommun, "0763");
    EXPECT_EQ(set.areas[*i].lan, "07");
    EXPECT_GT(set.areas[*i].area_m2, 0);
}

TEST(Config, UnknownKeyNamesKeyAndFile) {
    const auto p = write("bad.toml", "[omraden]\nkalla = \"x.gpkg\"\nkood = \"desokod\"\n");
    try {
        load_config(p);
        FAIL();
    } catch (const DataError& e) {
        EXPECT_EQ(e.where().field, "omraden.kood");
        EXPECT_EQ(e.where().line, 3);
        EXPECT_NE(std::string(e.what()).find("bad.toml"), std::string::npos);
    }
}

TEST(Config, DemoConfigLoadsWithResolvedPaths) {
    const Config c = load_config(kron("omrade.toml"));
    EXPECT_EQ(c.pilots.size(), 2u);
    EXPECT_EQ(c.pilots[0].id, "teleborg");
    EXPECT_EQ(c.areas_source, kron("deso2025_kronoberg.gpkg") + "|layername=deso");
    ASSERT_EQ(c.statistics.size(), 4u);
    // SCB 2022 in DeSO 2018 with the embedded key, SCB 2024 counts, then the synthetic health data.
    EXPECT_EQ(c.statistics[1].division, "DeSO2018");
    EXPECT_EQ(c.statistics[1].key, kron("deso2018_deso2025_nyckel.csv"));
    EXPECT_TRUE(c.statistics[2].division.empty());
    EXPECT_TRUE(c.statistics[3].synthetic);
    EXPECT_EQ(c.catchment.method, "tabell");
}

TEST(Population, KronobergSumsAndAccounting) {
    const Population p = read_population(kron("scb_deso2025_befolkning_alder_kon.csv"), test::kronoberg_areas());
    EXPECT_EQ(p.rows_read, 115u * 17u);
    EXPECT_EQ(p.rows_joined, p.rows_read);
    EXPECT_EQ(p.bands.size(), 17u);
    // SCB's county population 31 Dec 2024 is about 203 000 (noise makes bands differ slightly).
    EXPECT_NEAR(p.total_all(), 203000, 3000);
}

TEST(Statistics, OutsideKommunCountedUnknownInsideRejected) {
    const auto ok = write("outside.csv", "desokod,indikator,ar,taljare,namnare\n0763A0010,x,2024,4,100\n0180C1010,x,2024,9,800\n");
    const Statistics s = read_statistics({{ok.string(), "lang", "desokod", std::nullopt, {}, false}}, test::kronoberg_areas());
    EXPECT_EQ(s.sources[0].rows_read, 2u);
    EXPECT_EQ(s.sources[0].rows_joined, 1u);
    EXPECT_EQ(s.sources[0].rows_outside, 1u);
    EXPECT_EQ(s.sources[0].areas_without_rows.size(), 114u);
    const auto bad = write("inside.csv", "desokod,indikator,ar,taljare,namnare\n0763A0999,x,2024,4,100\n");
    EXPECT_THROW(read_statistics({{bad.string(), "lang", "desokod", std::nullopt, {}, false}}, test::kronoberg_areas()), DataError);
}

TEST(Statistics, DuplicateKeyNamesBothLines) {
    const auto p = write("dup.csv", "desokod,indikator,ar,taljare,namnare\n0763A0010,x,2024,4,100\n0763A0010,x,2024,5,100\n");
    try {
        read_statistics({{p.string(), "lang", "desokod", std::nullopt, {}, false}}, test::kronoberg_areas());
        FAIL();
    } catch (const DataError& e) {
        EXPECT_EQ(e.where().line, 3);
        EXPECT_NE(std::string(e.what()).find("rad 2"), std::string::npos);
    }
}

TEST(Statistics, WideScbTableWithNotPublishedCells) {
    StatisticsSource src{kron("scb_deso2025_indikatorer.csv"), "bred", "desokod", 2024, {std::string("low_econ"), std::string("flats")}, false};
    const Statistics s = read_statistics({src}, test::kronoberg_areas());
    EXPECT_EQ(s.sources[0].rows_read, 230u);
    EXPECT_EQ(s.sources[0].rows_joined, 230u);
    EXPECT_GT(s.sources[0].rows_not_published, 0u);  // flats is empty for some DeSOs
}

TEST(CareCentres, RegisterPositionsAndUnknown) {
    const CareCentreRegister reg = read_care_centres(kron("vardcentraler.csv"));
    EXPECT_EQ(reg.centres.size(), 32u);
    const auto& falken = reg.centres[*reg.find("Hälsocentralen Falken")];
    EXPECT_FALSE(falken.position);
    const auto& teleborg = reg.centres[*reg.find("Teleborg")];
    ASSERT_TRUE(teleborg.position);
    EXPECT_NEAR(teleborg.position->y(), 6301000, 3000);
    EXPECT_EQ(teleborg.listed, 11373);
}
