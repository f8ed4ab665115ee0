// Issue 13: protect() carries its analysis (components, their factorisations, determined cells)
// from one round to the next and forms again only what the round's protector or withheld total
// touched (LinearSystem::update). With detail::check_round_updates on, every carried analysis is
// compared inside protect() with a fresh one and a difference throws; here that runs on every
// table of the embedded default and on county-sized random tables where the county and its SII
// are global rows, and the decisions are compared with the dense reference of e515108. The same
// switch compares every pair search over the pairs grouped by column pattern with one over all.
#include "profiles/disclosure/disclosure.hpp"
#include "unit/profiles/disclosure/demo_tables.hpp"
#include "unit/profiles/disclosure/reference_disclosure.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

using namespace omrade::profiles;

namespace {

struct Checking {
    Checking() {
        detail::round_counts(true);
        detail::check_round_updates(true);
    }
    ~Checking() { detail::check_round_updates(false); }
};

// A county: catchments of 2–8 DeSO (some sharing their first DeSO with the previous catchment by a
// fractional weight), kommuner of 2–5 catchments, the county total and an SII-like signed
// combination over the county; numerators small enough that a third to a half are primary.
struct Table {
    std::vector<DisclosureCell> cells;
    std::vector<DisclosureGroup> groups;
};

Table county_table(std::mt19937& rng, std::size_t n) {
    auto pick = [&](std::uint32_t lo, std::uint32_t hi) { return lo + rng() % (hi - lo + 1); };
    Table t;
    for (std::size_t i = 0; i < n; ++i) {
        DisclosureCell c;
        c.missing = pick(0, 29) == 0;
        c.numerator = static_cast<double>(pick(0, 16));
        c.denominator = static_cast<double>(pick(40, 600));
        t.cells.push_back(c);
    }
    std::vector<std::vector<std::pair<std::size_t, double>>> catchments;
    for (std::size_t i = 0; i < n;) {
        const std::size_t len = std::min<std::size_t>(pick(2, 8), n - i);
        std::vector<std::pair<std::size_t, double>> g;
        const bool shared = !catchments.empty() && pick(0, 3) == 0;
        for (std::size_t k = i; k < i + len; ++k) g.emplace_back(k, shared && k == i ? 0.6 : 1.0);
        if (shared) catchments.back().emplace_back(i, 0.4);
        catchments.push_back(std::move(g));
        i += len;
    }
    for (const auto& g : catchments) t.groups.push_back({g, "upptagningsområde", false});
    for (std::size_t k = 0; k < catchments.size();) {
        const std::size_t len = std::min<std::size_t>(pick(2, 5), catchments.size() - k);
        std::vector<std::pair<std::size_t, double>> g;
        for (std::size_t j = k; j < k + len; ++j)
            for (const auto& member : catchments[j])
                if (g.empty() || g.back().first != member.first) g.emplace_back(member.first, 1.0);
        t.groups.push_back({g, "kommun", false});
        k += len;
    }
    DisclosureGroup county{{}, "länet", false}, slope{{}, "länet SII", true};
    for (std::size_t i = 0; i < n; ++i) {
        county.members.emplace_back(i, 1.0);
        slope.members.emplace_back(i, (static_cast<double>(i % 5) - 2.0) / t.cells[i].denominator);
    }
    t.groups.push_back(slope);
    t.groups.push_back(county);
    return t;
}

void expect_same(const DisclosureResult& got, const DisclosureResult& want, const std::string& what) {
    ASSERT_EQ(got.cells.size(), want.cells.size()) << what;
    for (std::size_t i = 0; i < got.cells.size(); ++i)
        EXPECT_EQ(static_cast<int>(got.cells[i]), static_cast<int>(want.cells[i])) << what << ": cell " << i;
    EXPECT_EQ(got.group_suppressed, want.group_suppressed) << what;
}

TEST(DisclosureRounds, CarriedAnalysisMatchesFreshOnTheEmbeddedDefault) {
    const auto& tables = demo_tables();
    ASSERT_FALSE(tables.empty());
    const Checking checking;
    for (std::size_t k = 0; k < tables.size(); ++k) {
        const auto& t = tables[k];
        DisclosureResult got;
        ASSERT_NO_THROW(got = protect(t.cells, t.groups, t.rules)) << "tabell " << k;
        expect_same(got, t.result, "tabell " + std::to_string(k));
    }
    const auto counts = detail::round_counts();
    EXPECT_GT(counts.carried, 0u);
    EXPECT_GT(counts.fresh, 0u);
}

TEST(DisclosureRounds, CarriedAnalysisMatchesFreshOnCountySizedTables) {
    std::mt19937 rng(2027u);
    const Checking checking;
    std::size_t secondary = 0;
    for (int trial = 0; trial < 12; ++trial) {
        const Table t = county_table(rng, trial % 3 == 0 ? 400 : 120);
        DisclosureRules rules;
        rules.min_numerator = 5;
        rules.min_denominator = 50;
        DisclosureResult got;
        ASSERT_NO_THROW(got = protect(t.cells, t.groups, rules)) << "försök " << trial;
        if (t.cells.size() <= 120)
            expect_same(got, reference::protect(t.cells, t.groups, rules), "försök " + std::to_string(trial));
        secondary += got.secondary;
        if (::testing::Test::HasFailure()) return;
    }
    const auto counts = detail::round_counts();
    // Most rounds are carried: the shortcut is what these tables exercise; and pairs are searched.
    EXPECT_GT(counts.carried, 2 * counts.fresh);
    EXPECT_GT(counts.pair_searches, 10u);
    EXPECT_GT(secondary, 50u);
}

}  // namespace
