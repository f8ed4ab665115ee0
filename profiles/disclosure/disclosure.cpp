// Disclosure control (DOMAIN.md §5, docs/metod-rojandekontroll.md).
//
// Model: the unknowns are the numerators of suppressed, non-missing cells. Every published group
// gives one linear equation over them (published cells are known and drop out of the equation);
// missing cells contribute nothing to a group total. A suppressed cell t is recoverable when its
// unit vector lies in the row space of those equations, i.e. when every solution x of the
// homogeneous system A·x = 0 (A: published groups × suppressed cells) has x_t = 0.
//
// Counts are also known to be >= 0. From a published non-negative combination of suppressed cells
// (one group total minus its published cells, or the difference of two totals whose suppressed
// coefficients are all >= 0) an attacker learns the sum of those cells; a sum of 0 reveals every
// such cell as 0, and a sum below min_numerator is itself a small count. protect() therefore also
// requires every such residual to be 0-free and >= min_numerator ("narrow" combinations below).
//
// Protectors for an exposed cell t: the cheapest single cell, else pair, else triple (among the 16
// cheapest related cells) that hides t; else a total is withheld.
//
// Scale (issue 13). The greedy search above is unchanged from the dense version of e515108 (kept as
// tests/unit/profiles/disclosure/reference_disclosure.cpp, which the tests compare cell by cell);
// only how its questions are answered is new:
// - Everything is sparse: per group its members, per cell its groups.
// - The null space of A is decomposed. A few "global" groups D (the largest: in practice the
//   county's total and its SII/RII) are set aside; the other published groups that hold suppressed
//   cells split those cells into components C_i (connected through shared groups). Each component
//   has its local null space B_i (dense, small), and M_i = D·B_i (d × dim B_i) says what its free
//   directions do to the global equations. A null vector of the whole system restricted to C_i is
//   B_i·λ with M_i·λ ∈ R_{-i} = Σ_{j≠i} range(M_j), so t in C_i is determined iff row t of
//   B_i·null(Q_i·M_i) is zero, Q_i spanning R_{-i}^⊥. This is exact for any choice of D.
// - When R_{-i} is all of R^d (other components absorb every global equation, the rule at the
//   national scale), t's status depends on its own component only, and a protector, pair or
//   withheld total can only help through that component: candidates outside it are skipped
//   without computation (an exact screen: suppressing more cells only enlarges R_{-i}).
// - Local factorisations are cached by component (cells and groups) from round to round, so a
//   round re-eliminates only the components its protector changed.
// - A candidate protector is not tested by eliminating again (issue 13, item 2's scaling target).
//   Each component's elimination keeps its row operations T (T·A_i = echelon form), which give a
//   certificate y with yᵀ·A = e_t for the exposed cell t (through the global rows and the other
//   components' cancelling rows when t's component needs them) and the left null vectors L of A.
//   Adding cells E: t stays determined iff yᵀ·a_E vanishes on {z : a_new·z = 0, Lᵀ·a_E·z = 0}
//   (at most 3 columns); withholding a group g: iff y_g = 0 or some left null vector uses g
//   (LinearSystem::stays_determined). Exact, like the re-elimination it replaces
//   (DisclosureIncremental compares the answers with a fresh dense elimination).
// - The analysis is carried from round to round (LinearSystem::update): only the components that
//   the round's protector or withheld total touched are formed again; the global part is checked
//   through a few "witness" components that span the global equations. When that shortcut does
//   not apply (a new global equation, a component with R_{-i} ≠ R^d) the round analyses afresh.
//   DisclosureRounds compares every carried analysis with a fresh one.
#include "profiles/disclosure/disclosure.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <map>
#include <memory>
#include <mutex>
#include <numeric>
#include <optional>
#include <set>
#include <stdexcept>
#include <tuple>
#include <unordered_map>

namespace omrade::profiles {

namespace {

// Absolute tolerance for sums of counts (numerators are whole numbers times weights).
constexpr double count_tolerance = 1e-7;
// Tolerance for entries of normalised echelon forms (pivots are 1 there).
constexpr double echelon_tolerance = 1e-9;
constexpr std::size_t none_index = static_cast<std::size_t>(-1);

bool is_small(double numerator, double denominator, const DisclosureRules& rules) {
    if (denominator < rules.min_denominator) return true;
    if (std::abs(numerator) <= count_tolerance) return rules.suppress_zero;
    return numerator > 0 && numerator < rules.min_numerator - count_tolerance;
}

using Entry = std::pair<std::size_t, double>;
using Matrix = std::vector<std::vector<double>>;

// Group coefficients, sparse both ways; missing cells and non-positive weights (of a count) left out.
struct Coefficients {
    std::vector<std::vector<Entry>> rows;  // per group: (cell, weight), by cell, weights != 0
    std::vector<std::vector<Entry>> cols;  // per cell: (group, weight), by group
    std::vector<double> row_scale;         // per group: 1 / max |weight|

    double at(std::size_t g, std::size_t cell) const {
        const auto& r = rows[g];
        auto it = std::lower_bound(r.begin(), r.end(), cell, [](const Entry& e, std::size_t c) { return e.first < c; });
        return it != r.end() && it->first == cell ? it->second : 0.0;
    }
    std::size_t members(std::size_t g) const { return rows[g].size(); }
};

Coefficients group_coefficients(const std::vector<DisclosureCell>& cells, const std::vector<DisclosureGroup>& groups) {
    Coefficients c;
    c.rows.resize(groups.size());
    c.cols.resize(cells.size());
    c.row_scale.assign(groups.size(), 1.0);
    for (std::size_t g = 0; g < groups.size(); ++g) {
        std::map<std::size_t, double> sum;
        for (const auto& [cell, weight] : groups[g].members) {
            if (cell >= cells.size())
                throw std::out_of_range("disclosure: group '" + groups[g].label + "' refers to a cell out of range");
            if (cells[cell].missing || !std::isfinite(weight) || weight == 0) continue;
            if (!groups[g].combination && !(weight > 0)) continue;
            sum[cell] += weight;
        }
        double top = 0;
        for (const auto& [cell, w] : sum) {
            if (w == 0) continue;
            c.rows[g].emplace_back(cell, w);
            c.cols[cell].emplace_back(g, w);
            top = std::max(top, std::abs(w));
        }
        if (top > 0) c.row_scale[g] = 1.0 / top;
    }
    return c;
}

bool is_hidden(const DisclosureCell& cell, Suppression s) { return !cell.missing && s != Suppression::none; }

// Gauss-Jordan with partial pivoting in place; returns the pivot column of each echelon row.
std::vector<std::size_t> reduce(Matrix& m, std::size_t ncols) {
    std::vector<std::size_t> pivot_col;
    double scale = 0;
    for (const auto& row : m)
        for (double v : row) scale = std::max(scale, std::abs(v));
    if (scale == 0) return pivot_col;
    // Every matrix here is built from rows scaled to a largest weight of 1 (and null vectors with a
    // 1 in their free column), so entries far below 1 are rounding, not structure: the tolerance
    // never shrinks below that of a matrix of scale 1 (else a matrix of pure rounding noise, say
    // Q·D of a cell that the other components cover, would look like full rank).
    scale = std::max(scale, 1.0);
    const double tol = echelon_tolerance * scale * static_cast<double>(std::max(m.size(), ncols));
    std::size_t r = 0;
    for (std::size_t c = 0; c < ncols && r < m.size(); ++c) {
        std::size_t best = r;
        for (std::size_t i = r + 1; i < m.size(); ++i)
            if (std::abs(m[i][c]) > std::abs(m[best][c])) best = i;
        if (std::abs(m[best][c]) <= tol) continue;
        std::swap(m[r], m[best]);
        const double p = m[r][c];
        for (double& v : m[r]) v /= p;
        for (std::size_t i = 0; i < m.size(); ++i) {
            if (i == r || m[i][c] == 0) continue;
            const double f = m[i][c];
            // Columns past ncols (an identity block, see solve) follow the same row operations.
            for (std::size_t k = c; k < m[i].size(); ++k) m[i][k] -= f * m[r][k];
            m[i][c] = 0;
        }
        pivot_col.push_back(c);
        ++r;
    }
    return pivot_col;
}

// The null space of m and which columns m determines (the criterion of the dense version: a
// column is determined when its echelon row has no entry in a free column).
// With the row operations kept (`transform`, T with T·m = echelon form, one row per echelon row,
// pivot rows first) it also gives, for free: a certificate y with yᵀ·m = e_t for every determined
// column t (T's row of t's pivot), and a basis of {y : yᵀ·m = 0} (T's rows past the rank). Those
// answer "does t stay determined when cells are added or a row removed" without a new
// elimination (LinearSystem::stays_determined).
struct Solved {
    Matrix null;                   // basis of {x : m·x = 0}, vectors of length ncols
    std::vector<bool> determined;  // per column
    std::vector<std::size_t> pivots;  // pivot column of each echelon row
    Matrix transform;              // empty, or T: one row (over m's rows) per row of m
};

Solved solve(Matrix m, std::size_t ncols, bool with_transform = false) {
    const std::size_t nrows = m.size();
    if (with_transform)
        for (std::size_t i = 0; i < nrows; ++i) {
            m[i].resize(ncols + nrows, 0.0);
            m[i][ncols + i] = 1.0;
        }
    const auto pivots = reduce(m, ncols);
    std::vector<bool> is_pivot(ncols, false);
    for (std::size_t c : pivots) is_pivot[c] = true;
    Solved res;
    res.determined.assign(ncols, false);
    for (std::size_t row = 0; row < pivots.size(); ++row) {
        bool unit = true;
        for (std::size_t k = 0; k < ncols && unit; ++k)
            if (!is_pivot[k] && std::abs(m[row][k]) > echelon_tolerance) unit = false;
        res.determined[pivots[row]] = unit;
    }
    Matrix& out = res.null;
    for (std::size_t f = 0; f < ncols; ++f) {
        if (is_pivot[f]) continue;
        std::vector<double> z(ncols, 0.0);
        z[f] = 1.0;
        for (std::size_t i = 0; i < pivots.size(); ++i)
            if (std::abs(m[i][f]) > echelon_tolerance) z[pivots[i]] = -m[i][f];
        out.push_back(std::move(z));
    }
    res.pivots = pivots;
    if (with_transform) {
        res.transform.reserve(nrows);
        for (auto& row : m) res.transform.emplace_back(row.begin() + static_cast<std::ptrdiff_t>(ncols), row.end());
    }
    return res;
}


// A subspace of R^d by a reduced echelon basis.
struct Subspace {
    Matrix basis;
    std::vector<std::size_t> pivots;
};

Subspace span(Matrix vectors, std::size_t d) {
    Subspace s;
    s.pivots = reduce(vectors, d);
    vectors.resize(s.pivots.size());
    s.basis = std::move(vectors);
    return s;
}

Subspace sum(const Subspace& a, const Subspace& b, std::size_t d) {
    if (a.basis.size() == d || b.basis.empty()) return a;
    if (b.basis.size() == d || a.basis.empty()) return b;
    Matrix m = a.basis;
    m.insert(m.end(), b.basis.begin(), b.basis.end());
    return span(std::move(m), d);
}

// Rows spanning the orthogonal complement of s in R^d.
Matrix complement(const Subspace& s, std::size_t d) {
    std::vector<bool> is_pivot(d, false);
    for (std::size_t c : s.pivots) is_pivot[c] = true;
    Matrix out;
    for (std::size_t f = 0; f < d; ++f) {
        if (is_pivot[f]) continue;
        std::vector<double> q(d, 0.0);
        q[f] = 1.0;
        for (std::size_t i = 0; i < s.pivots.size(); ++i) q[s.pivots[i]] = -s.basis[i][f];
        out.push_back(std::move(q));
    }
    return out;
}

// The linear part of disclosure control: which suppressed cells the published groups determine.
class LinearSystem {
public:
    LinearSystem(const Coefficients& coef, std::size_t ncells) : m_coef(coef), m_global(coef.rows.size(), false) {
        // The largest groups are global: those with more members than max(64, cells / 8), at most 16.
        std::vector<std::size_t> big;
        const std::size_t threshold = std::max<std::size_t>(64, ncells / 8);
        for (std::size_t g = 0; g < coef.rows.size(); ++g)
            if (coef.members(g) > threshold) big.push_back(g);
        std::stable_sort(big.begin(), big.end(), [&](std::size_t a, std::size_t b) { return coef.members(a) > coef.members(b); });
        if (big.size() > 16) big.resize(16);
        for (std::size_t g : big) m_global[g] = true;
    }

    struct Component {
        std::vector<std::size_t> cells;  // suppressed cells, ascending
        std::vector<std::size_t> rows;   // local published groups holding them, ascending
        std::shared_ptr<const Solved> local;  // local null basis (vectors over `cells`), determined cells
    };

    struct State {
        std::vector<bool> hidden;     // per cell
        std::vector<bool> published;  // per group
    };

    struct Analysis {
        std::vector<Component> comps;
        std::vector<std::size_t> comp_of;  // per cell, none_index if not hidden
        std::vector<std::size_t> globals;  // published global groups with a suppressed member
        // per component: range(M_i) ⊆ R_{-i}, so that the global equations constrain nothing
        // its local rows leave free (always so when R_{-i} = R^d)
        std::vector<bool> free;
        std::vector<bool> determined;      // per cell
        std::vector<Subspace> range;       // per component: range(M_i)
        // For the incremental tests (stays_determined): per group its place in the system, i.e.
        // the component whose local row it is (pos: its index in comp.rows), or a global row
        // (comp = global_row, pos: its index in globals), or no row (no suppressed member).
        std::vector<std::size_t> row_comp, row_pos;
        std::vector<std::shared_ptr<const Solved>> stacked;  // per component that is not free
        std::vector<Matrix> q;                               // ... and its Q_i
        Matrix global_null;  // left null vectors of the whole system that use global rows, over groups
        // R = Σ range(M_i), and a few components whose ranges alone span it (a witness): any
        // other component has R_{-i} = R ⊇ range(M_i), so only the witness can be not free.
        Subspace total_range;
        std::vector<std::size_t> witness;
        std::vector<std::size_t> bound;  // the components that are not free
    };

    static constexpr std::size_t global_row = static_cast<std::size_t>(-2);

    Analysis analyse(const State& s) {
        Analysis a;
        a.comp_of.assign(s.hidden.size(), none_index);
        // Union-find over suppressed cells through local published groups.
        std::vector<std::size_t> parent(s.hidden.size());
        std::iota(parent.begin(), parent.end(), 0);
        auto find = [&](std::size_t x) {
            while (parent[x] != x) x = parent[x] = parent[parent[x]];
            return x;
        };
        std::vector<std::size_t> local_rows;
        std::vector<bool> seen(m_coef.rows.size(), false);
        for (std::size_t c = 0; c < s.hidden.size(); ++c) {
            if (!s.hidden[c]) continue;
            for (const auto& [g, w] : m_coef.cols[c]) {
                if (!s.published[g] || seen[g]) continue;
                seen[g] = true;
                if (m_global[g]) {
                    a.globals.push_back(g);
                    continue;
                }
                local_rows.push_back(g);
                std::size_t first = none_index;
                for (const auto& [cell, x] : m_coef.rows[g]) {
                    if (!s.hidden[cell]) continue;
                    if (first == none_index) first = find(cell);
                    else parent[find(cell)] = first;
                }
            }
        }
        std::sort(a.globals.begin(), a.globals.end());
        std::map<std::size_t, std::size_t> index;  // root → component
        for (std::size_t c = 0; c < s.hidden.size(); ++c) {
            if (!s.hidden[c]) continue;
            auto [it, fresh] = index.try_emplace(find(c), a.comps.size());
            if (fresh) a.comps.emplace_back();
            a.comps[it->second].cells.push_back(c);
            a.comp_of[c] = it->second;
        }
        std::sort(local_rows.begin(), local_rows.end());
        for (std::size_t g : local_rows) {
            for (const auto& [cell, x] : m_coef.rows[g]) {
                if (!s.hidden[cell]) continue;
                a.comps[a.comp_of[cell]].rows.push_back(g);
                break;
            }
        }
        for (auto& comp : a.comps) comp.local = local_null(comp, s.hidden);
        a.row_comp.assign(m_coef.rows.size(), none_index);
        a.row_pos.assign(m_coef.rows.size(), none_index);
        for (std::size_t i = 0; i < a.comps.size(); ++i)
            for (std::size_t l = 0; l < a.comps[i].rows.size(); ++l) {
                a.row_comp[a.comps[i].rows[l]] = i;
                a.row_pos[a.comps[i].rows[l]] = l;
            }
        for (std::size_t k = 0; k < a.globals.size(); ++k) {
            a.row_comp[a.globals[k]] = global_row;
            a.row_pos[a.globals[k]] = k;
        }
        resolve(a, s.hidden);
        // Drop factorisations of components that no longer exist (the cache serves the next round).
        std::map<std::vector<std::size_t>, std::shared_ptr<const Solved>> keep;
        for (const auto& comp : a.comps) keep.emplace(cache_key(comp), comp.local);
        m_cache.swap(keep);
        return a;
    }

    // The analysis of the next round from this one, when `added` cells were suppressed and
    // `withheld` groups withheld since (s: the new state). Only the components those changes touch
    // are formed and eliminated again; the rest of the system stands. Handles the case that keeps
    // national tables linear, every component with R_{-i} = R^d before and after and no new
    // global row; returns false otherwise (a with the changes half applied: the caller analyses
    // afresh). The same components, determined cells and certificates as analyse(s) would give;
    // only component numbering differs (new components are appended, old ones left empty).
    bool update(Analysis& a, const State& s, const std::vector<std::size_t>& added,
                const std::vector<std::size_t>& withheld) {
        std::set<std::size_t> affected;
        for (std::size_t g : withheld) {
            if (a.row_comp[g] == global_row) return false;
            if (a.row_comp[g] != none_index) affected.insert(a.row_comp[g]);
        }
        for (std::size_t c : added) {
            for (const auto& [g, w] : m_coef.cols[c]) {
                if (!s.published[g]) continue;
                if (m_global[g]) {
                    if (a.row_comp[g] != global_row) return false;  // a new global equation
                    continue;
                }
                for (const auto& [cell, x] : m_coef.rows[g])
                    if (a.comp_of[cell] != none_index) affected.insert(a.comp_of[cell]);
            }
        }
        // The touched region: the affected components' cells and the added ones, split again into
        // components through the local published groups.
        std::vector<std::size_t> region;
        for (std::size_t i : affected) region.insert(region.end(), a.comps[i].cells.begin(), a.comps[i].cells.end());
        for (std::size_t c : added)
            if (s.hidden[c] && a.comp_of[c] == none_index) region.push_back(c);
        std::sort(region.begin(), region.end());
        region.erase(std::unique(region.begin(), region.end()), region.end());
        auto at = [&](std::size_t cell) {
            return static_cast<std::size_t>(std::lower_bound(region.begin(), region.end(), cell) - region.begin());
        };
        std::vector<std::size_t> parent(region.size());
        std::iota(parent.begin(), parent.end(), 0);
        auto find = [&](std::size_t x) {
            while (parent[x] != x) x = parent[x] = parent[parent[x]];
            return x;
        };
        std::vector<std::size_t> rows;
        for (std::size_t c : region)
            for (const auto& [g, w] : m_coef.cols[c])
                if (s.published[g] && !m_global[g]) rows.push_back(g);
        std::sort(rows.begin(), rows.end());
        rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
        for (std::size_t g : rows) {
            std::size_t first = none_index;
            for (const auto& [cell, x] : m_coef.rows[g]) {
                if (!s.hidden[cell]) continue;
                const std::size_t k = at(cell);
                // Every suppressed cell of a row of the region is in it (its component shared the
                // row with an affected one); anything else is a state this shortcut does not know.
                if (k == region.size() || region[k] != cell) return false;
                if (first == none_index) first = find(k);
                else parent[find(k)] = first;
            }
        }
        // Retire the old components.
        static const auto retired = std::make_shared<const Solved>();
        for (std::size_t i : affected) {
            for (std::size_t g : a.comps[i].rows) a.row_comp[g] = a.row_pos[g] = none_index;
            for (std::size_t c : a.comps[i].cells) {
                a.comp_of[c] = none_index;
                a.determined[c] = false;
            }
            for (auto& y : a.global_null)
                for (std::size_t g : a.comps[i].rows) y[g] = 0.0;
            a.comps[i] = Component{{}, {}, retired};
            a.range[i] = Subspace{};
            a.free[i] = true;
            a.stacked[i] = nullptr;
            a.q[i].clear();
        }
        // The new ones, in order of their smallest cell as analyse() numbers them.
        std::map<std::size_t, std::size_t> index;  // root → component
        for (std::size_t k = 0; k < region.size(); ++k) {
            auto [it, fresh] = index.try_emplace(find(k), a.comps.size());
            if (fresh) {
                a.comps.emplace_back();
                a.free.push_back(true);
                a.range.emplace_back();
                a.stacked.emplace_back();
                a.q.emplace_back();
            }
            a.comps[it->second].cells.push_back(region[k]);
            a.comp_of[region[k]] = it->second;
        }
        for (std::size_t g : rows)
            for (const auto& [cell, x] : m_coef.rows[g])
                if (s.hidden[cell]) {
                    a.comps[a.comp_of[cell]].rows.push_back(g);
                    break;
                }
        const std::size_t d = a.globals.size();
        std::vector<std::size_t> fresh_comps;
        for (const auto& [root, i] : index) fresh_comps.push_back(i);
        for (std::size_t i : fresh_comps) {
            auto& comp = a.comps[i];
            comp.local = local_null(comp, s.hidden);
            for (std::size_t l = 0; l < comp.rows.size(); ++l) {
                a.row_comp[comp.rows[l]] = i;
                a.row_pos[comp.rows[l]] = l;
            }
            if (d > 0) a.range[i] = range_of(a, comp);
        }
        // R stays what it was (else the left null vectors through the global rows change: the
        // caller analyses afresh), its witness is found again when one of its components was
        // retired, and only witness components can be bound.
        if (d > 0) {
            const std::size_t dim = a.total_range.basis.size();
            for (std::size_t i : fresh_comps)
                if (sum(a.total_range, a.range[i], d).basis.size() > dim) return false;
            const bool lost = std::any_of(a.witness.begin(), a.witness.end(), [&](std::size_t w) { return affected.count(w) > 0; });
            if (lost) {
                Subspace span;
                a.witness = witness_of(a, none_index, dim, span);
                if (span.basis.size() < dim) return false;
            }
            for (std::size_t i : a.bound) {
                if (a.comps[i].cells.empty()) continue;
                a.free[i] = true;
                a.stacked[i] = nullptr;
                a.q[i].clear();
                set_local_determined(a, i);
            }
            a.bound.clear();
            for (std::size_t w : a.witness) bind_if_needed(a, w, s.hidden);
            for (auto& y : a.global_null) {
                std::vector<double> yg(d);
                for (std::size_t gi = 0; gi < d; ++gi) yg[gi] = y[a.globals[gi]];
                for (std::size_t i : fresh_comps) cancel_globals(a, i, yg, y);
            }
        }
        for (std::size_t i : fresh_comps)
            if (a.free[i]) set_local_determined(a, i);
        return true;
    }

    // A linear form over at most 3 added cells: per cell (value, magnitude), the magnitude (sum of
    // the absolute terms) telling cancellation from structure.
    using Form = std::array<std::pair<double, double>, 3>;
    static void add(Form& f, std::size_t col, double v) {
        f[col].first += v;
        f[col].second += std::abs(v);
    }

    // A certificate for a determined cell t: y over groups (scaled rows) with yᵀ·A = e_t, A the
    // published equations over the suppressed cells. Local rows of t's component when the other
    // components span the global equations, else also global rows (y_g ∈ R_{-i}^⊥, from the
    // stacked system) and the local rows of the other components that cancel y_g there.
    // None when t is not determined (or, numerically, has no pivot of its own).
    std::optional<std::vector<double>> certificate(const Analysis& a, std::size_t t) const {
        if (t >= a.comp_of.size() || a.comp_of[t] == none_index || !a.determined[t]) return std::nullopt;
        const std::size_t i = a.comp_of[t];
        const auto& comp = a.comps[i];
        const std::size_t k = static_cast<std::size_t>(std::lower_bound(comp.cells.begin(), comp.cells.end(), t) -
                                                       comp.cells.begin());
        const bool stacked = !a.free[i];
        const Solved& f = stacked ? *a.stacked[i] : *comp.local;
        const auto r = std::find(f.pivots.begin(), f.pivots.end(), k);
        if (r == f.pivots.end()) return std::nullopt;
        const auto& tr = f.transform[static_cast<std::size_t>(r - f.pivots.begin())];
        std::vector<double> y(m_coef.rows.size(), 0.0);
        const std::size_t m = comp.rows.size();
        for (std::size_t l = 0; l < m; ++l) y[comp.rows[l]] = tr[l];
        if (stacked) {
            std::vector<double> yg(a.globals.size(), 0.0);
            const Matrix& q = a.q[i];
            for (std::size_t r2 = 0; r2 < q.size(); ++r2)
                for (std::size_t gi = 0; gi < yg.size(); ++gi) yg[gi] += tr[m + r2] * q[r2][gi];
            for (std::size_t gi = 0; gi < yg.size(); ++gi) y[a.globals[gi]] += yg[gi];
            for (std::size_t j = 0; j < a.comps.size(); ++j)
                if (j != i) cancel_globals(a, j, yg, y);
        }
        return y;
    }

    // Whether determined cell t (certificate y) stays determined when the free cells `extra` are
    // suppressed as well. Exact: with A' = [A a_E; 0 a_new] (a_E: the extra cells in the rows of
    // A, a_new: rows that had no suppressed cell), every null vector (x, z) of A' has
    // x_t = -yᵀ·a_E·z, and z ranges over F = {z : a_new·z = 0, Lᵀ·a_E·z = 0} (L: left null
    // vectors of A, so that a_E·z ∈ range(A)). t stays determined iff yᵀ·a_E vanishes on F:
    // a rank test on at most 3 columns.
    bool stays_determined(const Analysis& a, const State& s, const std::vector<double>& y,
                          const std::vector<std::size_t>& extra) const {
        const std::size_t e = extra.size();
        if (e > 3) throw std::invalid_argument("disclosure: at most 3 extra cells at once");
        // x_t's dependence on the new cells first: when it vanishes (the candidates lie outside
        // every group of t's certificate), t stays determined whatever the constraints are.
        Form phi{};
        for (std::size_t col = 0; col < e; ++col) phi[col] = phi_entry(a, s, y, extra[col]);
        if (!clean_form(phi, e).second) return true;
        // Each cell's entries, put together by row in the order the rows sort (Entry::row).
        struct Placed {
            Row row;
            std::size_t col;
            double value, magnitude;
        };
        // Reused buffers: this runs for every candidate protector.
        thread_local std::vector<Entry> entries;
        thread_local std::vector<Placed> placed;
        thread_local std::vector<Form> constraints;
        placed.clear();
        constraints.clear();
        for (std::size_t col = 0; col < e; ++col) {
            constraint_entries(a, s, extra[col], entries);
            for (const auto& en : entries) placed.push_back({en.row, col, en.value, en.magnitude});
        }
        std::sort(placed.begin(), placed.end(),
                  [](const Placed& x, const Placed& z) { return std::tie(x.row, x.col) < std::tie(z.row, z.col); });
        for (std::size_t k = 0; k < placed.size();) {
            Form row{};
            const Row at = placed[k].row;
            for (; k < placed.size() && placed[k].row == at; ++k) row[placed[k].col] = {placed[k].value, placed[k].magnitude};
            constraints.push_back(row);
        }
        return !outside_rowspace(constraints, phi, e);
    }

    // One candidate cell c's part of stays_determined's system. Every entry of a candidate set's
    // phi and constraints comes from one cell only: phi_entry is c's entry of phi, and
    // constraint_entries its nonzero entries of the constraint rows, each as (value, magnitude)
    // (Form's pair, the magnitude telling cancellation from structure). Rows: (0, g) for a
    // published group without a suppressed cell (a_new), (1 + j, r) for left null row r of
    // component j, (none_index, k) for global left null vector k; in that order.
    using Row = std::pair<std::size_t, std::size_t>;
    struct Entry {
        Row row;
        double value, magnitude;
    };
    std::pair<double, double> phi_entry(const Analysis& a, const State& s, const std::vector<double>& y,
                                        std::size_t c) const {
        std::pair<double, double> phi{0.0, 0.0};
        for (const auto& [g, w0] : m_coef.cols[c]) {
            if (!s.published[g] || a.row_comp[g] == none_index) continue;
            const double v = y[g] * (w0 * m_coef.row_scale[g]);
            phi.first += v;
            phi.second += std::abs(v);
        }
        return phi;
    }
    void constraint_entries(const Analysis& a, const State& s, std::size_t c, std::vector<Entry>& out) const {
        out.clear();
        thread_local std::vector<std::size_t> touched;
        touched.clear();
        for (const auto& [g, w0] : m_coef.cols[c]) {
            if (!s.published[g]) continue;
            const double w = w0 * m_coef.row_scale[g];
            if (a.row_comp[g] == none_index) out.push_back({{0, g}, w, std::abs(w)});
            else if (a.row_comp[g] != global_row) touched.push_back(a.row_comp[g]);
        }
        std::sort(touched.begin(), touched.end());
        touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
        auto push = [&](Row row, auto weight_of) {
            double x = 0, mag = 0;
            for (const auto& [g, w0] : m_coef.cols[c]) {
                if (!s.published[g]) continue;
                const std::optional<double> v = weight_of(g);
                if (!v) continue;
                const double term = *v * (w0 * m_coef.row_scale[g]);
                x += term;
                mag += std::abs(term);
            }
            if (mag > 0) out.push_back({row, x, mag});
        };
        for (std::size_t j : touched) {
            const Solved& f = *a.comps[j].local;
            for (std::size_t r = f.pivots.size(); r < f.transform.size(); ++r)
                push({1 + j, r}, [&](std::size_t g) -> std::optional<double> {
                    if (a.row_comp[g] != j) return std::nullopt;
                    return f.transform[r][a.row_pos[g]];
                });
        }
        for (std::size_t k = 0; k < a.global_null.size(); ++k)
            push({none_index, k}, [&](std::size_t g) -> std::optional<double> {
                if (a.row_comp[g] == none_index) return std::nullopt;
                return a.global_null[k][g];
            });
    }

    // What stays_determined sees of one candidate cell c: which constraint rows its column enters
    // (after clean_form's rounding rule) and whether its entry of phi is nonzero. A pair {a, b}
    // can hide t only if phi is nonzero on the null space of the two columns: when both columns
    // are nonzero with different patterns, some row holds one of them alone, so both unit vectors
    // lie in the row space and t stays determined. What is left: pairs with equal patterns, and
    // pairs holding a cell with an empty column and phi ≠ 0.
    struct Column {
        std::vector<Row> pattern;
        bool phi = false;
    };
    Column column(const Analysis& a, const State& s, const std::vector<double>& y, std::size_t c) const {
        auto kept = [](const std::pair<double, double>& v) { return std::abs(v.first) > 1e-9 * std::max(v.second, 1.0); };
        Column out;
        out.phi = kept(phi_entry(a, s, y, c));
        thread_local std::vector<Entry> entries;
        constraint_entries(a, s, c, entries);
        for (const auto& en : entries)
            if (kept({en.value, en.magnitude})) out.pattern.push_back(en.row);
        return out;
    }

    // The magnitudes stays_determined_without compares against: those of y and of each global
    // left null vector. Computed once per cell, not per group tried (O(groups) each).
    struct Magnitudes {
        double y = 1.0;
        std::vector<double> global_null;
    };
    Magnitudes magnitudes(const Analysis& a, const std::vector<double>& y) const {
        Magnitudes m;
        for (double v : y) m.y = std::max(m.y, std::abs(v));
        for (const auto& l : a.global_null) {
            double lt = 0;
            for (double x : l) lt = std::max(lt, std::abs(x));
            m.global_null.push_back(std::max(lt, 1.0));
        }
        return m;
    }

    // Whether determined cell t (certificate y) stays determined when group g is withheld: iff
    // some certificate avoids g, i.e. y_g = 0 or a left null vector of A uses g.
    bool stays_determined_without(const Analysis& a, const std::vector<double>& y, std::size_t g) const {
        return stays_determined_without(a, y, g, magnitudes(a, y));
    }
    bool stays_determined_without(const Analysis& a, const std::vector<double>& y, std::size_t g,
                                  const Magnitudes& m) const {
        if (a.row_comp[g] == none_index) return true;
        if (std::abs(y[g]) <= echelon_tolerance * m.y) return true;
        if (a.row_comp[g] != global_row) {
            const Solved& f = *a.comps[a.row_comp[g]].local;
            for (std::size_t r = f.pivots.size(); r < f.transform.size(); ++r) {
                double lt = 1.0;
                for (double x : f.transform[r]) lt = std::max(lt, std::abs(x));
                if (std::abs(f.transform[r][a.row_pos[g]]) > echelon_tolerance * lt) return true;
            }
        }
        for (std::size_t k = 0; k < a.global_null.size(); ++k)
            if (std::abs(a.global_null[k][g]) > echelon_tolerance * m.global_null[k]) return true;
        return false;
    }

    // Whether t stays determined when `extra` cells are suppressed as well and group `withheld`
    // (if any) is withheld, given the analysis of the current state.
    // `local`: the caller has checked (far_full) that the components the change can merge into
    // t's leave R_{-i} full; then only t's own component matters.
    bool determined_after(const Analysis& a, const State& s, std::size_t t, const std::vector<std::size_t>& extra,
                          std::optional<std::size_t> withheld, bool local) {
        const std::size_t i = a.comp_of[t];
        if (local) {
            // Withholding a global group leaves R_{-i} full in the smaller space, and B_i unchanged.
            if (withheld && m_global[*withheld]) return true;
            Component comp = grown(a, s, t, extra, withheld);
            if (comp.cells.size() == a.comps[i].cells.size() && comp.rows == a.comps[i].rows) return true;
            std::vector<bool> hidden = s.hidden;
            for (std::size_t c : extra) hidden[c] = true;
            comp.local = local_null(comp, hidden);
            const auto pos = std::lower_bound(comp.cells.begin(), comp.cells.end(), t) - comp.cells.begin();
            return comp.local->determined[static_cast<std::size_t>(pos)];
        }
        State trial = s;
        for (std::size_t c : extra) trial.hidden[c] = true;
        if (withheld) trial.published[*withheld] = false;
        return analyse(trial).determined[t];
    }

    // Candidates that share a local published group with a suppressed cell of component i.
    std::set<std::size_t> adjacent(const Analysis& a, const State& s, std::size_t i) const {
        std::set<std::size_t> out;
        for (std::size_t g : a.comps[i].rows)
            for (const auto& [cell, w] : m_coef.rows[g])
                if (!s.hidden[cell]) out.insert(cell);
        return out;
    }

    // Cells that share a local published group with cell c, and, through a suppressed cell there,
    // with that cell's whole component.
    std::set<std::size_t> reach(const Analysis& a, const State& s, std::size_t c) const {
        std::set<std::size_t> out, comps;
        for (const auto& [g, w] : m_coef.cols[c]) {
            if (!s.published[g] || m_global[g]) continue;
            for (const auto& [cell, x] : m_coef.rows[g]) {
                if (s.hidden[cell]) comps.insert(a.comp_of[cell]);
                else out.insert(cell);
            }
        }
        for (std::size_t j : comps) {
            const auto more = adjacent(a, s, j);
            out.insert(more.begin(), more.end());
        }
        return out;
    }

    bool is_global(std::size_t g) const { return m_global[g]; }

    // Components a suppressed cell c would join through its local published groups.
    void touched(const Analysis& a, const State& s, std::size_t c, std::set<std::size_t>& out) const {
        for (const auto& [g, w] : m_coef.cols[c]) {
            if (!s.published[g] || m_global[g]) continue;
            for (const auto& [cell, x] : m_coef.rows[g])
                if (s.hidden[cell]) out.insert(a.comp_of[cell]);
        }
    }

    // Whether the components outside `excluded` alone span R^d (d: the global equations).
    bool far_full(const Analysis& a, const std::set<std::size_t>& excluded) const {
        const std::size_t d = a.globals.size();
        if (d == 0) return true;
        Subspace acc;
        for (std::size_t j = 0; j < a.comps.size(); ++j) {
            if (excluded.count(j) || a.range[j].basis.empty()) continue;
            acc = sum(acc, a.range[j], d);
            if (acc.basis.size() == d) return true;
        }
        return false;
    }

private:
    // Component i with `extra` suppressed and `withheld` withheld, restricted to t's side: the
    // cells reached from component i through local published groups.
    Component grown(const Analysis& a, const State& s, std::size_t t, const std::vector<std::size_t>& extra,
                    std::optional<std::size_t> withheld) const {
        (void)a;
        std::vector<bool> hidden_extra(s.hidden.size(), false);
        for (std::size_t c : extra) hidden_extra[c] = true;
        auto hidden = [&](std::size_t c) { return s.hidden[c] || hidden_extra[c]; };
        auto usable = [&](std::size_t g) { return s.published[g] && !m_global[g] && (!withheld || g != *withheld); };
        std::set<std::size_t> cells, rows;
        std::vector<std::size_t> todo{t};
        while (!todo.empty()) {
            const std::size_t c = todo.back();
            todo.pop_back();
            if (!cells.insert(c).second) continue;
            for (const auto& [g, w] : m_coef.cols[c]) {
                if (!usable(g) || !rows.insert(g).second) continue;
                for (const auto& [cell, x] : m_coef.rows[g])
                    if (hidden(cell) && !cells.count(cell)) todo.push_back(cell);
            }
        }
        Component out;
        out.cells.assign(cells.begin(), cells.end());
        out.rows.assign(rows.begin(), rows.end());
        return out;
    }

    template <class Hidden>
    Matrix local_matrix(const Component& comp, const Hidden& hidden) const {
        const std::size_t n = comp.cells.size();
        Matrix m;
        m.reserve(comp.rows.size());
        for (std::size_t g : comp.rows) {
            std::vector<double> row(n, 0.0);
            for (const auto& [cell, w] : m_coef.rows[g]) {
                if (!hidden[cell]) continue;
                const auto pos = std::lower_bound(comp.cells.begin(), comp.cells.end(), cell) - comp.cells.begin();
                row[static_cast<std::size_t>(pos)] = w * m_coef.row_scale[g];
            }
            m.push_back(std::move(row));
        }
        return m;
    }

    template <class Hidden>
    std::shared_ptr<const Solved> local_null(const Component& comp, const Hidden& hidden) {
        auto key = cache_key(comp);
        if (auto it = m_cache.find(key); it != m_cache.end()) return it->second;
        auto solved = std::make_shared<const Solved>(solve(local_matrix(comp, hidden), comp.cells.size(), true));
        if (m_cache.size() > 20000) m_cache.clear();
        m_cache.emplace(std::move(key), solved);
        return solved;
    }

    static std::vector<std::size_t> cache_key(const Component& comp) {
        std::vector<std::size_t> key = comp.cells;
        key.push_back(none_index);
        key.insert(key.end(), comp.rows.begin(), comp.rows.end());
        return key;
    }

    // range(M_i): what component i's free directions do to the global equations.
    Subspace range_of(const Analysis& a, const Component& comp) const {
        const std::size_t d = a.globals.size();
        Matrix mi;
        for (const auto& v : comp.local->null) {
            std::vector<double> col(d, 0.0);
            for (std::size_t k = 0; k < comp.cells.size(); ++k) {
                if (v[k] == 0) continue;
                for (const auto& [g, w] : m_coef.cols[comp.cells[k]])
                    if (a.row_comp[g] == global_row) col[a.row_pos[g]] += w * m_coef.row_scale[g] * v[k];
            }
            mi.push_back(std::move(col));
        }
        return span(std::move(mi), d);
    }

    // Components (other than `without`) taken in order while each adds a dimension to the span of
    // their ranges, until it reaches `target` dimensions or the components run out; `span` gets it.
    std::vector<std::size_t> witness_of(const Analysis& a, std::size_t without, std::size_t target, Subspace& span) const {
        const std::size_t d = a.globals.size();
        std::vector<std::size_t> out;
        span = Subspace{};
        for (std::size_t j = 0; j < a.comps.size() && span.basis.size() < target; ++j) {
            if (j == without || a.range[j].basis.empty()) continue;
            const std::size_t before = span.basis.size();
            span = sum(span, a.range[j], d);
            if (span.basis.size() > before) out.push_back(j);
        }
        return out;
    }

    // Adds to y the local rows of component j that cancel y_g's global rows on j's cells:
    // y_jᵀ·A_j = -y_gᵀ·D_j, solvable as y_g ⊥ range(M_j); through j's echelon form (the
    // right-hand side's entries at the pivot columns weigh the pivot rows of T_j).
    void cancel_globals(const Analysis& a, std::size_t j, const std::vector<double>& yg, std::vector<double>& y) const {
        const auto& comp = a.comps[j];
        const Solved& f = *comp.local;
        bool any = false;
        std::vector<double> coeff(f.pivots.size(), 0.0);
        for (std::size_t p = 0; p < f.pivots.size(); ++p) {
            double w = 0;
            for (const auto& [g, x] : m_coef.cols[comp.cells[f.pivots[p]]]) {
                if (a.row_comp[g] != global_row) continue;
                w -= yg[a.row_pos[g]] * x * m_coef.row_scale[g];
            }
            coeff[p] = w;
            any = any || w != 0;
        }
        if (!any) return;
        for (std::size_t p = 0; p < f.pivots.size(); ++p) {
            if (coeff[p] == 0) continue;
            for (std::size_t l = 0; l < comp.rows.size(); ++l) y[comp.rows[l]] += coeff[p] * f.transform[p][l];
        }
    }

    // A form's entries with rounding (within 1e-9 of their terms' magnitude) set to 0, scaled to
    // a largest entry of 1; second: whether any entry is left.
    static std::pair<std::vector<double>, bool> clean_form(const Form& f, std::size_t e) {
        std::vector<double> v(e, 0.0);
        double top = 0;
        for (std::size_t c = 0; c < e; ++c) {
            const auto& [x, mag] = f[c];
            v[c] = std::abs(x) <= 1e-9 * std::max(mag, 1.0) ? 0.0 : x;
            top = std::max(top, std::abs(v[c]));
        }
        if (top > 0)
            for (double& x : v) x /= top;
        return {v, top > 0};
    }

    // Whether linear form phi is nonzero on the null space of the constraints (each a form over
    // the same e columns): entries within rounding of their terms' magnitude count as 0, rows
    // are scaled to a largest entry of 1 before a small elimination.
    static bool outside_rowspace(const std::vector<Form>& constraints, const Form& phi, std::size_t e) {
        auto [target, nonzero] = clean_form(phi, e);
        if (!nonzero) return false;
        Matrix m;
        for (const auto& f : constraints) {
            auto [v, nz] = clean_form(f, e);
            if (nz) m.push_back(std::move(v));
        }
        const auto pivots = reduce(m, e);
        for (std::size_t r = 0; r < pivots.size(); ++r) {
            const double f = target[pivots[r]];
            if (f == 0) continue;
            for (std::size_t c = 0; c < e; ++c) target[c] -= f * m[r][c];
        }
        for (double x : target)
            if (std::abs(x) > 1e-7) return true;
        return false;
    }

    // The global equations: R = Σ range(M_i) through a witness, the left null vectors through
    // the global rows (y_g ∈ R^⊥), which components are free, then which cells are determined.
    void resolve(Analysis& a, const std::vector<bool>& hidden) const {
        const std::size_t d = a.globals.size();
        const std::size_t n = a.comps.size();
        a.determined.assign(hidden.size(), false);
        a.free.assign(n, true);
        a.range.assign(n, Subspace{});
        a.stacked.assign(n, nullptr);
        a.q.assign(n, Matrix{});
        a.global_null.clear();
        a.witness.clear();
        a.bound.clear();
        a.total_range = Subspace{};
        if (d > 0) {
            for (std::size_t i = 0; i < n; ++i) a.range[i] = range_of(a, a.comps[i]);
            a.witness = witness_of(a, none_index, d, a.total_range);
            // Each with the local rows that cancel it on every component.
            for (const auto& yg : complement(a.total_range, d)) {
                std::vector<double> y(m_coef.rows.size(), 0.0);
                for (std::size_t gi = 0; gi < d; ++gi) y[a.globals[gi]] = yg[gi];
                for (std::size_t j = 0; j < n; ++j) cancel_globals(a, j, yg, y);
                a.global_null.push_back(std::move(y));
            }
            for (std::size_t w : a.witness) bind_if_needed(a, w, hidden);
        }
        for (std::size_t i = 0; i < n; ++i)
            if (a.free[i]) set_local_determined(a, i);
    }

    void set_local_determined(Analysis& a, std::size_t i) const {
        const auto& comp = a.comps[i];
        for (std::size_t k = 0; k < comp.cells.size(); ++k) a.determined[comp.cells[k]] = comp.local->determined[k];
    }

    // Witness component w: free when the others still span R. Else R_{-w} ⊊ R, and w's cells
    // are decided on its local rows with the global equations left to it, Q_w·D_w, below them
    // (Q_w spanning R_{-w}^⊥): the dense version's criterion on that stack.
    void bind_if_needed(Analysis& a, std::size_t w, const std::vector<bool>& hidden) const {
        const std::size_t d = a.globals.size();
        Subspace others;
        witness_of(a, w, a.total_range.basis.size(), others);
        if (others.basis.size() == a.total_range.basis.size()) return;
        const Matrix q = complement(others, d);
        const auto& comp = a.comps[w];
        Matrix m = local_matrix(comp, hidden);
        for (const auto& qr : q) {
            std::vector<double> row(comp.cells.size(), 0.0);
            for (std::size_t k = 0; k < comp.cells.size(); ++k)
                for (const auto& [g, x] : m_coef.cols[comp.cells[k]])
                    if (a.row_comp[g] == global_row) row[k] += qr[a.row_pos[g]] * x * m_coef.row_scale[g];
            m.push_back(std::move(row));
        }
        auto stacked = std::make_shared<const Solved>(solve(std::move(m), comp.cells.size(), true));
        for (std::size_t k = 0; k < comp.cells.size(); ++k) a.determined[comp.cells[k]] = stacked->determined[k];
        a.stacked[w] = std::move(stacked);
        a.q[w] = q;
        a.free[w] = false;
        a.bound.push_back(w);
    }

    const Coefficients& m_coef;
    std::vector<bool> m_global;
    std::map<std::vector<std::size_t>, std::shared_ptr<const Solved>> m_cache;
};

LinearSystem::State state_of(const std::vector<DisclosureCell>& cells, const std::vector<Suppression>& suppression,
                             const std::vector<bool>& group_suppressed) {
    LinearSystem::State s;
    s.hidden.resize(cells.size());
    for (std::size_t i = 0; i < cells.size(); ++i) s.hidden[i] = is_hidden(cells[i], suppression[i]);
    s.published.resize(group_suppressed.size());
    for (std::size_t g = 0; g < group_suppressed.size(); ++g) s.published[g] = !group_suppressed[g];
    return s;
}

// A published non-negative combination of suppressed cells: group `plus` minus group `minus`.
struct Combination {
    std::size_t plus = 0;
    std::optional<std::size_t> minus;
    double factor = 1.0;  // coefficients are factor·(coef[plus] - coef[minus])
    double residual = 0;  // Σ coef·numerator over the suppressed cells (what the attacker learns)
};

double combination_coef(const Coefficients& coef, const Combination& c, std::size_t cell) {
    return c.factor * (coef.at(c.plus, cell) - (c.minus ? coef.at(*c.minus, cell) : 0.0));
}

// The single groups and ordered pairs whose suppressed part has coefficients >= 0, some > 0, in the
// order of the dense version (singles by group, then pairs by (plus, minus)); `visit` returns true
// to stop. A combination group (any sign, any scale) counts alone, with either sign, scaled so that
// its largest suppressed coefficient is 1: the residual then bounds that cell from above. A pair
// whose second group has no suppressed cell is the first group alone again and is skipped; a pair
// can only qualify when the second group's suppressed cells all lie in the first.
template <class Visit>
void nonnegative_combinations(const Coefficients& coef, const std::vector<DisclosureCell>& cells,
                              const std::vector<bool>& hidden, const std::vector<bool>& group_suppressed,
                              const std::vector<bool>& is_combination, Visit visit) {
    const std::size_t ng = coef.rows.size();
    std::vector<std::vector<Entry>> part(ng);  // suppressed part of each group
    for (std::size_t g = 0; g < ng; ++g)
        for (const auto& e : coef.rows[g])
            if (hidden[e.first]) part[g].push_back(e);
    auto consider = [&](std::size_t plus, std::optional<std::size_t> minus) -> std::optional<Combination> {
        double residual = 0;
        bool positive = false;
        // Merge the two sorted suppressed parts.
        const auto& a = part[plus];
        static const std::vector<Entry> empty;
        const auto& b = minus ? part[*minus] : empty;
        std::size_t i = 0, j = 0;
        while (i < a.size() || j < b.size()) {
            std::size_t cell;
            double w;
            if (j == b.size() || (i < a.size() && a[i].first < b[j].first)) {
                cell = a[i].first;
                w = a[i++].second;
            } else if (i == a.size() || b[j].first < a[i].first) {
                cell = b[j].first;
                w = -b[j++].second;
            } else {
                cell = a[i].first;
                w = a[i++].second - b[j++].second;
            }
            if (w < -echelon_tolerance) return std::nullopt;
            if (w > echelon_tolerance) {
                positive = true;
                residual += w * cells[cell].numerator;
            }
        }
        if (!positive) return std::nullopt;
        return Combination{plus, minus, 1.0, residual};
    };
    for (std::size_t g = 0; g < ng; ++g) {
        if (group_suppressed[g]) continue;
        if (is_combination[g]) {
            double scale = 0;
            for (const auto& [i, w] : part[g]) scale = std::max(scale, std::abs(w));
            if (scale == 0) continue;
            for (double sign : {1.0, -1.0}) {
                double top = 0;
                bool negative = false;
                for (const auto& [i, w0] : part[g]) {
                    const double w = sign * w0 / scale;
                    if (w < -echelon_tolerance) negative = true;
                    top = std::max(top, w);
                }
                if (negative || top <= echelon_tolerance) continue;
                Combination c{g, std::nullopt, sign / (top * scale), 0.0};
                for (const auto& [i, w0] : part[g]) {
                    const double w = c.factor * w0;
                    if (w > echelon_tolerance) c.residual += w * cells[i].numerator;
                }
                if (visit(c)) return;
            }
        } else if (auto c = consider(g, std::nullopt)) {
            if (visit(*c)) return;
        }
    }
    for (std::size_t g = 0; g < ng; ++g) {
        if (group_suppressed[g] || is_combination[g] || part[g].empty()) continue;
        std::set<std::size_t> partners;
        for (const auto& [cell, w] : part[g])
            for (const auto& [h, x] : coef.cols[cell])
                if (h != g && !group_suppressed[h] && !is_combination[h]) partners.insert(h);
        for (std::size_t h : partners) {
            // The second group's suppressed cells must lie in the first (weights > 0 otherwise
            // make a coefficient negative); with none it is the first group alone.
            bool any = false, inside = true;
            for (const auto& [cell, w] : part[h]) {
                if (w <= echelon_tolerance) continue;
                any = true;
                if (coef.at(g, cell) == 0) {
                    inside = false;
                    break;
                }
            }
            if (!any || !inside) continue;
            if (auto c = consider(g, h))
                if (visit(*c)) return;
        }
    }
}

struct RoundChecks {
    std::atomic<bool> on{false};
    std::atomic<std::size_t> carried{0}, fresh{0}, pair_searches{0};
};

RoundChecks& round_checks() {
    static RoundChecks c;
    return c;
}

// The carried analysis against a fresh one of the same state: the same components (as sets of
// cells with the same rows) and the same determined cells.
void compare_with_fresh(LinearSystem& system, const LinearSystem::Analysis& carried, const LinearSystem::State& s) {
    const auto fresh = system.analyse(s);
    auto parts = [](const LinearSystem::Analysis& a) {
        std::set<std::pair<std::vector<std::size_t>, std::vector<std::size_t>>> out;
        for (const auto& c : a.comps)
            if (!c.cells.empty()) out.emplace(c.cells, c.rows);
        return out;
    };
    if (parts(carried) != parts(fresh)) throw std::logic_error("disclosure: carried components differ from a fresh analysis");
    if (carried.determined != fresh.determined)
        throw std::logic_error("disclosure: carried determined cells differ from a fresh analysis");
    if (carried.globals != fresh.globals) throw std::logic_error("disclosure: carried global rows differ from a fresh analysis");
}

ProtectObserver& observer() {
    static ProtectObserver o;
    return o;
}

bool residual_reveals_zero(const Combination& c) { return std::abs(c.residual) <= count_tolerance; }

void check_sizes(const std::vector<DisclosureCell>& cells, const std::vector<DisclosureGroup>& groups,
                 const std::vector<Suppression>& suppression, const std::vector<bool>& group_suppressed) {
    if (suppression.size() != cells.size() || group_suppressed.size() != groups.size())
        throw std::invalid_argument("disclosure: suppression vectors do not match cells and groups");
}

std::vector<bool> combinations_of(const std::vector<DisclosureGroup>& groups) {
    std::vector<bool> out(groups.size());
    for (std::size_t g = 0; g < groups.size(); ++g) out[g] = groups[g].combination;
    return out;
}

// Candidates for secondary suppression, cheapest first: smallest denominator, then lowest index.
std::vector<std::size_t> by_cost(std::vector<std::size_t> idx, const std::vector<DisclosureCell>& cells) {
    std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) {
        if (cells[a].denominator != cells[b].denominator) return cells[a].denominator < cells[b].denominator;
        return a < b;
    });
    return idx;
}

}  // namespace

bool recoverable(std::size_t target, const std::vector<DisclosureCell>& cells,
                 const std::vector<DisclosureGroup>& groups, const std::vector<Suppression>& suppression,
                 const std::vector<bool>& group_suppressed) {
    check_sizes(cells, groups, suppression, group_suppressed);
    if (target >= cells.size()) throw std::out_of_range("disclosure: target cell out of range");
    if (!is_hidden(cells[target], suppression[target])) return false;
    const auto coef = group_coefficients(cells, groups);
    LinearSystem system(coef, cells.size());
    const auto state = state_of(cells, suppression, group_suppressed);
    if (system.analyse(state).determined[target]) return true;
    bool found = false;
    nonnegative_combinations(coef, cells, state.hidden, group_suppressed, combinations_of(groups), [&](const Combination& c) {
        found = combination_coef(coef, c, target) > echelon_tolerance && residual_reveals_zero(c);
        return found;
    });
    return found;
}

namespace detail {

namespace {

// The analysis and certificate of t in the given state, as protect() has them in a round.
template <class Ask>
std::optional<bool> ask_incremental(std::size_t t, const std::vector<DisclosureCell>& cells,
                                    const std::vector<DisclosureGroup>& groups, const std::vector<Suppression>& suppression,
                                    const std::vector<bool>& group_suppressed, Ask ask) {
    check_sizes(cells, groups, suppression, group_suppressed);
    if (t >= cells.size()) throw std::out_of_range("disclosure: target cell out of range");
    const auto coef = group_coefficients(cells, groups);
    LinearSystem system(coef, cells.size());
    const auto state = state_of(cells, suppression, group_suppressed);
    const auto analysis = system.analyse(state);
    const auto cert = system.certificate(analysis, t);
    if (!cert) return std::nullopt;
    return ask(system, analysis, state, *cert);
}

}  // namespace

std::optional<bool> stays_determined(std::size_t t, const std::vector<std::size_t>& extra,
                                     const std::vector<DisclosureCell>& cells, const std::vector<DisclosureGroup>& groups,
                                     const std::vector<Suppression>& suppression, const std::vector<bool>& group_suppressed) {
    if (extra.size() > 3) throw std::invalid_argument("disclosure: at most 3 extra cells");
    for (std::size_t c : extra)
        if (c >= cells.size() || is_hidden(cells[c], suppression[c]) || cells[c].missing)
            throw std::invalid_argument("disclosure: extra cells must be published cells");
    return ask_incremental(t, cells, groups, suppression, group_suppressed,
                           [&](const LinearSystem& s, const LinearSystem::Analysis& a, const LinearSystem::State& st,
                               const std::vector<double>& y) { return s.stays_determined(a, st, y, extra); });
}

std::optional<bool> stays_determined_without(std::size_t t, std::size_t withheld,
                                             const std::vector<DisclosureCell>& cells,
                                             const std::vector<DisclosureGroup>& groups,
                                             const std::vector<Suppression>& suppression,
                                             const std::vector<bool>& group_suppressed) {
    if (withheld >= groups.size() || group_suppressed.at(withheld))
        throw std::invalid_argument("disclosure: the withheld group must be a published group");
    return ask_incremental(t, cells, groups, suppression, group_suppressed,
                           [&](const LinearSystem& s, const LinearSystem::Analysis& a, const LinearSystem::State&,
                               const std::vector<double>& y) { return s.stays_determined_without(a, y, withheld); });
}

}  // namespace detail

DisclosureResult protect(const std::vector<DisclosureCell>& cells, const std::vector<DisclosureGroup>& groups,
                         const DisclosureRules& rules) {
    const auto coef = group_coefficients(cells, groups);
    DisclosureResult res;
    res.cells.assign(cells.size(), Suppression::none);
    res.group_suppressed.assign(groups.size(), false);

    for (std::size_t i = 0; i < cells.size(); ++i)
        if (!cells[i].missing && is_small(cells[i].numerator, cells[i].denominator, rules))
            res.cells[i] = Suppression::primary;
    const std::vector<bool> is_combination = combinations_of(groups);
    for (std::size_t g = 0; g < groups.size(); ++g) {
        if (is_combination[g]) continue;  // not a count: no primary rule of its own
        double num = 0, den = 0;
        for (const auto& [i, w] : coef.rows[g]) {
            num += w * cells[i].numerator;
            den += w * cells[i].denominator;
        }
        res.group_suppressed[g] = is_small(num, den, rules);
    }

    // A cell can only protect something if it enters some published total.
    auto published_somewhere = [&](std::size_t i) {
        return std::any_of(coef.cols[i].begin(), coef.cols[i].end(),
                           [&](const Entry& e) { return !res.group_suppressed[e.first]; });
    };
    auto free_cell = [&](std::size_t i) {
        return !cells[i].missing && res.cells[i] == Suppression::none && published_somewhere(i);
    };

    LinearSystem system(coef, cells.size());
    std::map<std::size_t, std::vector<std::size_t>> global_by_cost;
    std::map<std::size_t, std::size_t> first_free;  // per global group: its first cell in cost order that may be free
    auto by_cost_of = [&](std::size_t g) -> const std::vector<std::size_t>& {
        auto [it, fresh] = global_by_cost.try_emplace(g);
        if (fresh) {
            for (const auto& [i, w] : coef.rows[g]) it->second.push_back(i);
            it->second = by_cost(std::move(it->second), cells);
        }
        return it->second;
    };
    // Every step suppresses one more cell or withholds one more group, so this terminates after at
    // most cells + groups steps.
    // The analysis is carried from round to round (LinearSystem::update) from what the round
    // suppressed or withheld; analysed afresh when it cannot be carried.
    std::optional<LinearSystem::Analysis> current;
    std::optional<LinearSystem::State> last_state;
    for (;;) {
        const auto state = state_of(cells, res.cells, res.group_suppressed);
        bool carried = false;
        if (current) {
            std::vector<std::size_t> added, withheld;
            for (std::size_t i = 0; i < cells.size(); ++i)
                if (state.hidden[i] && !last_state->hidden[i]) added.push_back(i);
            for (std::size_t g = 0; g < groups.size(); ++g)
                if (!state.published[g] && last_state->published[g]) withheld.push_back(g);
            carried = system.update(*current, state, added, withheld);
            if (carried && round_checks().on) compare_with_fresh(system, *current, state);
        }
        if (!carried) current = system.analyse(state);
        ++(carried ? round_checks().carried : round_checks().fresh);
        last_state = state;
        const LinearSystem::Analysis& analysis = *current;
        const auto first = std::find(analysis.determined.begin(), analysis.determined.end(), true);
        if (first != analysis.determined.end()) {
            const auto t = static_cast<std::size_t>(first - analysis.determined.begin());
            const std::size_t ti = analysis.comp_of[t];
            // Cost of a protector: cells sharing a small published total with t come first (keeps
            // the damage local, e.g. inside the catchment), then smallest denominator, then index.
            // Tiers through local groups are kept; through global groups (the county) they are
            // looked up when asked, as nearly every cell shares the county with t.
            constexpr std::size_t unrelated = static_cast<std::size_t>(-1);
            std::map<std::size_t, std::size_t> tier;
            std::vector<std::size_t> global_of_t;
            for (const auto& [g, w] : coef.cols[t]) {
                if (res.group_suppressed[g]) continue;
                if (system.is_global(g)) {
                    global_of_t.push_back(g);
                    continue;
                }
                for (const auto& [i, x] : coef.rows[g]) {
                    if (!free_cell(i)) continue;
                    auto [it, fresh] = tier.try_emplace(i, coef.members(g));
                    if (!fresh) it->second = std::min(it->second, coef.members(g));
                }
            }
            // Memoised: the sorts below ask for the same cells many times.
            std::unordered_map<std::size_t, std::size_t> tier_memo;
            auto tier_of = [&](std::size_t i) {
                if (const auto m = tier_memo.find(i); m != tier_memo.end()) return m->second;
                const auto it = tier.find(i);
                std::size_t best = it == tier.end() ? unrelated : it->second;
                for (std::size_t g : global_of_t)
                    if (coef.members(g) < best && coef.at(g, i) != 0 && free_cell(i)) best = coef.members(g);
                tier_memo.emplace(i, best);
                return best;
            };
            auto cheaper = [&](std::size_t a, std::size_t b) {
                const std::size_t ta = tier_of(a), tb = tier_of(b);
                if (ta != tb) return ta < tb;
                if (cells[a].denominator != cells[b].denominator) return cells[a].denominator < cells[b].denominator;
                return a < b;
            };
            // The 16 cheapest related cells (the triples' pool): by the local tiers, topped up from
            // the cells related through global groups only when fewer than 16.
            auto cheapest_related = [&]() {
                std::vector<std::size_t> rel;
                for (const auto& [i, tr] : tier) rel.push_back(i);
                std::size_t max_local = 0, min_global = unrelated;
                for (const auto& [i, tr] : tier) max_local = std::max(max_local, tr);
                for (std::size_t g : global_of_t) min_global = std::min(min_global, coef.members(g));
                // Cells related only through a global group g have tier members(g) at most, so the
                // 16 cheapest of them are among the first 16 such cells of some g in order of
                // denominator and index (by_cost_of): a short walk instead of a sort of the county.
                if (!global_of_t.empty() && (rel.size() < 16 || min_global <= max_local)) {
                    std::set<std::size_t> more;
                    for (std::size_t g : global_of_t) {
                        const auto& list = by_cost_of(g);
                        // Cells only stop being free, so the walk starts past those that did.
                        std::size_t& from = first_free[g];
                        while (from < list.size() && !free_cell(list[from])) ++from;
                        std::size_t found = 0;
                        for (std::size_t k = from; k < list.size(); ++k) {
                            const std::size_t i = list[k];
                            if (found == 16) break;
                            if (tier.count(i) || !free_cell(i)) continue;
                            more.insert(i);
                            ++found;
                        }
                    }
                    rel.insert(rel.end(), more.begin(), more.end());
                }
                std::sort(rel.begin(), rel.end(), cheaper);
                if (rel.size() > 16) rel.resize(16);
                return rel;
            };
            // The free cells next to t's component, and what each reaches (LinearSystem::reach).
            const auto next = system.adjacent(analysis, state, ti);
            std::vector<std::size_t> near_t;
            for (std::size_t c : next)
                if (free_cell(c)) near_t.push_back(c);
            std::map<std::size_t, std::set<std::size_t>> reach;
            for (std::size_t a : near_t) reach[a] = system.reach(analysis, state, a);
            const auto pool = cheapest_related();
            // Local search (exact, see LinearSystem): when the components that these cells can
            // merge into t's are left out and the rest still spans the global equations, only
            // t's own component decides, and cells that cannot join it are skipped.
            std::set<std::size_t> merged{ti};
            for (std::size_t c : near_t) system.touched(analysis, state, c, merged);
            for (const auto& [a, cs] : reach)
                for (std::size_t c : cs) system.touched(analysis, state, c, merged);
            for (std::size_t c : pool) system.touched(analysis, state, c, merged);
            const bool local = system.far_full(analysis, merged);
            // Each candidate is answered from the current factorisation (stays_determined); the
            // full re-analysis only if t has no certificate (not expected: t is determined).
            const auto cert = system.certificate(analysis, t);
            auto hides = [&](const std::vector<std::size_t>& extra) {
                if (cert) return !system.stays_determined(analysis, state, *cert, extra);
                return !system.determined_after(analysis, state, t, extra, std::nullopt, local);
            };
            // A candidate set can only hide t when one of its cells lies in a group that t's
            // certificate uses: for any other set x_t's dependence on the new cells vanishes and
            // stays_determined answers "stays" at once. An exact screen, whatever the certificate
            // (with one over local rows only it leaves a handful of cells instead of the county).
            std::vector<bool> in_support;
            if (cert) {
                in_support.assign(cells.size(), false);
                for (std::size_t g = 0; g < groups.size(); ++g) {
                    if ((*cert)[g] == 0 || res.group_suppressed[g]) continue;
                    for (const auto& [i, w] : coef.rows[g]) in_support[i] = true;
                }
            }
            auto can_hide = [&](std::size_t c) { return !cert || in_support[c]; };
            std::vector<std::size_t> order;
            if (local) {
                for (std::size_t c : near_t)
                    if (can_hide(c)) order.push_back(c);
            } else {
                for (std::size_t i = 0; i < cells.size(); ++i)
                    if (can_hide(i) && free_cell(i)) order.push_back(i);
            }
            std::sort(order.begin(), order.end(), cheaper);
            bool fixed = false;
            for (std::size_t c : order) {
                if (hides({c})) {
                    res.cells[c] = Suppression::secondary;
                    fixed = true;
                    break;
                }
            }
            if (!fixed) {
                // Some cells (a DeSO shared between two catchments) need two protectors at once, one
                // per total. Pairs of related cells, cheapest pair first.
                //
                // With a certificate only pairs that can hide t are formed (LinearSystem::Column):
                // cells are grouped by the pattern of their constraint column, and a pair within a
                // pattern, or holding a cell whose column is empty while its phi is not, is tried.
                // Every other pair keeps t determined, so the first pair that hides t is the same;
                // without the grouping the related cells of a country make pairs by the million.
                constexpr std::size_t alone = static_cast<std::size_t>(-1), useless = static_cast<std::size_t>(-2);
                std::unordered_map<std::size_t, std::size_t> bucket_of;
                std::map<std::vector<LinearSystem::Row>, std::size_t> buckets;
                auto bucket = [&](std::size_t c) {
                    if (const auto it = bucket_of.find(c); it != bucket_of.end()) return it->second;
                    const auto col = system.column(analysis, state, *cert, c);
                    std::size_t id = col.phi ? alone : useless;
                    if (!col.pattern.empty()) id = buckets.try_emplace(col.pattern, buckets.size()).first->second;
                    bucket_of.emplace(c, id);
                    return id;
                };
                auto first_hiding_pair = [&](bool filtered) -> std::optional<std::pair<std::size_t, std::size_t>> {
                    filtered = filtered && cert.has_value();
                    auto possible = [&](std::size_t a, std::size_t b) {
                        if (!filtered) return true;
                        const std::size_t x = bucket(a), y = bucket(b);
                        return x == alone || y == alone || (x == y && x != useless);
                    };
                    std::vector<std::pair<std::size_t, std::size_t>> pairs;
                    auto add_pair = [&](std::size_t a, std::size_t b) {
                        if (a != b && (can_hide(a) || can_hide(b)) && possible(a, b))
                            pairs.emplace_back(std::min(a, b), std::max(a, b));
                    };
                    if (local) {
                        // Both cells must end up in t's component: one next to it, the other next
                        // to it, to the first, or to a component the first joins.
                        for (std::size_t a : near_t) {
                            if (tier_of(a) == unrelated) continue;
                            std::set<std::size_t> others = reach[a];
                            others.insert(near_t.begin(), near_t.end());
                            for (std::size_t b : others)
                                if (free_cell(b) && tier_of(b) != unrelated) add_pair(a, b);
                        }
                    } else {
                        // Pairs of related cells with at least one in the certificate's groups.
                        std::vector<std::size_t> related;
                        for (std::size_t i = 0; i < cells.size(); ++i)
                            if (free_cell(i) && tier_of(i) != unrelated) related.push_back(i);
                        if (!filtered) {
                            for (std::size_t a : related)
                                for (std::size_t b : related)
                                    if (b > a) add_pair(a, b);
                        } else {
                            std::map<std::size_t, std::vector<std::size_t>> members;
                            std::vector<std::size_t> alone_cells;
                            for (std::size_t i : related) {
                                const std::size_t id = bucket(i);
                                if (id == alone) alone_cells.push_back(i);
                                else if (id != useless) members[id].push_back(i);
                            }
                            for (const auto& [id, list] : members)
                                for (std::size_t x = 0; x < list.size(); ++x)
                                    for (std::size_t z = x + 1; z < list.size(); ++z) add_pair(list[x], list[z]);
                            for (std::size_t a : alone_cells)
                                for (std::size_t b : related) add_pair(a, b);
                        }
                    }
                    auto pair_key = [&](const std::pair<std::size_t, std::size_t>& p) {
                        return std::make_tuple(std::max(tier_of(p.first), tier_of(p.second)),
                                               cells[p.first].denominator + cells[p.second].denominator, p.first,
                                               p.second);
                    };
                    // Cheapest pair first, in the order a sort of the distinct pairs by key would
                    // give (the key ends in the pair, so it is unique per pair): a heap popped until
                    // a pair hides t; duplicates come out next to each other and are skipped.
                    using Keyed = std::pair<decltype(pair_key(*pairs.begin())), std::pair<std::size_t, std::size_t>>;
                    std::vector<Keyed> heap;
                    heap.reserve(pairs.size());
                    for (const auto& p : pairs) heap.emplace_back(pair_key(p), p);
                    const auto later = [](const Keyed& x, const Keyed& y) { return x > y; };
                    std::make_heap(heap.begin(), heap.end(), later);
                    std::optional<std::pair<std::size_t, std::size_t>> previous;
                    while (!heap.empty()) {
                        std::pop_heap(heap.begin(), heap.end(), later);
                        const auto ab = heap.back().second;
                        heap.pop_back();
                        if (previous == ab) continue;
                        previous = ab;
                        if (hides({ab.first, ab.second})) return ab;
                    }
                    return std::nullopt;
                };
                const auto pair = first_hiding_pair(true);
                if (round_checks().on && cert) {
                    if (first_hiding_pair(false) != pair)
                        throw std::logic_error("disclosure: the pairs grouped by column pattern chose another protector");
                    ++round_checks().pair_searches;
                }
                if (pair) {
                    res.cells[pair->first] = res.cells[pair->second] = Suppression::secondary;
                    fixed = true;
                }
            }
            if (!fixed) {
                // Some tables need three (män/kvinnor × two DeSO with all margins published: the
                // whole 2x2 rectangle). Triples among the few cheapest related cells.
                const std::set<std::size_t> next_free(near_t.begin(), near_t.end());
                std::vector<std::array<std::size_t, 3>> triples;
                for (std::size_t a = 0; a < pool.size(); ++a)
                    for (std::size_t b = a + 1; b < pool.size(); ++b)
                        for (std::size_t c = b + 1; c < pool.size(); ++c) {
                            std::array<std::size_t, 3> x{pool[a], pool[b], pool[c]};
                            std::sort(x.begin(), x.end());
                            triples.push_back(x);
                        }
                auto triple_key = [&](const std::array<std::size_t, 3>& x) {
                    return std::make_tuple(std::max({tier_of(x[0]), tier_of(x[1]), tier_of(x[2])}),
                                           cells[x[0]].denominator + cells[x[1]].denominator + cells[x[2]].denominator,
                                           x);
                };
                std::sort(triples.begin(), triples.end(),
                          [&](const auto& x, const auto& y) { return triple_key(x) < triple_key(y); });
                for (const auto& x : triples) {
                    if (local && !(next_free.count(x[0]) || next_free.count(x[1]) || next_free.count(x[2]))) continue;
                    if (!(can_hide(x[0]) || can_hide(x[1]) || can_hide(x[2]))) continue;
                    if (hides({x[0], x[1], x[2]})) {
                        for (std::size_t c : x) res.cells[c] = Suppression::secondary;
                        fixed = true;
                        break;
                    }
                }
            }
            if (fixed) continue;
            // No cell helps (e.g. a total over this cell alone): withhold a total. Groups holding the
            // cell first, smallest first, then the others; the first whose withholding hides the cell.
            // Locally only the component's own groups can matter (LinearSystem), so only they are
            // ordered; the fallback is the first group of the full order either way.
            std::vector<bool> holds_t(groups.size(), false);
            for (const auto& [g, w] : coef.cols[t]) holds_t[g] = true;
            auto group_before = [&](std::size_t a, std::size_t b) {
                if (holds_t[a] != holds_t[b]) return static_cast<bool>(holds_t[a]);
                if (coef.members(a) != coef.members(b)) return coef.members(a) < coef.members(b);
                return a < b;
            };
            std::vector<std::size_t> gorder;
            if (local) {
                for (std::size_t g : analysis.comps[ti].rows) gorder.push_back(g);
                for (const auto& [g, w] : coef.cols[t])
                    if (!res.group_suppressed[g]) gorder.push_back(g);
                std::sort(gorder.begin(), gorder.end());
                gorder.erase(std::unique(gorder.begin(), gorder.end()), gorder.end());
            } else {
                for (std::size_t g = 0; g < groups.size(); ++g)
                    if (!res.group_suppressed[g]) gorder.push_back(g);
            }
            std::sort(gorder.begin(), gorder.end(), group_before);
            std::optional<std::size_t> chosen;
            const auto& own_rows = analysis.comps[ti].rows;
            const auto magnitudes = cert ? system.magnitudes(analysis, *cert) : LinearSystem::Magnitudes{};
            for (std::size_t g : gorder) {
                if (local && !std::binary_search(own_rows.begin(), own_rows.end(), g)) continue;
                if (cert ? !system.stays_determined_without(analysis, *cert, g, magnitudes)
                         : !system.determined_after(analysis, state, t, {}, g, local)) {
                    chosen = g;
                    break;
                }
            }
            // Several totals together pin the cell: withhold one and look again next round.
            res.group_suppressed[chosen ? *chosen : gorder.front()] = true;
            continue;
        }

        bool changed = false;
        nonnegative_combinations(coef, cells, state.hidden, res.group_suppressed, is_combination, [&](const Combination& c) {
            if (!residual_reveals_zero(c) && c.residual >= rules.min_numerator - count_tolerance) return false;
            // The free cells the combination holds: those of its first group (the second group's
            // cells with a larger weight cancel or turn negative).
            std::vector<std::size_t> cand;
            for (const auto& [i, w] : coef.rows[c.plus])
                if (free_cell(i) && combination_coef(coef, c, i) > echelon_tolerance && cells[i].numerator > 0)
                    cand.push_back(i);
            cand = by_cost(cand, cells);
            if (cand.empty()) {
                res.group_suppressed[c.plus] = true;
            } else {
                const double needed = rules.min_numerator - c.residual;
                auto enough = std::find_if(cand.begin(), cand.end(), [&](std::size_t i) {
                    return combination_coef(coef, c, i) * cells[i].numerator >= needed - count_tolerance;
                });
                res.cells[enough != cand.end() ? *enough : cand.front()] = Suppression::secondary;
            }
            changed = true;
            return true;
        });
        if (!changed) break;
    }

    res.primary = static_cast<std::size_t>(std::count(res.cells.begin(), res.cells.end(), Suppression::primary));
    res.secondary = static_cast<std::size_t>(std::count(res.cells.begin(), res.cells.end(), Suppression::secondary));
    if (observer()) {
        // protect() runs on several threads at once (compute_profiles); observers need not be
        // thread-safe.
        static std::mutex observer_mutex;
        const std::lock_guard<std::mutex> lock(observer_mutex);
        observer()(cells, groups, rules, res);
    }
    return res;
}

void set_protect_observer(ProtectObserver o) { observer() = std::move(o); }

namespace detail {

void check_round_updates(bool on) { round_checks().on = on; }

RoundCounts round_counts(bool reset) {
    RoundCounts c{round_checks().carried.load(), round_checks().fresh.load(), round_checks().pair_searches.load()};
    if (reset) {
        round_checks().carried = 0;
        round_checks().fresh = 0;
        round_checks().pair_searches = 0;
    }
    return c;
}

}  // namespace detail

}  // namespace omrade::profiles
