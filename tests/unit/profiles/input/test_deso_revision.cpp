// DeSO 2018 statistics brought to DeSO 2025 by a correspondence key: 1:1 codes carried, a split
// DeSO's counts shared by the key's shares and summing back to the original, merged DeSOs added
// up, and every 2018 row accounted for (carried, shared, unmatched, outside).
#include "geo/error.hpp"
#include "profiles/input/deso_revision.hpp"
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

fs::path write(const std::string& name, const std::string& bytes) {
    const auto dir = fs::path(test::binary_dir) / "test_scratch" / "deso_revision";
    fs::create_directories(dir);
    std::ofstream(dir / name, std::ios::binary) << bytes;
    return dir / name;
}

StatisticsSource deso2018(const std::string& path, const std::string& key) {
    StatisticsSource s{path, "lang", "desokod", std::nullopt, {}, false};
    s.division = "DeSO2018";
    s.key = key;
    return s;
}

const StatRow* row_of(const Statistics& s, const std::string& code) {
    const auto area = test::kronoberg_areas().find(code);
    for (const auto& r : s.rows) {
        if (area && r.area == *area) return &r;
    }
    return nullptr;
}

}  // namespace

TEST(DivisionKey, EmbeddedKronobergKeyCarries109AndSplitsThree) {
    const DivisionKey key = read_division_key(test::kron("deso2018_deso2025_nyckel.csv"));
    EXPECT_EQ(key.parts.size(), 112u);
    std::size_t carried = 0, parts = 0;
    for (const auto& [code, p] : key.parts) {
        parts += p.size();
        if (p.size() == 1) {
            ++carried;
            EXPECT_EQ(p.front().code, code);
        }
    }
    EXPECT_EQ(carried, 109u);
    EXPECT_EQ(parts, 115u);
    // 0780C1020 became 0780C1021 (1 849 inhabitants 2024) and 0780C1022 (1 971).
    const auto* split = key.find("0780C1020");
    ASSERT_TRUE(split);
    ASSERT_EQ(split->size(), 2u);
    EXPECT_EQ((*split)[0].code, "0780C1021");
    EXPECT_NEAR((*split)[0].share, 1849.0 / 3820.0, 1e-6);
    EXPECT_NEAR((*split)[1].share, 1971.0 / 3820.0, 1e-6);
}

TEST(DeSORevision, SplitCountsAreSharedAndSumBackEveryRowAccountedFor) {
    const auto key = write("nyckel.csv",
                           "deso2018,deso2025,andel\n0760A0010,0760A0010,1\n0780C1020,0780C1021,0.25\n0780C1020,0780C1022,0.75\n");
    const auto data = write("s2018.csv",
                            "desokod,indikator,ar,taljare,namnare\n"
                            "0760A0010,x,2022,65,1118\n"
                            "0780C1020,x,2022,57,1779\n"
                            "0780C9999,x,2022,1,10\n"       // a Växjö code the key does not know
                            "1280C1010,x,2022,5,50\n");     // Malmö: outside the area set
    const Statistics s = read_statistics({deso2018(data.string(), key.string())}, test::kronoberg_areas());
    const StatSourceReport& rep = s.sources.at(0);
    ASSERT_TRUE(rep.revision);
    EXPECT_EQ(rep.rows_read, 4u);
    EXPECT_EQ(rep.revision->carried, 1u);
    EXPECT_EQ(rep.revision->shared, 1u);
    EXPECT_EQ(rep.revision->unmatched, 1u);
    EXPECT_EQ(rep.rows_outside, 1u);
    EXPECT_EQ(rep.revision->carried + rep.revision->shared + rep.revision->unmatched + rep.rows_outside, rep.rows_read);
    EXPECT_EQ(rep.revision->unmatched_codes, std::vector<std::string>{"0780C9999"});
    EXPECT_EQ(rep.rows_joined, 3u);
    ASSERT_EQ(s.rows.size(), 3u);

    const StatRow* carried = row_of(s, "0760A0010");
    ASSERT_TRUE(carried);
    EXPECT_EQ(*carried->numerator, 65);
    EXPECT_TRUE(carried->converted);
    const StatRow* a = row_of(s, "0780C1021");
    const StatRow* b = row_of(s, "0780C1022");
    ASSERT_TRUE(a && b);
    EXPECT_DOUBLE_EQ(*a->numerator, 57 * 0.25);
    EXPECT_DOUBLE_EQ(*b->numerator, 57 * 0.75);
    EXPECT_DOUBLE_EQ(*a->numerator + *b->numerator, 57);
    EXPECT_DOUBLE_EQ(*a->denominator + *b->denominator, 1779);
    EXPECT_TRUE(a->converted && b->converted);
}

TEST(DeSORevision, EmbeddedKeySharesTheRealSplitDeSOAndMergesAddUp) {
    // The real 2022 counts of 0780C1020 (unemployed 57 of a labour force of 1 779), embedded key.
    const auto data = write("real.csv", "desokod,indikator,ar,taljare,namnare\n0780C1020,arbetslosa,2022,57,1779\n");
    const Statistics s = read_statistics({deso2018(data.string(), test::kron("deso2018_deso2025_nyckel.csv"))},
                                         test::kronoberg_areas());
    const StatRow* a = row_of(s, "0780C1021");
    const StatRow* b = row_of(s, "0780C1022");
    ASSERT_TRUE(a && b);
    EXPECT_NEAR(*a->numerator + *b->numerator, 57, 1e-9);
    EXPECT_NEAR(*a->denominator + *b->denominator, 1779, 1e-9);
    EXPECT_NEAR(*a->numerator / 57, 0.484031, 1e-9);

    // Two 2018 DeSOs merged into one 2025 DeSO: counts added, shares (values) weighted.
    const auto key = write("merge.csv", "deso2018,deso2025,andel\n0760A0010,0760A0010,1\n0760A0020,0760A0010,1\n");
    const auto both = write("both.csv",
                            "desokod,indikator,ar,taljare,namnare\n0760A0010,x,2022,10,100\n0760A0020,x,2022,30,300\n");
    const Statistics m = read_statistics({deso2018(both.string(), key.string())}, test::kronoberg_areas());
    ASSERT_EQ(m.rows.size(), 1u);
    EXPECT_EQ(*m.rows[0].numerator, 40);
    EXPECT_EQ(*m.rows[0].denominator, 400);
    EXPECT_EQ(m.sources[0].revision->merged, 1u);
    EXPECT_EQ(m.sources[0].rows_joined, 1u);
}

TEST(DivisionKey, BadKeysNameFileLineCodeAndField) {
    const auto sum = write("sum.csv", "deso2018,deso2025,andel\n0780C1020,0780C1021,0.5\n0780C1020,0780C1022,0.4\n");
    try {
        read_division_key(sum.string());
        FAIL() << "no error";
    } catch (const DataError& e) {
        EXPECT_EQ(e.where().line, 2);
        EXPECT_EQ(e.where().feature, "0780C1020");
        EXPECT_EQ(e.where().field, "andel");
    }
    const auto zero = write("zero.csv", "deso2018,deso2025,andel\n0780C1020,0780C1021,0\n");
    EXPECT_THROW(read_division_key(zero.string()), DataError);
    const auto code = write("code.csv", "deso2018,deso2025,andel\n0780X1020,0780C1021,1\n");
    EXPECT_THROW(read_division_key(code.string()), DataError);
    const auto twice = write("twice.csv", "deso2018,deso2025,andel\n0780C1020,0780C1021,0.5\n0780C1020,0780C1021,0.5\n");
    EXPECT_THROW(read_division_key(twice.string()), DataError);
}
