// Listing-based allocation of grants to vårdcentraler (DOMAIN.md §7): each pot is shared in
// proportion to listed patients among the eligible vårdcentraler, in whole kronor, so that every
// pot's column sums exactly to the pot (largest remainder method); private vårdcentraler get a
// VAT compensation on top; the total may be split per tertial.
#pragma once

#include "profiles/input/table.hpp"

#include <array>
#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace omrade::profiles {

enum class Operator { Region, Private };

struct ListedCentre {
    std::string name;
    std::string kommunkod;  // 4 digits or empty (unknown)
    Operator driftform = Operator::Region;
    std::int64_t listed = 0;
    long line = 0;  // line in the listing file, for messages
};

struct Listing {
    std::string file;
    std::vector<ListedCentre> centres;  // in file order
    bool has_kommunkod = false;
    bool has_driftform = false;
    std::string listing_column;  // "listade" or the one "listade_*" column found
};

// Columns: vardcentral, listade (or exactly one listade_*), optional kommunkod and driftform
// (region | privat). Counts must be whole non-negative numbers ("5 105" and "-" = 0 accepted);
// names must be unique. Throws DataError naming file, line and field.
Listing listing_from_table(const TextTable& table);
Listing read_listing(const std::string& source);  // read_table + listing_from_table

struct Pot {
    std::string name;
    std::string description;
    std::int64_t amount = 0;                  // whole kronor, > 0
    std::vector<std::string> kommuner;        // eligibility by kommun code (empty = no condition)
    std::vector<long> kommuner_lines;
    std::vector<std::string> centres;         // eligibility by name (empty = no condition)
    std::vector<long> centres_lines;
    long line = 0;
};

struct PotsConfig {
    std::string file;
    std::vector<Pot> pots;
    // VAT compensation for private vårdcentraler in millionths of the base (2 % = 20 000), so that
    // percentages with up to four decimals are exact.
    std::int64_t vat_ppm = 0;
    double vat_percent = 0;  // as written, for display
    bool per_tertial = false;
};

// Parses the pots TOML (keys: [[pott]] namn, belopp, beskrivning, kommuner | vardcentraler;
// [moms] privat_procent; tertial). Unknown keys and bad values are DataErrors naming the line.
PotsConfig parse_pots(std::string_view toml_text, const std::string& file);
PotsConfig load_pots(const std::filesystem::path& file);

// Shares `amount` in proportion to `weights` (all >= 0, sum > 0) in whole units: everyone gets
// the floor of the exact share, and the units left go one each to the largest remainders.
// Equal remainders: larger weight first, then `names` in byte order, then position.
// Every result is within 1 of its exact share and the results sum exactly to `amount`.
std::vector<std::int64_t> largest_remainder(std::int64_t amount, const std::vector<std::int64_t>& weights,
                                            const std::vector<std::string>& names);

// Rounds amount × ppm / 1 000 000 to whole units, half away from zero.
std::int64_t percent_of(std::int64_t amount, std::int64_t ppm);

// Splits a total into three tertials that differ by at most 1; extra kronor go to the earliest.
std::array<std::int64_t, 3> split_tertials(std::int64_t total);

struct PotSummary {
    std::size_t eligible = 0;         // vårdcentraler taking part
    std::int64_t listed = 0;          // their listed patients
    std::vector<std::string> without_kommun;  // excluded only because kommunkod is empty
};

struct AllocationRow {
    const ListedCentre* centre = nullptr;
    std::vector<bool> eligible;       // per pot
    std::vector<std::int64_t> pots;   // kronor per pot
    std::int64_t sum = 0;             // Σ pots
    std::int64_t vat = 0;             // momskompensation
    std::int64_t total = 0;           // sum + vat
    std::array<std::int64_t, 3> tertials{};
};

struct Allocation {
    std::vector<AllocationRow> rows;  // listing order
    std::vector<PotSummary> pots;     // config order
    std::int64_t listed = 0, sum = 0, vat = 0, total = 0;
    std::array<std::int64_t, 3> tertials{};
    bool driftform_known = true;      // false: the listing had no driftform column
};

// Throws DataError (pots file, line, pot) for a named vårdcentral missing from the listing, an
// empty eligible set or eligible vårdcentraler with no listed patients, and kommuner conditions
// when the listing has no kommunkod column.
Allocation allocate(const Listing& listing, const PotsConfig& config);

// One row per vårdcentral: vardcentral, kommunkod, driftform, listade, one column per pot,
// summa_bidrag, momskompensation, totalt (and tertial_1..3), then a Summa row.
void write_allocation_csv(std::ostream& out, const Allocation& allocation, const PotsConfig& config,
                          CsvFormat format);

// Swedish lines for stderr: per pot the eligible vårdcentraler, listed patients and kronor per
// listed patient, and anything left out.
std::vector<std::string> allocation_notes(const Allocation& allocation, const PotsConfig& config,
                                          const Listing& listing);

}  // namespace omrade::profiles
