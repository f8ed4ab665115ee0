// Bringing statistics in DeSO 2018 to DeSO 2025 (DOMAIN.md §9, "The DeSO revision"): a
// correspondence key `deso2018,deso2025,andel` says which 2025 DeSOs each 2018 DeSO became and
// the share of it each got. Codes present in both divisions carry over 1:1; counts of a split
// DeSO are shared by `andel` (the embedded key: 2025 population per part, generera_deso_nyckel.py);
// several 2018 DeSOs merged into one 2025 DeSO are added up. Every 2018 row is accounted for.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace omrade::profiles {

struct DivisionKey {
    struct Part {
        std::string code;  // DeSO 2025
        double share = 1;  // of the 2018 DeSO's counts, 0 < share <= 1
    };
    std::string source;  // the key file as named in the configuration
    std::map<std::string, std::vector<Part>> parts;  // DeSO 2018 code -> its 2025 parts

    // The parts of a 2018 code; nullptr when the key does not know it.
    const std::vector<Part>* find(const std::string& code2018) const;
};

// Reads a key (CSV/XLSX/any table with columns deso2018, deso2025, andel; SCB's own key with
// these columns works as is). Throws DataError naming file, line, DeSO code and field for: a
// missing column, a malformed code, a share outside (0, 1], the same pair twice, and shares of a
// 2018 code that do not sum to 1 (within 0.001, so that six-decimal keys are accepted).
DivisionKey read_division_key(const std::string& source);

// What happened to one 2018 row.
enum class RevisionOutcome {
    carried,    // one 2025 DeSO with share 1 (the code may differ)
    shared,     // split over several 2025 DeSOs by share
    unmatched,  // the key does not know the code
};

// One 2025 piece of a 2018 row: counts are multiplied by `share`, values (shares, means) carried.
struct RevisionPiece {
    std::string code;
    double share = 1;
};

struct RevisionResult {
    RevisionOutcome outcome = RevisionOutcome::unmatched;
    std::vector<RevisionPiece> pieces;  // empty when unmatched
};

RevisionResult revise(const DivisionKey& key, const std::string& code2018);

// Counts of one source's conversion, for the build report.
struct RevisionAccounting {
    std::string division;  // "DeSO2018"
    std::string key;       // key source
    std::size_t carried = 0, shared = 0, unmatched = 0;  // 2018 rows (wide tables: cells)
    std::size_t pieces = 0;          // 2025 rows made from carried and shared rows
    std::size_t merged = 0;          // 2025 rows added into another (several 2018 DeSOs → one)
    std::vector<std::string> unmatched_codes;
};

// Marked on every value built from converted rows, in every output.
inline constexpr const char* revision_label = "omräknad från DeSO 2018";

}  // namespace omrade::profiles
