// The dense disclosure control of main e515108 (profiles/disclosure/disclosure.cpp before issue 13),
// kept unchanged as the reference the sparse implementation must agree with cell by cell
// (test_disclosure_equivalence.cpp). Dense Gauss-Jordan over all cells and groups per candidate:
// fine for tables of ~100 cells, far too slow for Sweden.
#include "unit/profiles/disclosure/reference_disclosure.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <tuple>

namespace omrade::profiles::reference {

namespace {

// Absolute tolerance for sums of counts (numerators are whole numbers times weights).
constexpr double count_tolerance = 1e-7;
// Tolerance for entries of the normalised echelon form (pivots are 1 there).
constexpr double echelon_tolerance = 1e-9;

bool is_small(double numerator, double denominator, const DisclosureRules& rules) {
    if (denominator < rules.min_denominator) return true;
    if (std::abs(numerator) <= count_tolerance) return rules.suppress_zero;
    return numerator > 0 && numerator < rules.min_numerator - count_tolerance;
}

using Matrix = std::vector<std::vector<double>>;

// Dense coefficients per group and cell; missing cells and non-positive weights are left out.
Matrix group_coefficients(const std::vector<DisclosureCell>& cells, const std::vector<DisclosureGroup>& groups) {
    Matrix coef(groups.size(), std::vector<double>(cells.size(), 0.0));
    for (std::size_t g = 0; g < groups.size(); ++g) {
        for (const auto& [cell, weight] : groups[g].members) {
            if (cell >= cells.size())
                throw std::out_of_range("disclosure: group '" + groups[g].label + "' refers to a cell out of range");
            if (cells[cell].missing || !std::isfinite(weight) || weight == 0) continue;
            if (!groups[g].combination && !(weight > 0)) continue;
            coef[g][cell] += weight;
        }
    }
    return coef;
}

// For each column of m, whether that unknown is uniquely determined by the rows.
std::vector<bool> determined_columns(Matrix m, std::size_t ncols) {
    std::vector<bool> determined(ncols, false);
    if (ncols == 0) return determined;
    double scale = 0;
    for (const auto& row : m)
        for (double v : row) scale = std::max(scale, std::abs(v));
    if (scale == 0) return determined;
    const double pivot_tolerance = echelon_tolerance * scale * static_cast<double>(std::max(m.size(), ncols));

    std::vector<std::size_t> pivot_col;  // per echelon row
    std::size_t r = 0;
    for (std::size_t c = 0; c < ncols && r < m.size(); ++c) {
        std::size_t best = r;
        for (std::size_t i = r + 1; i < m.size(); ++i)
            if (std::abs(m[i][c]) > std::abs(m[best][c])) best = i;
        if (std::abs(m[best][c]) <= pivot_tolerance) continue;
        std::swap(m[r], m[best]);
        const double p = m[r][c];
        for (double& v : m[r]) v /= p;
        for (std::size_t i = 0; i < m.size(); ++i) {
            if (i == r || m[i][c] == 0) continue;
            const double f = m[i][c];
            for (std::size_t k = 0; k < ncols; ++k) m[i][k] -= f * m[r][k];
        }
        pivot_col.push_back(c);
        ++r;
    }
    std::vector<bool> is_pivot(ncols, false);
    for (std::size_t c : pivot_col) is_pivot[c] = true;
    for (std::size_t row = 0; row < pivot_col.size(); ++row) {
        bool unit = true;
        for (std::size_t k = 0; k < ncols && unit; ++k)
            if (!is_pivot[k] && std::abs(m[row][k]) > echelon_tolerance) unit = false;
        determined[pivot_col[row]] = unit;
    }
    return determined;
}

bool is_hidden(const DisclosureCell& cell, Suppression s) { return !cell.missing && s != Suppression::none; }

// Per cell: determined by the linear system of published totals (false for unsuppressed cells).
std::vector<bool> linearly_exposed(const Matrix& coef, const std::vector<DisclosureCell>& cells,
                                   const std::vector<Suppression>& suppression,
                                   const std::vector<bool>& group_suppressed) {
    std::vector<std::size_t> unknowns;
    for (std::size_t i = 0; i < cells.size(); ++i)
        if (is_hidden(cells[i], suppression[i])) unknowns.push_back(i);
    Matrix m;
    for (std::size_t g = 0; g < coef.size(); ++g) {
        if (group_suppressed[g]) continue;
        std::vector<double> row(unknowns.size());
        bool any = false;
        for (std::size_t k = 0; k < unknowns.size(); ++k) {
            row[k] = coef[g][unknowns[k]];
            any = any || row[k] != 0;
        }
        if (any) m.push_back(std::move(row));
    }
    const auto det = determined_columns(std::move(m), unknowns.size());
    std::vector<bool> exposed(cells.size(), false);
    for (std::size_t k = 0; k < unknowns.size(); ++k) exposed[unknowns[k]] = det[k];
    return exposed;
}

// The ways the published totals pin down cell t: every y with y·A = e_t (A: published totals ×
// hidden cells) is y0 + Σ λ_j z_j, z_j spanning the left null space of A. Suppressing more cells
// adds columns a_c and t stays determined only if some such y also has y·a_c = 0 for each of them.
// Used to skip candidate protectors cheaply; every accepted choice is confirmed by
// linearly_exposed(), so the result never depends on this shortcut.
class Routes {
public:
    Routes(const Matrix& coef, const std::vector<DisclosureCell>& cells, const std::vector<Suppression>& suppression,
           const std::vector<bool>& group_suppressed, std::size_t t)
        : m_coef(coef) {
        for (std::size_t g = 0; g < coef.size(); ++g)
            if (!group_suppressed[g]) m_rows.push_back(g);
        std::vector<std::size_t> unknowns;
        for (std::size_t i = 0; i < cells.size(); ++i)
            if (is_hidden(cells[i], suppression[i])) unknowns.push_back(i);
        const std::size_t r = m_rows.size(), k = unknowns.size();
        Matrix b(k, std::vector<double>(r + 1, 0.0));  // A^T | e_t
        for (std::size_t i = 0; i < k; ++i) {
            for (std::size_t j = 0; j < r; ++j) b[i][j] = coef[m_rows[j]][unknowns[i]];
            b[i][r] = unknowns[i] == t ? 1.0 : 0.0;
        }
        std::vector<std::size_t> pivot_col;
        std::size_t row = 0;
        for (std::size_t c = 0; c < r && row < k; ++c) {
            std::size_t best = row;
            for (std::size_t i = row + 1; i < k; ++i)
                if (std::abs(b[i][c]) > std::abs(b[best][c])) best = i;
            if (std::abs(b[best][c]) <= echelon_tolerance) continue;
            std::swap(b[row], b[best]);
            const double p = b[row][c];
            for (double& v : b[row]) v /= p;
            for (std::size_t i = 0; i < k; ++i) {
                if (i == row || b[i][c] == 0) continue;
                const double f = b[i][c];
                for (std::size_t j = 0; j <= r; ++j) b[i][j] -= f * b[row][j];
            }
            pivot_col.push_back(c);
            ++row;
        }
        std::vector<bool> is_pivot(r, false);
        for (std::size_t c : pivot_col) is_pivot[c] = true;
        m_y0.assign(r, 0.0);
        for (std::size_t i = 0; i < pivot_col.size(); ++i) m_y0[pivot_col[i]] = b[i][r];
        for (std::size_t f = 0; f < r; ++f) {
            if (is_pivot[f]) continue;
            std::vector<double> z(r, 0.0);
            z[f] = 1.0;
            for (std::size_t i = 0; i < pivot_col.size(); ++i) z[pivot_col[i]] = -b[i][f];
            m_z.push_back(std::move(z));
        }
        m_scale = 1.0;
        for (double v : m_y0) m_scale = std::max(m_scale, std::abs(v));
        for (const auto& z : m_z)
            for (double v : z) m_scale = std::max(m_scale, std::abs(v));
    }

    // Could suppressing these cells together leave t undetermined? True when the conditions
    // y·a_c = 0 (c in the set) have no solution y among the routes: [U | -v] is inconsistent.
    bool may_break(const std::vector<std::size_t>& set) const {
        Matrix m;
        for (std::size_t c : set) {
            const auto& p = project(c);
            double top = std::abs(p.v);
            for (double x : p.u) top = std::max(top, std::abs(x));
            if (top <= p.tol) continue;  // the cell enters no route: no condition
            std::vector<double> row = p.u;
            row.push_back(p.v);
            for (double& x : row) x /= top;  // rows scaled to max 1, so one tolerance fits all
            m.push_back(std::move(row));
        }
        const std::size_t d = m_z.size();
        const double tol = echelon_tolerance * static_cast<double>(1 + d + set.size()) * 100;
        std::size_t r = 0;
        for (std::size_t j = 0; j < d && r < m.size(); ++j) {
            std::size_t best = r;
            for (std::size_t i = r + 1; i < m.size(); ++i)
                if (std::abs(m[i][j]) > std::abs(m[best][j])) best = i;
            if (std::abs(m[best][j]) <= tol) continue;
            std::swap(m[r], m[best]);
            for (std::size_t i = r + 1; i < m.size(); ++i) {
                const double f = m[i][j] / m[r][j];
                for (std::size_t k = j; k <= d; ++k) m[i][k] -= f * m[r][k];
            }
            ++r;
        }
        for (std::size_t i = r; i < m.size(); ++i)
            if (std::abs(m[i][d]) > tol) return true;
        return false;
    }

private:
    struct Projection {
        std::vector<double> u;  // z_j · a_c
        double v = 0;           // y0 · a_c
        double tol = 0;
    };
    const Projection& project(std::size_t c) const {
        auto [it, fresh] = m_cache.try_emplace(c);
        if (fresh) it->second = compute(c);
        return it->second;
    }
    Projection compute(std::size_t c) const {
        Projection p;
        double norm = 0;
        for (std::size_t j = 0; j < m_rows.size(); ++j) {
            const double a = m_coef[m_rows[j]][c];
            norm += std::abs(a);
            p.v += m_y0[j] * a;
        }
        for (const auto& z : m_z) {
            double s = 0;
            for (std::size_t j = 0; j < m_rows.size(); ++j) s += z[j] * m_coef[m_rows[j]][c];
            p.u.push_back(s);
        }
        p.tol = 1e-9 * (1.0 + norm) * m_scale * static_cast<double>(1 + m_rows.size());
        return p;
    }
    static bool zero(const std::vector<double>& u, double tol) {
        return std::all_of(u.begin(), u.end(), [&](double x) { return std::abs(x) <= tol; });
    }

    const Matrix& m_coef;
    std::vector<std::size_t> m_rows;  // published groups
    std::vector<double> m_y0;
    Matrix m_z;
    double m_scale = 1.0;
    mutable std::map<std::size_t, Projection> m_cache;
};

// A published non-negative combination of suppressed cells: group `plus` minus group `minus`.
struct Combination {
    std::size_t plus = 0;
    std::optional<std::size_t> minus;
    std::vector<double> coef;  // over all cells
    double residual = 0;       // Σ coef·numerator over the suppressed cells (what the attacker learns)
};

// All single groups and ordered pairs whose suppressed part has coefficients >= 0, some > 0. A
// combination group (any sign, any scale) counts alone, with either sign, scaled so that its
// largest suppressed coefficient is 1: the residual then bounds that cell from above.
std::vector<Combination> nonnegative_combinations(const Matrix& coef, const std::vector<DisclosureCell>& cells,
                                                  const std::vector<Suppression>& suppression,
                                                  const std::vector<bool>& group_suppressed,
                                                  const std::vector<bool>& is_combination) {
    std::vector<Combination> out;
    std::vector<std::size_t> hidden;
    for (std::size_t i = 0; i < cells.size(); ++i)
        if (is_hidden(cells[i], suppression[i])) hidden.push_back(i);
    auto consider = [&](std::size_t plus, std::optional<std::size_t> minus) {
        double residual = 0;
        bool positive = false;
        for (std::size_t i : hidden) {
            const double w = coef[plus][i] - (minus ? coef[*minus][i] : 0.0);
            if (w < -echelon_tolerance) return;
            if (w > echelon_tolerance) {
                positive = true;
                residual += w * cells[i].numerator;
            }
        }
        if (!positive) return;
        Combination c{plus, minus, coef[plus], residual};
        if (minus)
            for (std::size_t i = 0; i < cells.size(); ++i) c.coef[i] -= coef[*minus][i];
        out.push_back(std::move(c));
    };
    auto consider_scaled = [&](std::size_t g) {
        double scale = 0;
        for (std::size_t i : hidden) scale = std::max(scale, std::abs(coef[g][i]));
        if (scale == 0) return;
        for (double sign : {1.0, -1.0}) {
            double top = 0;
            bool negative = false;
            for (std::size_t i : hidden) {
                const double w = sign * coef[g][i] / scale;
                if (w < -echelon_tolerance) negative = true;
                top = std::max(top, w);
            }
            if (negative || top <= echelon_tolerance) continue;
            Combination c{g, std::nullopt, coef[g], 0.0};
            for (double& v : c.coef) v *= sign / (top * scale);
            for (std::size_t i : hidden)
                if (c.coef[i] > echelon_tolerance) c.residual += c.coef[i] * cells[i].numerator;
            out.push_back(std::move(c));
        }
    };
    for (std::size_t g = 0; g < coef.size(); ++g) {
        if (group_suppressed[g]) continue;
        if (is_combination[g]) consider_scaled(g);
        else consider(g, std::nullopt);
    }
    for (std::size_t g = 0; g < coef.size(); ++g) {
        if (group_suppressed[g] || is_combination[g]) continue;
        for (std::size_t h = 0; h < coef.size(); ++h)
            if (h != g && !group_suppressed[h] && !is_combination[h]) consider(g, h);
    }
    return out;
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
    if (linearly_exposed(coef, cells, suppression, group_suppressed)[target]) return true;
    for (const auto& c : nonnegative_combinations(coef, cells, suppression, group_suppressed, combinations_of(groups)))
        if (c.coef[target] > echelon_tolerance && residual_reveals_zero(c)) return true;
    return false;
}

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
        for (std::size_t i = 0; i < cells.size(); ++i) {
            num += coef[g][i] * cells[i].numerator;
            den += coef[g][i] * cells[i].denominator;
        }
        res.group_suppressed[g] = is_small(num, den, rules);
    }

    // A cell can only protect something if it enters some published total.
    auto published_somewhere = [&](std::size_t i) {
        for (std::size_t g = 0; g < groups.size(); ++g)
            if (!res.group_suppressed[g] && coef[g][i] != 0) return true;
        return false;
    };
    auto free_cells = [&]() {
        std::vector<std::size_t> out;
        for (std::size_t i = 0; i < cells.size(); ++i)
            if (!cells[i].missing && res.cells[i] == Suppression::none && published_somewhere(i)) out.push_back(i);
        return out;
    };

    // Every step suppresses one more cell or withholds one more group, so this terminates after at
    // most cells + groups steps.
    for (;;) {
        const auto exposed = linearly_exposed(coef, cells, res.cells, res.group_suppressed);
        const auto first = std::find(exposed.begin(), exposed.end(), true);
        if (first != exposed.end()) {
            const auto t = static_cast<std::size_t>(first - exposed.begin());
            // Cost of a protector: cells sharing a small published total with t come first (keeps
            // the damage local, e.g. inside the catchment), then smallest denominator, then index.
            auto members = [&](std::size_t g) {
                return static_cast<std::size_t>(
                    std::count_if(coef[g].begin(), coef[g].end(), [](double w) { return w != 0; }));
            };
            constexpr std::size_t unrelated = static_cast<std::size_t>(-1);
            std::vector<std::size_t> tier(cells.size(), unrelated);
            const auto candidates = free_cells();
            for (std::size_t i : candidates)
                for (std::size_t g = 0; g < groups.size(); ++g)
                    if (!res.group_suppressed[g] && coef[g][t] != 0 && coef[g][i] != 0)
                        tier[i] = std::min(tier[i], members(g));
            auto cheaper = [&](std::size_t a, std::size_t b) {
                if (tier[a] != tier[b]) return tier[a] < tier[b];
                if (cells[a].denominator != cells[b].denominator) return cells[a].denominator < cells[b].denominator;
                return a < b;
            };
            std::vector<std::size_t> order = candidates;
            std::sort(order.begin(), order.end(), cheaper);
            auto hides = [&](std::initializer_list<std::size_t> extra) {
                auto trial = res.cells;
                for (std::size_t c : extra) trial[c] = Suppression::secondary;
                return !linearly_exposed(coef, cells, trial, res.group_suppressed)[t];
            };
            const Routes routes(coef, cells, res.cells, res.group_suppressed, t);
            bool fixed = false;
            for (std::size_t c : order) {
                if (routes.may_break({c}) && hides({c})) {
                    res.cells[c] = Suppression::secondary;
                    fixed = true;
                    break;
                }
            }
            if (!fixed) {
                // Some cells (a DeSO shared between two catchments) need two protectors at once, one
                // per total. Pairs of related cells, cheapest pair first.
                std::vector<std::pair<std::size_t, std::size_t>> pairs;
                for (std::size_t a = 0; a < order.size(); ++a)
                    for (std::size_t b = a + 1; b < order.size(); ++b)
                        if (tier[order[a]] != unrelated && tier[order[b]] != unrelated)
                            pairs.emplace_back(std::min(order[a], order[b]), std::max(order[a], order[b]));
                auto pair_key = [&](const std::pair<std::size_t, std::size_t>& p) {
                    return std::make_tuple(std::max(tier[p.first], tier[p.second]),
                                           cells[p.first].denominator + cells[p.second].denominator, p.first, p.second);
                };
                std::sort(pairs.begin(), pairs.end(),
                          [&](const auto& x, const auto& y) { return pair_key(x) < pair_key(y); });
                for (const auto& [a, b] : pairs) {
                    if (routes.may_break({a, b}) && hides({a, b})) {
                        res.cells[a] = res.cells[b] = Suppression::secondary;
                        fixed = true;
                        break;
                    }
                }
            }
            if (!fixed) {
                // Some tables need three (män/kvinnor × two DeSO with all margins published: the
                // whole 2x2 rectangle). Triples among the few cheapest related cells.
                std::vector<std::size_t> near;
                for (std::size_t c : order)
                    if (tier[c] != unrelated && near.size() < 16) near.push_back(c);
                std::vector<std::array<std::size_t, 3>> triples;
                for (std::size_t a = 0; a < near.size(); ++a)
                    for (std::size_t b = a + 1; b < near.size(); ++b)
                        for (std::size_t c = b + 1; c < near.size(); ++c) {
                            std::array<std::size_t, 3> x{near[a], near[b], near[c]};
                            std::sort(x.begin(), x.end());
                            triples.push_back(x);
                        }
                auto triple_key = [&](const std::array<std::size_t, 3>& x) {
                    return std::make_tuple(std::max({tier[x[0]], tier[x[1]], tier[x[2]]}),
                                           cells[x[0]].denominator + cells[x[1]].denominator + cells[x[2]].denominator,
                                           x);
                };
                std::sort(triples.begin(), triples.end(),
                          [&](const auto& x, const auto& y) { return triple_key(x) < triple_key(y); });
                for (const auto& x : triples) {
                    if (routes.may_break({x[0], x[1], x[2]}) && hides({x[0], x[1], x[2]})) {
                        for (std::size_t c : x) res.cells[c] = Suppression::secondary;
                        fixed = true;
                        break;
                    }
                }
            }
            if (fixed) continue;
            // No cell helps (e.g. a total over this cell alone): withhold a total. Groups holding the
            // cell first, smallest first, then the others; the first whose withholding hides the cell.
            std::vector<std::size_t> gorder;
            for (std::size_t g = 0; g < groups.size(); ++g)
                if (!res.group_suppressed[g]) gorder.push_back(g);
            std::stable_sort(gorder.begin(), gorder.end(), [&](std::size_t a, std::size_t b) {
                const bool ha = coef[a][t] != 0, hb = coef[b][t] != 0;
                if (ha != hb) return ha;
                return members(a) < members(b);
            });
            std::optional<std::size_t> chosen;
            for (std::size_t g : gorder) {
                auto trial = res.group_suppressed;
                trial[g] = true;
                if (!linearly_exposed(coef, cells, res.cells, trial)[t]) {
                    chosen = g;
                    break;
                }
            }
            // Several totals together pin the cell: withhold one and look again next round.
            res.group_suppressed[chosen ? *chosen : gorder.front()] = true;
            continue;
        }

        bool changed = false;
        for (const auto& c : nonnegative_combinations(coef, cells, res.cells, res.group_suppressed, is_combination)) {
            if (!residual_reveals_zero(c) && c.residual >= rules.min_numerator - count_tolerance) continue;
            std::vector<std::size_t> cand;
            for (std::size_t i : free_cells())
                if (c.coef[i] > echelon_tolerance && cells[i].numerator > 0) cand.push_back(i);
            cand = by_cost(cand, cells);
            if (cand.empty()) {
                res.group_suppressed[c.plus] = true;
            } else {
                const double needed = rules.min_numerator - c.residual;
                auto enough = std::find_if(cand.begin(), cand.end(), [&](std::size_t i) {
                    return c.coef[i] * cells[i].numerator >= needed - count_tolerance;
                });
                res.cells[enough != cand.end() ? *enough : cand.front()] = Suppression::secondary;
            }
            changed = true;
            break;
        }
        if (!changed) break;
    }

    res.primary = static_cast<std::size_t>(std::count(res.cells.begin(), res.cells.end(), Suppression::primary));
    res.secondary = static_cast<std::size_t>(std::count(res.cells.begin(), res.cells.end(), Suppression::secondary));
    return res;
}

}  // namespace omrade::profiles::reference
