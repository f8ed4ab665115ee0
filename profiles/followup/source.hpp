// The follow-up of listed patients per vårdcentral ("inom vårdcentralen"): reading the region's
// long table `vardcentral,indikator,period,taljare,namnare` (or `varde` where only a share is
// delivered). See docs/uppfoljning.md for the format.
#pragma once

#include "profiles/engine/indicators.hpp"
#include "profiles/input/care_centres.hpp"

#include <compare>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace omrade::profiles {

// A reporting period: a year ("2024"), a tertial ("2025T1") or a month ("2025-03").
struct Period {
    enum class Kind { year, tertial, month };
    Kind kind = Kind::year;
    int year = 0;
    int part = 0;  // 1–3 (tertial), 1–12 (month), 0 for a year

    std::string label() const;  // as written in the source: 2024, 2025T1, 2025-03
    std::string text() const;   // for readers: "2024", "tertial 1 2025", "mars 2025"
    double index() const;       // consecutive periods differ by 1 (for trends)
    auto operator<=>(const Period&) const = default;
};

// nullopt when the text is not a period in one of the three forms.
std::optional<Period> parse_period(std::string_view text);

struct FollowupRow {
    std::size_t centre = 0;  // index into the register
    std::string indicator;   // catalogue id (niva = "vardcentral")
    Period period;
    std::optional<double> numerator, denominator;  // counts, when delivered
    std::optional<double> value;                   // varde: the share or rate as delivered
    bool no_data = false;    // "Ingen data" or empty: missing, never zero
    long line = 0;
};

struct FollowupData {
    std::string file;
    bool synthetic = false;
    std::vector<FollowupRow> rows;  // file order
    std::size_t rows_read = 0, rows_no_data = 0, rows_with_counts = 0, rows_value_only = 0;
};

// Reads and validates the table (any format read_table takes). Columns vardcentral, indikator,
// period and taljare + namnare and/or varde. Every row is kept (rows_read = with counts + value
// only + no data). DataErrors name file, line and field: a name not in the register (the shared
// matcher, match_care_centre), an indicator that is not a vårdcentral indicator of the catalogue,
// a period that is not a year, tertial or month, an indicator with periods of two kinds, the same
// vårdcentral, indicator and period twice, a count that is not a number or negative, a numerator
// without its denominator, a numerator above its denominator or a share outside 0–100 (andel),
// a denominator of 0 with events.
// Column names as TextTable::column compares them, `fields` ([uppfoljning] falt) for other names;
// an unknown indicator gets "menade du ...?" from the catalogue's vårdcentral indicators. With a
// collecting `problems` every bad row is recorded.
FollowupData read_followup(const std::string& source, bool synthetic, const CareCentreRegister& centres,
                           const Catalogue& catalogue, const FieldMap& fields = {},
                           Problems& problems = stop_at_first_problem());

}  // namespace omrade::profiles
