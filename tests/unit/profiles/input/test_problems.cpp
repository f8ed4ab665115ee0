// The collection of problems that `omrade check` lists (profiles/input/problems.hpp).
#include "profiles/input/problems.hpp"

#include <gtest/gtest.h>

using namespace omrade;
using namespace omrade::profiles;

TEST(Problems, StopModeThrowsTheFirst) {
    Problems stop;
    EXPECT_THROW(stop.add(DataError({"a.csv", 2, {}, "x"}, "fel")), DataError);
    EXPECT_THROW(stop.attempt([] { throw DataError({"a.csv", 3, {}, "x"}, "fel"); }), DataError);
    EXPECT_TRUE(stop.empty());
}

TEST(Problems, CollectModeRecordsFoldsRepeatsAndNumbers) {
    Problems p(Problems::Mode::collect);
    EXPECT_TRUE(p.attempt([] {}));
    for (long line : {2, 3, 4}) {
        EXPECT_FALSE(p.attempt([line] { throw DataError({"u.csv", line, "0763A0010", "vardcentral"}, "okänd 'X'", "stava rätt"); }));
    }
    p.add(DataError({"omrade.toml", 7, {}, "roj.min_talare"}, "okänd nyckel"));
    EXPECT_EQ(p.count(), 4u);
    ASSERT_EQ(p.entries().size(), 2u);
    EXPECT_EQ(p.entries()[0].other_count, 2u);
    const std::string text = p.numbered();
    EXPECT_NE(text.find("  1. u.csv: rad 2: objekt 0763A0010: fält 'vardcentral': okänd 'X'; stava rätt (samma fel även på rad 3 och 4)\n"),
              std::string::npos) << text;
    EXPECT_NE(text.find("  2. omrade.toml: rad 7: fält 'roj.min_talare': okänd nyckel\n"), std::string::npos) << text;
}

TEST(Problems, PastTheLimitPerFileOnlyCounted) {
    Problems p(Problems::Mode::collect);
    for (std::size_t i = 0; i < Problems::max_per_file + 5; ++i) {
        p.add(DataError({"s.csv", static_cast<long>(i + 2), {}, "taljare"}, "'x" + std::to_string(i) + "' är inte ett tal"));
    }
    EXPECT_EQ(p.entries().size(), Problems::max_per_file);
    EXPECT_EQ(p.count(), Problems::max_per_file + 5);
    EXPECT_NE(p.numbered().find("21. s.csv: ytterligare 5 problem visas inte"), std::string::npos) << p.numbered();
}
