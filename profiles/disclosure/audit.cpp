// Interval audit (audit.hpp) with GLPK's simplex. The suppressed cells split into components that
// share published groups; each component is one linear program (rows: its published groups, as
// equalities on the suppressed part, scaled to a largest coefficient of 1; columns: its suppressed
// cells, >= 0), solved twice per cell (min and max) from the previous basis, so a cell costs a few
// pivots rather than a fresh solve.
#include "profiles/disclosure/audit.hpp"

#include <glpk.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <numeric>
#include <stdexcept>

namespace omrade::profiles {

namespace {

constexpr double width_tolerance = 1e-6;  // LP values are sums of counts times weights

struct Problem {
    glp_prob* lp = glp_create_prob();
    Problem() = default;
    Problem(const Problem&) = delete;
    Problem& operator=(const Problem&) = delete;
    ~Problem() { glp_delete_prob(lp); }
};

}  // namespace

AuditResult audit_intervals(const std::vector<DisclosureCell>& cells, const std::vector<DisclosureGroup>& groups,
                            const std::vector<Suppression>& suppression, const std::vector<bool>& group_suppressed,
                            const DisclosureRules& rules) {
    if (suppression.size() != cells.size() || group_suppressed.size() != groups.size())
        throw std::invalid_argument("disclosure audit: suppression vectors do not match cells and groups");
    auto hidden = [&](std::size_t i) { return !cells[i].missing && suppression[i] != Suppression::none; };

    // Each published group: its suppressed part (merged weights) and what the attacker knows of it.
    struct Row {
        std::map<std::size_t, double> part;
        double value = 0;  // Σ weight · numerator over the suppressed part
    };
    std::vector<Row> rows;
    for (std::size_t g = 0; g < groups.size(); ++g) {
        if (group_suppressed[g]) continue;
        Row r;
        for (const auto& [i, w] : groups[g].members) {
            if (i >= cells.size()) throw std::out_of_range("disclosure audit: group '" + groups[g].label + "' refers to a cell out of range");
            if (cells[i].missing || !std::isfinite(w) || w == 0) continue;
            if (!groups[g].combination && !(w > 0)) continue;
            if (hidden(i)) {
                r.part[i] += w;
                r.value += w * cells[i].numerator;
            }
        }
        for (auto it = r.part.begin(); it != r.part.end();) it = it->second == 0 ? r.part.erase(it) : std::next(it);
        if (!r.part.empty()) rows.push_back(std::move(r));
    }

    // Components of suppressed cells through shared rows.
    std::vector<std::size_t> parent(cells.size());
    std::iota(parent.begin(), parent.end(), 0);
    auto find = [&](std::size_t x) {
        while (parent[x] != x) x = parent[x] = parent[parent[x]];
        return x;
    };
    for (const auto& r : rows) {
        const std::size_t first = find(r.part.begin()->first);
        for (const auto& [i, w] : r.part) parent[find(i)] = first;
    }
    std::map<std::size_t, std::vector<std::size_t>> comp_cells, comp_rows;
    for (std::size_t i = 0; i < cells.size(); ++i)
        if (hidden(i)) comp_cells[find(i)].push_back(i);
    for (std::size_t k = 0; k < rows.size(); ++k) comp_rows[find(rows[k].part.begin()->first)].push_back(k);

    AuditResult out;
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    for (const auto& [root, members] : comp_cells) {
        const auto& rk = comp_rows[root];
        if (rk.empty()) {
            // In no published total: nothing bounds the cell but >= 0.
            for (std::size_t i : members) {
                AuditInterval iv;
                iv.cell = i;
                iv.ok = true;
                out.intervals.push_back(iv);
            }
            continue;
        }
        Problem p;
        glp_add_rows(p.lp, static_cast<int>(rk.size()));
        glp_add_cols(p.lp, static_cast<int>(members.size()));
        for (std::size_t c = 0; c < members.size(); ++c) glp_set_col_bnds(p.lp, static_cast<int>(c + 1), GLP_LO, 0.0, 0.0);
        std::vector<int> ia{0}, ja{0};
        std::vector<double> ar{0.0};
        for (std::size_t r = 0; r < rk.size(); ++r) {
            const Row& row = rows[rk[r]];
            double top = 0;
            for (const auto& [i, w] : row.part) top = std::max(top, std::abs(w));
            glp_set_row_bnds(p.lp, static_cast<int>(r + 1), GLP_FX, row.value / top, row.value / top);
            for (const auto& [i, w] : row.part) {
                const auto pos = std::lower_bound(members.begin(), members.end(), i) - members.begin();
                ia.push_back(static_cast<int>(r + 1));
                ja.push_back(static_cast<int>(pos + 1));
                ar.push_back(w / top);
            }
        }
        glp_load_matrix(p.lp, static_cast<int>(ar.size() - 1), ia.data(), ja.data(), ar.data());
        for (std::size_t c = 0; c < members.size(); ++c) {
            AuditInterval iv;
            iv.cell = members[c];
            const int col = static_cast<int>(c + 1);
            glp_set_obj_coef(p.lp, col, 1.0);
            for (int dir : {GLP_MIN, GLP_MAX}) {
                glp_set_obj_dir(p.lp, dir);
                const int rc = glp_simplex(p.lp, &parm);
                ++out.programs;
                const int status = glp_get_status(p.lp);
                if (rc != 0 || (status != GLP_OPT && status != GLP_UNBND))
                    throw std::runtime_error("disclosure audit: GLPK found no solution for cell " + std::to_string(iv.cell) +
                                             " (the published values are always feasible)");
                if (dir == GLP_MIN) iv.lower = std::max(0.0, glp_get_obj_val(p.lp));
                else if (status == GLP_OPT) iv.upper = glp_get_obj_val(p.lp);
            }
            glp_set_obj_coef(p.lp, col, 0.0);
            iv.pinned = iv.upper && *iv.upper - iv.lower <= width_tolerance;
            iv.ok = !iv.upper || *iv.upper - iv.lower >= rules.min_numerator - width_tolerance;
            if (!iv.ok) ++out.failures;
            if (iv.pinned) ++out.pinned;
            out.intervals.push_back(iv);
        }
    }
    std::sort(out.intervals.begin(), out.intervals.end(), [](const auto& a, const auto& b) { return a.cell < b.cell; });
    return out;
}

}  // namespace omrade::profiles
