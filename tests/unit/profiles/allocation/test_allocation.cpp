// Listing-based allocation (DOMAIN.md §7): largest remainder, ties, eligibility, VAT, tertials.
// Expected values are worked out by hand in the comments.
#include "geo/error.hpp"
#include "profiles/allocation/allocation.hpp"
#include "profiles/input/table.hpp"
#include "test_config.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <random>
#include <set>
#include <sstream>

using namespace omrade;
using namespace omrade::profiles;

namespace {

// Listing with kommun, operator and count; names chosen so that byte order is A < B < C < D.
Listing small_listing() {
    return listing_from_table(parse_csv("vardcentral,kommunkod,driftform,listade\n"
                                        "A,0764,privat,100\n"
                                        "B,0780,region,300\n"
                                        "C,0763,region,100\n"
                                        "D,,privat,50\n",
                                        "liten.csv"));
}

const char* small_pots = R"(
tertial = true
[[pott]]
namn = "Alla"
belopp = 1000

[[pott]]
namn = "Landsbygd"
belopp = 1000
kommuner = ["0764", "0763"]

[[pott]]
namn = "Utvalda"
belopp = 700
vardcentraler = ["B", "D"]

[moms]
privat_procent = 2
)";

template <typename F>
DataError expect_data_error(F&& f) {
    try {
        f();
    } catch (const DataError& e) {
        return e;
    }
    ADD_FAILURE() << "no DataError thrown";
    return DataError({}, "none");
}

}  // namespace

TEST(LargestRemainder, HandWorkedExample) {
    // 1000 × (7, 11, 13) / 31 = 225.81, 354.84, 419.35 → floors 225, 354, 419 (998);
    // the 2 kronor left go to the largest remainders .84 and .81.
    EXPECT_EQ(largest_remainder(1000, {7, 11, 13}, {"a", "b", "c"}), (std::vector<std::int64_t>{226, 355, 419}));
}

TEST(LargestRemainder, ExactSharesNeedNoRounding) {
    EXPECT_EQ(largest_remainder(100, {5, 3, 2}, {"a", "b", "c"}), (std::vector<std::int64_t>{50, 30, 20}));
}

TEST(LargestRemainder, TieOnRemainderGoesToLargerListing) {
    // 2 × (1, 3) / 4 = 0.5, 1.5: both remainders are 1/2; the larger listing (3) wins, although
    // its name sorts after.
    EXPECT_EQ(largest_remainder(2, {1, 3}, {"a", "b"}), (std::vector<std::int64_t>{0, 2}));
}

TEST(LargestRemainder, TieOnRemainderAndListingGoesToNameInByteOrder) {
    // 10 / 3 = 3.33 each: one krona left, equal remainders and listings → smallest name "a".
    EXPECT_EQ(largest_remainder(10, {1, 1, 1}, {"b", "a", "c"}), (std::vector<std::int64_t>{3, 4, 3}));
    // Byte order, not locale order: "Z" (0x5A) < "a" (0x61) < "Ä" (0xC3 0x84).
    EXPECT_EQ(largest_remainder(2, {1, 1, 1}, {"Ä", "a", "Z"}), (std::vector<std::int64_t>{0, 1, 1}));
}

TEST(LargestRemainder, ZeroWeightGetsNothing) {
    EXPECT_EQ(largest_remainder(7, {0, 1, 1}, {"a", "b", "c"}), (std::vector<std::int64_t>{0, 4, 3}));
}

TEST(LargestRemainder, SumsExactlyAndStaysWithinOneOfTheExactShare) {
    std::mt19937_64 rng(20250501);
    std::uniform_int_distribution<std::int64_t> count(0, 15000), amount(1, 50'000'000);
    std::uniform_int_distribution<std::size_t> size(1, 40);
    for (int trial = 0; trial < 500; ++trial) {
        std::vector<std::int64_t> w(size(rng));
        std::vector<std::string> names;
        for (auto& x : w) {
            x = count(rng);
            names.push_back("vc" + std::to_string(names.size()));
        }
        if (std::accumulate(w.begin(), w.end(), std::int64_t{0}) == 0) w[0] = 1;
        const std::int64_t a = amount(rng);
        const auto shares = largest_remainder(a, w, names);
        const long double total = static_cast<long double>(std::accumulate(w.begin(), w.end(), std::int64_t{0}));
        EXPECT_EQ(std::accumulate(shares.begin(), shares.end(), std::int64_t{0}), a);
        for (std::size_t i = 0; i < w.size(); ++i) {
            const long double exact = static_cast<long double>(a) * static_cast<long double>(w[i]) / total;
            EXPECT_LT(std::fabs(static_cast<long double>(shares[i]) - exact), 1.0L) << "trial " << trial << " i " << i;
            EXPECT_EQ(shares[i], static_cast<std::int64_t>(std::floor(exact)) + (shares[i] > std::floor(exact) ? 1 : 0));
        }
    }
}

TEST(LargestRemainder, LargeAmountsStayExact) {
    // 10^15 kr over (1, 2): exact thirds 333…333.33 and 666…666.67 → one krona to the larger remainder.
    const auto s = largest_remainder(1'000'000'000'000'000, {1, 2}, {"a", "b"});
    EXPECT_EQ(s[0], 333'333'333'333'333);
    EXPECT_EQ(s[1], 666'666'666'666'667);
}

TEST(Vat, HalfAwayFromZeroInWholeKronor) {
    const std::int64_t two_percent = 20'000;  // ppm
    EXPECT_EQ(percent_of(12345, two_percent), 247);  // 246.90
    EXPECT_EQ(percent_of(24, two_percent), 0);       // 0.48
    EXPECT_EQ(percent_of(25, two_percent), 1);       // 0.50 → up
    EXPECT_EQ(percent_of(75, two_percent), 2);       // 1.50 → up
    EXPECT_EQ(percent_of(-75, two_percent), -2);     // -1.50 → away from zero
    EXPECT_EQ(percent_of(1000, 25'000), 25);         // 2.5 %
    EXPECT_EQ(percent_of(1000, 0), 0);
}

TEST(Tertials, ThirdsByLargestRemainderEarliestFirst) {
    EXPECT_EQ(split_tertials(99), (std::array<std::int64_t, 3>{33, 33, 33}));
    EXPECT_EQ(split_tertials(100), (std::array<std::int64_t, 3>{34, 33, 33}));
    EXPECT_EQ(split_tertials(101), (std::array<std::int64_t, 3>{34, 34, 33}));
    EXPECT_EQ(split_tertials(0), (std::array<std::int64_t, 3>{0, 0, 0}));
}

TEST(Listing, SwedishCsvWithThousandsSeparatorAndShortKommunkod) {
    const auto l = listing_from_table(parse_csv("vardcentral;kommunkod;driftform;listade\n"
                                                "Achima Care Vislanda;764;Privat;5 105\n"
                                                "Ryd;0763;region;-\n",
                                                "sv.csv"));
    ASSERT_EQ(l.centres.size(), 2u);
    EXPECT_EQ(l.centres[0].kommunkod, "0764");
    EXPECT_EQ(l.centres[0].driftform, Operator::Private);
    EXPECT_EQ(l.centres[0].listed, 5105);
    EXPECT_EQ(l.centres[1].listed, 0);
    EXPECT_EQ(l.centres[1].line, 3);
}

TEST(Listing, AcceptsOneListadeStarColumnAsInTheRegister) {
    const auto l = listing_from_table(parse_csv("vardcentral,listade_2025_05_01\nA,10\n", "r.csv"));
    EXPECT_EQ(l.listing_column, "listade_2025_05_01");
    EXPECT_FALSE(l.has_driftform);
    EXPECT_FALSE(l.has_kommunkod);
}

TEST(Listing, BadCountsNameFileLineAndField) {
    const auto neg = expect_data_error([] { listing_from_table(parse_csv("vardcentral,listade\nA,10\nB,-3\n", "n.csv")); });
    EXPECT_EQ(neg.where().file, "n.csv");
    EXPECT_EQ(neg.where().line, 3);
    EXPECT_EQ(neg.where().field, "listade");
    EXPECT_NE(std::string(neg.what()).find("negativt"), std::string::npos);

    const auto frac = expect_data_error([] { listing_from_table(parse_csv("vardcentral;listade\nA;12,5\n", "f.csv")); });
    EXPECT_EQ(frac.where().line, 2);
    EXPECT_NE(std::string(frac.what()).find("heltal"), std::string::npos);

    const auto text = expect_data_error([] { listing_from_table(parse_csv("vardcentral,listade\nA,många\n", "t.csv")); });
    EXPECT_NE(std::string(text.what()).find("inte ett tal"), std::string::npos);
}

TEST(Listing, DuplicateNamesAreAnError) {
    const auto e = expect_data_error([] { listing_from_table(parse_csv("vardcentral,listade\nA,1\nB,2\nA,3\n", "d.csv")); });
    EXPECT_EQ(e.where().line, 4);
    EXPECT_NE(std::string(e.what()).find("rad 2"), std::string::npos) << e.what();
}

TEST(Listing, UnknownDriftformIsAnError) {
    const auto e = expect_data_error(
        [] { listing_from_table(parse_csv("vardcentral,driftform,listade\nA,kommunal,1\n", "x.csv")); });
    EXPECT_EQ(e.where().field, "driftform");
}

TEST(Pots, ParsesPotsVatAndTertial) {
    const auto cfg = parse_pots(small_pots, "p.toml");
    ASSERT_EQ(cfg.pots.size(), 3u);
    EXPECT_EQ(cfg.pots[0].amount, 1000);
    EXPECT_EQ(cfg.pots[1].kommuner, (std::vector<std::string>{"0764", "0763"}));
    EXPECT_EQ(cfg.pots[2].centres, (std::vector<std::string>{"B", "D"}));
    EXPECT_EQ(cfg.pots[2].centres_lines, (std::vector<long>{15, 15}));
    EXPECT_EQ(cfg.vat_ppm, 20'000);
    EXPECT_TRUE(cfg.per_tertial);
    EXPECT_EQ(parse_pots("[[pott]]\nnamn=\"a\"\nbelopp=1\n[moms]\nprivat_procent=2.5\n", "p").vat_ppm, 25'000);
}

TEST(Pots, BadPotsAreErrorsWithLineAndKey) {
    struct Case {
        std::string toml;
        long line;
        std::string field;
    };
    const std::string moms = "\n[moms]\nprivat_procent = 2\n";
    const std::vector<Case> cases = {
        {"[[pott]]\nnamn = \"a\"\nbelopp = 0\n" + moms, 3, "belopp"},
        {"[[pott]]\nnamn = \"a\"\nbelopp = -100\n" + moms, 3, "belopp"},
        {"[[pott]]\nnamn = \"a\"\nbelopp = 100.5\n" + moms, 3, "belopp"},
        {"[[pott]]\nnamn = \"a\"\nbelopp = \"100\"\n" + moms, 3, "belopp"},
        {"[[pott]]\nnamn = \"a\"\nbelop = 100\n" + moms, 3, "belop"},
        {"[[pott]]\nnamn = \"a\"\nbelopp = 100\n[moms]\nprivat_procnet = 2\n", 5, "moms.privat_procnet"},
        {"tertiall = true\n[[pott]]\nnamn = \"a\"\nbelopp = 100\n" + moms, 1, "tertiall"},
        {"[[pott]]\nnamn = \"a\"\nbelopp = 100\nkommuner = [\"764\"]\n" + moms, 4, "kommuner"},
        {"[[pott]]\nnamn = \"a\"\nbelopp = 100\nkommuner = []\n" + moms, 4, "kommuner"},
        {"[[pott]]\nnamn = \"a\"\nbelopp = 100\nkommuner = [\"0764\"]\nvardcentraler = [\"A\"]\n" + moms, 5,
         "vardcentraler"},
        {"[[pott]]\nnamn = \"a\"\nbelopp = 100\n[[pott]]\nnamn = \"a\"\nbelopp = 5\n" + moms, 4, "namn"},
        {"[[pott]]\nnamn = \"a\"\nbelopp = 100\n[moms]\nprivat_procent = 120\n", 5, "moms.privat_procent"},
    };
    for (const auto& c : cases) {
        const auto e = expect_data_error([&] { parse_pots(c.toml, "p.toml"); });
        EXPECT_EQ(e.where().file, "p.toml") << c.toml;
        EXPECT_EQ(e.where().line, c.line) << c.toml << "\n" << e.what();
        EXPECT_EQ(e.where().field, c.field) << c.toml << "\n" << e.what();
    }
    EXPECT_EQ(expect_data_error([] { parse_pots("[[pott]]\nnamn = \"a\"\nbelopp = 1\n", "p"); }).where().field, "moms");
    EXPECT_EQ(expect_data_error([] { parse_pots("[moms]\nprivat_procent = 2\n", "p"); }).where().field, "pott");
}

TEST(Allocate, EligibilityByKommunAndByNameVatAndTertials) {
    const Listing listing = small_listing();
    const PotsConfig cfg = parse_pots(small_pots, "p.toml");
    const Allocation a = allocate(listing, cfg);
    ASSERT_EQ(a.rows.size(), 4u);
    // "Alla" 1000 over 550 listed: A 181.82, B 545.45, C 181.82, D 90.91 → floors sum to 997;
    // +1 to D (.91), then A and C tie on remainder and listing → A, C by name.
    // "Landsbygd" 1000 over A (0764) and C (0763), 100 each: 500 + 500; D has no kommunkod.
    // "Utvalda" 700 over B 300 and D 50: 600 + 100.
    const std::vector<std::vector<std::int64_t>> pots = {{182, 500, 0}, {545, 0, 600}, {182, 500, 0}, {91, 0, 100}};
    for (std::size_t i = 0; i < 4; ++i) EXPECT_EQ(a.rows[i].pots, pots[i]) << a.rows[i].centre->name;
    EXPECT_EQ(a.rows[1].eligible, (std::vector<bool>{true, false, true}));
    // Sums 682, 1145, 682, 191; 2 % for the private A (13.64 → 14) and D (3.82 → 4).
    EXPECT_EQ(a.rows[0].sum, 682);
    EXPECT_EQ(a.rows[0].vat, 14);
    EXPECT_EQ(a.rows[1].vat, 0);
    EXPECT_EQ(a.rows[2].vat, 0);
    EXPECT_EQ(a.rows[3].vat, 4);
    EXPECT_EQ(a.rows[3].total, 195);
    EXPECT_EQ(a.rows[1].tertials, (std::array<std::int64_t, 3>{382, 382, 381}));
    EXPECT_EQ(a.sum, 2700);
    EXPECT_EQ(a.vat, 18);
    EXPECT_EQ(a.total, 2718);
    EXPECT_EQ(a.pots[1].eligible, 2u);
    EXPECT_EQ(a.pots[1].listed, 200);
    EXPECT_EQ(a.pots[1].without_kommun, (std::vector<std::string>{"D"}));
}

TEST(Allocate, CsvHasOneColumnPerPotAndASummaRow) {
    const Listing listing = small_listing();
    const PotsConfig cfg = parse_pots(small_pots, "p.toml");
    std::ostringstream s;
    write_allocation_csv(s, allocate(listing, cfg), cfg, CsvFormat::Sv);
    EXPECT_EQ(s.str(),
              "\xEF\xBB\xBF"
              "vardcentral;kommunkod;driftform;listade;Alla;Landsbygd;Utvalda;summa_bidrag;momskompensation;totalt;"
              "tertial_1;tertial_2;tertial_3\r\n"
              "A;0764;privat;100;182;500;0;682;14;696;232;232;232\r\n"
              "B;0780;region;300;545;0;600;1145;0;1145;382;382;381\r\n"
              "C;0763;region;100;182;500;0;682;0;682;228;227;227\r\n"
              "D;;privat;50;91;0;100;191;4;195;65;65;65\r\n"
              "Summa;;;550;1000;1000;700;2700;18;2718;907;906;905\r\n");
}

TEST(Allocate, NamedCentreMissingFromListing) {
    const Listing listing = small_listing();
    const auto cfg = parse_pots("[[pott]]\nnamn = \"x\"\nbelopp = 10\nvardcentraler = [\n  \"A\",\n  \"b\",\n]\n"
                                "[moms]\nprivat_procent = 2\n",
                                "p.toml");
    const auto e = expect_data_error([&] { allocate(listing, cfg); });
    EXPECT_EQ(e.where().line, 6);
    EXPECT_EQ(e.where().field, "vardcentraler");
    EXPECT_NE(std::string(e.what()).find("'b' finns inte"), std::string::npos) << e.what();
    EXPECT_NE(e.hint().find("menar du 'B'"), std::string::npos) << e.hint();
}

TEST(Allocate, EmptyEligibleSetAndNoListedPatients) {
    const Listing listing = small_listing();
    const auto none = parse_pots("[[pott]]\nnamn = \"x\"\nbelopp = 10\nkommuner = [\"0781\"]\n[moms]\nprivat_procent = 2\n", "p.toml");
    const auto e = expect_data_error([&] { allocate(listing, none); });
    EXPECT_EQ(e.where().line, 1);
    EXPECT_NE(std::string(e.what()).find("ingen vårdcentral"), std::string::npos) << e.what();

    const Listing zero = listing_from_table(parse_csv("vardcentral,listade\nA,0\nB,0\n", "z.csv"));
    const auto all = parse_pots("[[pott]]\nnamn = \"x\"\nbelopp = 10\n[moms]\nprivat_procent = 2\n", "p.toml");
    EXPECT_THROW(allocate(zero, all), DataError);
}

TEST(Allocate, KommunConditionNeedsAKommunkodColumn) {
    const Listing listing = listing_from_table(parse_csv("vardcentral,listade\nA,5\n", "k.csv"));
    const auto cfg = parse_pots("[[pott]]\nnamn = \"x\"\nbelopp = 10\nkommuner = [\"0764\"]\n[moms]\nprivat_procent = 2\n", "p.toml");
    const auto e = expect_data_error([&] { allocate(listing, cfg); });
    EXPECT_EQ(e.where().field, "kommuner");
    EXPECT_NE(std::string(e.what()).find("kommunkod"), std::string::npos);
}

// The demo: every pot sums exactly and every vårdcentral is within 1 kr of its exact share,
// with the eligible set and the shares recomputed here from the files.
TEST(Allocate, KronobergDemo2025) {
    const Listing listing = read_listing(std::string(omrade::test::kronoberg_dir) + "/listning_2025.csv");
    const PotsConfig cfg = load_pots(std::string(omrade::test::kronoberg_dir) + "/statsbidrag_2025.toml");
    ASSERT_EQ(listing.centres.size(), 32u);
    ASSERT_EQ(cfg.pots.size(), 3u);
    const Allocation a = allocate(listing, cfg);
    const std::set<std::string> glesa = {"0760", "0761", "0763", "0764", "0767"};
    for (std::size_t p = 0; p < cfg.pots.size(); ++p) {
        const bool rural = !cfg.pots[p].kommuner.empty();
        long double listed = 0;
        std::int64_t column = 0;
        for (const auto& c : listing.centres) {
            if (!rural || glesa.count(c.kommunkod)) listed += static_cast<long double>(c.listed);
        }
        for (const auto& row : a.rows) {
            const bool in = !rural || glesa.count(row.centre->kommunkod);
            const long double exact = in ? static_cast<long double>(cfg.pots[p].amount) *
                                               static_cast<long double>(row.centre->listed) / listed
                                         : 0.0L;
            EXPECT_LT(std::fabs(static_cast<long double>(row.pots[p]) - exact), 1.0L) << row.centre->name;
            column += row.pots[p];
        }
        EXPECT_EQ(column, cfg.pots[p].amount) << cfg.pots[p].name;
    }
    EXPECT_EQ(a.sum, 9'500'000 + 6'000'000 + 1'500'000);
    EXPECT_EQ(a.listed, 201'669);
}
