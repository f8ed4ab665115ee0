// Disclosure control (röjandekontroll, DOMAIN.md §5): primary suppression of small counts and
// secondary suppression so that no suppressed cell can be recovered from published totals, by
// subtraction or by any linear combination of published totals. Pure algorithm, no I/O.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace omrade::profiles {

struct DisclosureRules {
    double min_numerator = 5;     // numerator 1..min-1 is suppressed ([roj] min_taljare)
    double min_denominator = 50;  // denominator below this is suppressed ([roj] min_namnare)
    bool suppress_zero = false;   // also suppress numerator 0 ([roj] undertryck_noll)
};

// One publishable value: a DeSO value of one indicator (and one sex/age breakdown, if any).
struct DisclosureCell {
    double numerator = 0;
    double denominator = 0;
    bool missing = false;  // no data: neither published nor a secret (not counted as a protector)
};

// A published total over cells, e.g. a catchment (with fractional weights), a kommun, the county.
// With `combination` set it is any other published linear combination of the numerators (e.g.
// an SII: Σ coefficient·numerator): weights may then be negative, the group has no primary rule
// of its own, and what it reveals is judged scale-free (it can be multiplied by any factor).
struct DisclosureGroup {
    std::vector<std::pair<std::size_t, double>> members;  // (cell index, weight > 0; != 0 for a combination)
    std::string label;  // for the report, e.g. "upptagningsområde Teleborg"
    bool combination = false;
};

enum class Suppression { none, primary, secondary };

struct DisclosureResult {
    std::vector<Suppression> cells;        // per cell
    std::vector<bool> group_suppressed;    // per group: the total itself is withheld (primary rule
                                           // on the group's own counts, or no safe protector exists)
    std::size_t primary = 0, secondary = 0;
};

// Primary: a cell with 0 < numerator < min_numerator (or == 0 with suppress_zero), or with
// denominator < min_denominator. Secondary: cells are added, smallest denominator first
// (ties by index, so the result is deterministic), until for every suppressed cell no
// combination of published group totals and published cells determines its numerator.
// A group whose own numerator is below the primary rule is withheld, not protected by cells.
DisclosureResult protect(const std::vector<DisclosureCell>& cells, const std::vector<DisclosureGroup>& groups,
                         const DisclosureRules& rules);

// True when cell `target`'s numerator is determined by the published cells and totals (used by
// protect() and by the attacker in the tests).
bool recoverable(std::size_t target, const std::vector<DisclosureCell>& cells,
                 const std::vector<DisclosureGroup>& groups, const std::vector<Suppression>& suppression,
                 const std::vector<bool>& group_suppressed);

namespace detail {

// For tests of protect()'s protector search, which answers its questions from the factorisation
// of the current state instead of a new elimination: whether cell t, determined by the published
// totals and cells (linear part only, without the non-negativity rule), stays determined when the
// unsuppressed cells `extra` (at most 3) are suppressed as well, or when group `withheld` is
// withheld. nullopt when t is not linearly determined in the given state.
std::optional<bool> stays_determined(std::size_t t, const std::vector<std::size_t>& extra,
                                     const std::vector<DisclosureCell>& cells, const std::vector<DisclosureGroup>& groups,
                                     const std::vector<Suppression>& suppression, const std::vector<bool>& group_suppressed);
std::optional<bool> stays_determined_without(std::size_t t, std::size_t withheld,
                                             const std::vector<DisclosureCell>& cells,
                                             const std::vector<DisclosureGroup>& groups,
                                             const std::vector<Suppression>& suppression,
                                             const std::vector<bool>& group_suppressed);

// For tests of protect()'s rounds, which carry the analysis of one round into the next and form
// again only the components the round's protector touched, and of its pair search, which forms
// only the pairs whose constraint columns let them hide the cell: when checking is on, every
// carried analysis is compared with a fresh one (the same partition into components, the same
// determined cells) and every pair search with one over all pairs (the same protector), and a
// difference throws std::logic_error. Process-wide; the counts say how many rounds of all
// protect() calls since the last reset were carried or analysed afresh, and how many pair
// searches were checked.
struct RoundCounts {
    std::size_t carried = 0, fresh = 0, pair_searches = 0;
};
void check_round_updates(bool on);
RoundCounts round_counts(bool reset = false);

}  // namespace detail

// For tests and benchmarks: when set, called after every protect() with its input and result, so
// that a test can replay the engine's real tables (e.g. against a reference implementation).
// Process-wide and not synchronised; empty by default.
using ProtectObserver = std::function<void(const std::vector<DisclosureCell>&, const std::vector<DisclosureGroup>&,
                                           const DisclosureRules&, const DisclosureResult&)>;
void set_protect_observer(ProtectObserver observer);

}  // namespace omrade::profiles
