// Issue 13: the sparse, decomposed protect() must take the same decisions as the dense algorithm of
// e515108 (reference_disclosure.cpp), cell by cell and total by total: on every table the engine
// protects for the embedded Kronoberg default (every indicator, both passes, every series year),
// and on randomised tables with catchments (fractional weights), kommuner, a county, sexes and
// SII-like signed combinations.
#include "profiles/disclosure/disclosure.hpp"
#include "profiles/engine/indicators.hpp"
#include "profiles/engine/profile.hpp"
#include "profiles/input/config.hpp"
#include "profiles/inputs.hpp"
#include "test_config.hpp"
#include "unit/profiles/disclosure/demo_tables.hpp"
#include "unit/profiles/disclosure/reference_disclosure.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <iostream>
#include <map>
#include <random>
#include <string>

using namespace omrade::profiles;

namespace {

using Table = DemoTable;

std::string describe(const Table& t, std::size_t i) {
    return "cell " + std::to_string(i) + " (täljare " + std::to_string(t.cells[i].numerator) + ", nämnare " +
           std::to_string(t.cells[i].denominator) + ")";
}

// Compares the new result with the reference on one table; returns the number of cells compared.
std::size_t expect_same(const Table& t, const std::string& what) {
    const DisclosureResult ref = reference::protect(t.cells, t.groups, t.rules);
    EXPECT_EQ(t.result.cells.size(), ref.cells.size()) << what;
    for (std::size_t i = 0; i < ref.cells.size() && i < t.result.cells.size(); ++i)
        EXPECT_EQ(static_cast<int>(t.result.cells[i]), static_cast<int>(ref.cells[i])) << what << ": " << describe(t, i);
    for (std::size_t g = 0; g < ref.group_suppressed.size() && g < t.result.group_suppressed.size(); ++g)
        EXPECT_EQ(t.result.group_suppressed[g], ref.group_suppressed[g]) << what << ": grupp " << g << " " << t.groups[g].label;
    EXPECT_EQ(t.result.primary, ref.primary) << what;
    return ref.cells.size();
}

}  // namespace

// Every table protect() sees while the engine computes the embedded default (shared with the
// audit test, test_disclosure_audit.cpp).
const std::vector<DemoTable>& omrade::profiles::demo_tables() {
    static const std::vector<DemoTable> tables = [] {
        const Config config = load_config(omrade::test::kron("omrade.toml"));
        const Inputs in = load_inputs(config, true);
        const Catalogue catalogue = load_catalogue(config.catalogue);
        std::vector<DemoTable> out;
        set_protect_observer([&](const std::vector<DisclosureCell>& cells, const std::vector<DisclosureGroup>& groups,
                                 const DisclosureRules& rules, const DisclosureResult& result) {
            out.push_back({cells, groups, rules, result});
        });
        const ProfileSet set = compute_profiles(in, catalogue);
        set_protect_observer({});
        if (set.indicators.empty()) out.clear();
        return out;
    }();
    return tables;
}

namespace {

TEST(DisclosureEquivalence, EveryTableOfTheEmbeddedDefault) {
    const auto& tables = demo_tables();
    // Both passes of every count indicator, for every year of its series.
    ASSERT_GE(tables.size(), 20u);
    std::size_t cells = 0, secondary = 0, withheld = 0, combinations = 0;
    const auto start = std::chrono::steady_clock::now();
    for (std::size_t k = 0; k < tables.size(); ++k) {
        const auto& t = tables[k];
        cells += expect_same(t, "tabell " + std::to_string(k));
        secondary += t.result.secondary;
        for (std::size_t g = 0; g < t.groups.size(); ++g) {
            withheld += t.result.group_suppressed[g] ? 1 : 0;
            combinations += t.groups[g].combination ? 1 : 0;
        }
    }
    // The comparison must have covered tables where secondary suppression and the SII mattered.
    EXPECT_GT(secondary, 0u);
    EXPECT_GT(combinations, 0u);
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    std::cout << tables.size() << " tabeller, " << cells << " celler, " << secondary << " sekundärt undertryckta, " << withheld
              << " totaler undanhållna, " << combinations << " SII/RII-kombinationer; referensen (tät) " << took.count()
              << " s\n";
}

// Random tables in the shape the engine builds: cells are DeSO × (1 or 2 sexes); catchments are
// runs of DeSOs, some DeSOs shared with fractional weights; kommuner are runs of catchments; one
// county; per area optionally an SII-like pair of signed combinations over its cells.
Table random_table(std::mt19937& rng, int trial) {
    auto pick = [&](std::uint32_t lo, std::uint32_t hi) { return lo + rng() % (hi - lo + 1); };
    Table t;
    t.rules.suppress_zero = trial % 5 == 0;
    t.rules.min_numerator = trial % 7 == 0 ? 3 : 5;
    const std::size_t n = pick(5, trial % 10 == 0 ? 90 : 28);
    const std::size_t sexes = trial % 3 == 0 ? 2 : 1;
    for (std::size_t i = 0; i < n * sexes; ++i) {
        DisclosureCell c;
        c.missing = pick(0, 14) == 0;
        c.numerator = static_cast<double>(pick(0, 2) == 0 ? pick(0, 5) : pick(5, 80));
        c.denominator = static_cast<double>(pick(0, 7) == 0 ? pick(10, 49) : pick(50, 600));
        t.cells.push_back(c);
    }
    std::vector<std::map<std::size_t, double>> areas;  // over DeSO
    std::vector<std::map<std::size_t, double>> catchments;
    for (std::size_t i = 0; i < n;) {
        const std::size_t len = std::min<std::size_t>(pick(1, 6), n - i);
        std::map<std::size_t, double> g;
        const bool shared = !catchments.empty() && pick(0, 3) == 0;
        const double share = pick(0, 1) == 0 ? 0.5 : 0.3;
        for (std::size_t k = i; k < i + len; ++k) g[k] = shared && k == i ? 1.0 - share : 1.0;
        if (shared) catchments.back()[i] = share;
        catchments.push_back(std::move(g));
        i += len;
    }
    for (const auto& c : catchments)
        if (pick(0, 2) != 0) areas.push_back(c);  // some catchments are pilots
    for (std::size_t c = 0; c < catchments.size();) {
        const std::size_t len = std::min<std::size_t>(pick(1, 4), catchments.size() - c);
        std::map<std::size_t, double> k;
        for (std::size_t j = c; j < c + len; ++j)
            for (const auto& [i, w] : catchments[j]) k[i] = 1.0;
        areas.push_back(std::move(k));
        c += len;
    }
    std::map<std::size_t, double> county;
    for (std::size_t i = 0; i < n; ++i) county[i] = 1.0;
    areas.push_back(county);
    const bool sii = trial % 2 == 1;
    for (std::size_t s = 0; s < sexes; ++s) {
        auto cell = [&](std::size_t deso) { return deso * sexes + s; };
        if (sii) {
            for (const auto& a : areas) {
                if (a.size() < 5) continue;
                DisclosureGroup slope, intercept;
                slope.combination = intercept.combination = true;
                slope.label = "SII";
                intercept.label = "RII";
                std::size_t k = 0;
                for (const auto& [i, w] : a) {
                    const double q = static_cast<double>(k++ % 5);  // quintile-like
                    const double denom = std::max(1.0, t.cells[cell(i)].denominator);
                    slope.members.emplace_back(cell(i), (q - 2.0) * w / denom);
                    intercept.members.emplace_back(cell(i), (3.0 - 0.5 * q) * w / denom);
                }
                t.groups.push_back(std::move(slope));
                t.groups.push_back(std::move(intercept));
            }
        }
        for (const auto& a : areas) {
            DisclosureGroup g;
            g.label = "område";
            for (const auto& [i, w] : a) g.members.emplace_back(cell(i), w);
            t.groups.push_back(std::move(g));
        }
    }
    t.result = protect(t.cells, t.groups, t.rules);
    return t;
}

TEST(DisclosureEquivalence, RandomisedTables) {
    std::mt19937 rng(13u);
    std::size_t secondary = 0, withheld = 0;
    for (int trial = 0; trial < 300; ++trial) {
        const Table t = random_table(rng, trial);
        expect_same(t, "försök " + std::to_string(trial));
        secondary += t.result.secondary;
        for (bool w : t.result.group_suppressed) withheld += w ? 1 : 0;
        if (::testing::Test::HasFailure()) break;
    }
    EXPECT_GT(secondary, 0u);
    EXPECT_GT(withheld, 0u);
    std::cout << "300 tabeller: " << secondary << " sekundärt undertryckta, " << withheld << " totaler undanhållna\n";
}

// recoverable() (used by the engine's tests as the attacker's oracle) agrees with the reference on
// every suppressed cell of random states, including states that leak.
TEST(DisclosureEquivalence, RecoverableAgrees) {
    std::mt19937 rng(2026u);
    std::size_t leaks = 0, checked = 0;
    for (int trial = 0; trial < 200; ++trial) {
        Table t = random_table(rng, trial);
        // Drop some secondary suppressions so that some cells leak.
        std::vector<Suppression> s = t.result.cells;
        for (auto& v : s)
            if (v == Suppression::secondary && rng() % 2 == 0) v = Suppression::none;
        for (std::size_t i = 0; i < s.size(); ++i) {
            if (s[i] == Suppression::none) continue;
            const bool got = recoverable(i, t.cells, t.groups, s, t.result.group_suppressed);
            const bool want = reference::recoverable(i, t.cells, t.groups, s, t.result.group_suppressed);
            EXPECT_EQ(got, want) << "försök " << trial << " " << describe(t, i);
            leaks += want ? 1 : 0;
            ++checked;
        }
    }
    EXPECT_GT(leaks, 0u);
    EXPECT_GT(checked, leaks);
}

}  // namespace
