// Interval audit of disclosure control (issue 13): for every suppressed numerator, the smallest and
// largest value consistent with everything published, by linear programming (GLPK). protect()
// guarantees that no suppressed cell is determined and that no single published total or
// difference of two leaves a small or zero remainder; the audit checks the consequence an attacker
// cares about, the width of what can be known, against every combination of totals at once.
// Pure algorithm, no I/O. See docs/metod-rojandekontroll.md.
#pragma once

#include "profiles/disclosure/disclosure.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace omrade::profiles {

struct AuditInterval {
    std::size_t cell = 0;
    double lower = 0;               // smallest numerator consistent with the published values
    std::optional<double> upper;    // largest; empty = unbounded
    bool pinned = false;            // lower = upper: the value is disclosed
    bool ok = false;                // wide enough (see audit_intervals)
};

struct AuditResult {
    std::vector<AuditInterval> intervals;  // one per suppressed, non-missing cell, by cell
    std::size_t failures = 0;              // intervals that are not wide enough
    std::size_t pinned = 0;                // of those, intervals of width 0
    std::size_t programs = 0;              // linear programs solved
};

// The attacker knows: every published cell's numerator; every published group's value (Σ weight ·
// numerator over its non-missing cells, combination groups included, with their signed weights);
// the weights; and that every numerator is >= 0. For each suppressed, non-missing cell t the audit
// minimises and maximises t's numerator over all non-negative values of the suppressed cells that
// reproduce every published value. The interval is wide enough when upper − lower >= the primary
// threshold (rules.min_numerator), so in particular the value is never pinned (lower = upper) and an
// attacker can never tell a small count from a count that needs no protection. Throws
// std::runtime_error if GLPK fails (the true values are always feasible).
AuditResult audit_intervals(const std::vector<DisclosureCell>& cells, const std::vector<DisclosureGroup>& groups,
                            const std::vector<Suppression>& suppression, const std::vector<bool>& group_suppressed,
                            const DisclosureRules& rules);

}  // namespace omrade::profiles
