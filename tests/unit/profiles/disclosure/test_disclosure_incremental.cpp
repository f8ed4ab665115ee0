// Issue 13: protect() tests each candidate protector (one to three more suppressed cells, or a
// withheld total) against the factorisation of the current state instead of eliminating again
// (detail::stays_determined / stays_determined_without). A wrong update of that factorisation
// would pick different protectors or leave a cell determined; here its answers are compared with
// a from-scratch dense elimination written independently below, on random tables with catchments
// (fractional weights), kommuner, a county and SII-like signed combinations, at sizes where the
// county and its SII are global rows (more than 64 cells) and where they are not.
#include "profiles/disclosure/disclosure.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

using namespace omrade::profiles;

namespace {

struct Case {
    std::vector<DisclosureCell> cells;
    std::vector<DisclosureGroup> groups;
    std::vector<Suppression> suppression;
    std::vector<bool> group_suppressed;
};

// Whether e_t lies in the row space of the published groups over the suppressed cells (and the
// cells in `more`), by Gaussian elimination of the whole dense matrix with rows scaled to 1.
bool dense_determined(const Case& c, std::size_t t, const std::vector<std::size_t>& more, std::size_t withheld) {
    std::vector<bool> hidden(c.cells.size(), false);
    for (std::size_t i = 0; i < c.cells.size(); ++i)
        hidden[i] = !c.cells[i].missing && c.suppression[i] != Suppression::none;
    for (std::size_t i : more) hidden[i] = true;
    std::vector<std::size_t> col(c.cells.size(), static_cast<std::size_t>(-1));
    std::size_t n = 0;
    for (std::size_t i = 0; i < c.cells.size(); ++i)
        if (hidden[i]) col[i] = n++;
    std::vector<std::vector<double>> m;
    for (std::size_t g = 0; g < c.groups.size(); ++g) {
        if (c.group_suppressed[g] || g == withheld) continue;
        std::vector<double> row(n, 0.0);
        for (const auto& [i, w] : c.groups[g].members)
            if (hidden[i] && (c.groups[g].combination || w > 0)) row[col[i]] += w;
        double top = 0;
        for (double v : row) top = std::max(top, std::abs(v));
        if (top == 0) continue;
        for (double& v : row) v /= top;
        m.push_back(std::move(row));
    }
    auto rank = [&](std::vector<std::vector<double>> a) {
        std::size_t r = 0;
        for (std::size_t k = 0; k < n && r < a.size(); ++k) {
            std::size_t best = r;
            for (std::size_t i = r; i < a.size(); ++i)
                if (std::abs(a[i][k]) > std::abs(a[best][k])) best = i;
            if (std::abs(a[best][k]) < 1e-9) continue;
            std::swap(a[r], a[best]);
            for (std::size_t i = r + 1; i < a.size(); ++i) {
                const double f = a[i][k] / a[r][k];
                for (std::size_t j = k; j < n; ++j) a[i][j] -= f * a[r][j];
            }
            ++r;
        }
        return r;
    };
    const std::size_t base = rank(m);
    std::vector<double> e(n, 0.0);
    e[col[t]] = 1.0;
    m.push_back(e);
    return rank(m) == base;
}

// A random table: catchments are runs of cells (the first cell of a run shared with the previous
// catchment by a fractional weight), kommuner runs of catchments, one county, and optionally an
// SII-like pair of signed combinations over the county. Then a random state: cells suppressed
// with a probability of 15–60 %, a few totals withheld.
Case random_case(std::mt19937& rng, int trial) {
    auto pick = [&](std::uint32_t lo, std::uint32_t hi) { return lo + rng() % (hi - lo + 1); };
    Case c;
    const std::size_t n = trial % 3 == 0 ? pick(66, 90) : pick(6, 30);
    for (std::size_t i = 0; i < n; ++i) {
        DisclosureCell cell;
        cell.missing = pick(0, 19) == 0;
        cell.numerator = static_cast<double>(pick(0, 60));
        cell.denominator = static_cast<double>(pick(20, 500));
        c.cells.push_back(cell);
    }
    std::vector<std::vector<std::pair<std::size_t, double>>> catchments;
    const double shares[] = {0.5, 0.3, 0.27, 1.0 / 3.0};
    for (std::size_t i = 0; i < n;) {
        const std::size_t len = std::min<std::size_t>(pick(1, 7), n - i);
        std::vector<std::pair<std::size_t, double>> g;
        const bool shared = !catchments.empty() && pick(0, 2) == 0;
        const double share = shares[pick(0, 3)];
        for (std::size_t k = i; k < i + len; ++k) g.emplace_back(k, shared && k == i ? 1.0 - share : 1.0);
        if (shared) catchments.back().emplace_back(i, share);
        catchments.push_back(std::move(g));
        i += len;
    }
    for (const auto& g : catchments) c.groups.push_back({g, "upptagningsområde", false});
    for (std::size_t k = 0; k < catchments.size();) {
        const std::size_t len = std::min<std::size_t>(pick(1, 4), catchments.size() - k);
        std::vector<std::pair<std::size_t, double>> g;
        for (std::size_t j = k; j < k + len; ++j)
            for (const auto& member : catchments[j]) {
                const std::size_t i = member.first;  // a plain variable: clang 14 cannot capture a structured binding
                if (std::none_of(g.begin(), g.end(), [&](const auto& e) { return e.first == i; })) g.emplace_back(i, 1.0);
            }
        c.groups.push_back({g, "kommun", false});
        k += len;
    }
    DisclosureGroup county{{}, "länet", false}, slope{{}, "SII", true};
    for (std::size_t i = 0; i < n; ++i) {
        county.members.emplace_back(i, 1.0);
        slope.members.emplace_back(i, (static_cast<double>(i % 5) - 2.0) / c.cells[i].denominator);
    }
    c.groups.push_back(county);
    if (trial % 2 == 1) c.groups.push_back(slope);
    const std::size_t percent = pick(15, 60);
    for (std::size_t i = 0; i < n; ++i)
        c.suppression.push_back(pick(1, 100) <= percent ? Suppression::primary : Suppression::none);
    for (std::size_t g = 0; g < c.groups.size(); ++g) c.group_suppressed.push_back(pick(0, 9) == 0);
    return c;
}

TEST(DisclosureIncremental, CandidateProtectorsAgreeWithFreshElimination) {
    std::mt19937 rng(1313u);
    std::size_t asked = 0, stay = 0, hide = 0, global_cases = 0;
    for (int trial = 0; trial < 150; ++trial) {
        const Case c = random_case(rng, trial);
        std::vector<std::size_t> free;
        for (std::size_t i = 0; i < c.cells.size(); ++i)
            if (!c.cells[i].missing && c.suppression[i] == Suppression::none) free.push_back(i);
        for (std::size_t t = 0; t < c.cells.size(); ++t) {
            if (c.cells[t].missing || c.suppression[t] == Suppression::none) continue;
            const bool determined = dense_determined(c, t, {}, static_cast<std::size_t>(-1));
            const auto none = detail::stays_determined(t, {}, c.cells, c.groups, c.suppression, c.group_suppressed);
            ASSERT_EQ(none.has_value(), determined) << "försök " << trial << " cell " << t;
            if (!determined) continue;
            EXPECT_TRUE(*none);
            global_cases += c.cells.size() > 64 ? 1 : 0;
            // Candidate sets of one to three cells: neighbours of t (the ones protect() tries
            // first) and random ones.
            for (int k = 0; k < 6 && !free.empty(); ++k) {
                std::vector<std::size_t> extra;
                const std::size_t size = 1 + rng() % 3;
                while (extra.size() < size && extra.size() < free.size()) {
                    std::size_t cand = free[rng() % free.size()];
                    if (k < 3) {
                        // Near t: the nearest free cells to some offset from t.
                        const std::size_t target = (t + rng() % 9 + c.cells.size() - 4) % c.cells.size();
                        cand = *std::min_element(free.begin(), free.end(), [&](std::size_t a, std::size_t b) {
                            const auto da = a > target ? a - target : target - a, db = b > target ? b - target : target - b;
                            const bool ua = std::find(extra.begin(), extra.end(), a) == extra.end();
                            const bool ub = std::find(extra.begin(), extra.end(), b) == extra.end();
                            return ua != ub ? ua : da < db;
                        });
                    }
                    if (std::find(extra.begin(), extra.end(), cand) == extra.end()) extra.push_back(cand);
                }
                const bool want = dense_determined(c, t, extra, static_cast<std::size_t>(-1));
                const auto got = detail::stays_determined(t, extra, c.cells, c.groups, c.suppression, c.group_suppressed);
                ASSERT_TRUE(got.has_value());
                EXPECT_EQ(*got, want) << "försök " << trial << " cell " << t << ", " << extra.size() << " celler till";
                ++asked;
                (want ? stay : hide) += 1;
            }
            for (std::size_t g = 0; g < c.groups.size(); ++g) {
                if (c.group_suppressed[g]) continue;
                const bool want = dense_determined(c, t, {}, g);
                const auto got =
                    detail::stays_determined_without(t, g, c.cells, c.groups, c.suppression, c.group_suppressed);
                ASSERT_TRUE(got.has_value());
                EXPECT_EQ(*got, want) << "försök " << trial << " cell " << t << " utan grupp " << g << " "
                                      << c.groups[g].label;
                ++asked;
                (want ? stay : hide) += 1;
            }
            if (::testing::Test::HasFailure()) return;
        }
    }
    // Both answers occurred often, also where the county is a global row of the decomposition.
    EXPECT_GT(stay, 200u);
    EXPECT_GT(hide, 200u);
    EXPECT_GT(global_cases, 20u);
    EXPECT_GT(asked, stay);
}

}  // namespace
