// The JSON-stat2 reader (profiles/input/jsonstat.*): SCB API responses turned into the long
// statistics table.
#include "fuzz_support.hpp"

#include "geo/error.hpp"
#include "profiles/input/jsonstat.hpp"

#include <cstdlib>

using namespace omrade;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        const profiles::TextTable t = profiles::jsonstat_to_table(fuzz::as_text(data, size), "fuzz.json", "desokod");
        for (const auto& row : t.rows) {
            if (row.cells.size() != t.header.size()) std::abort();
        }
    } catch (const DataError&) {
    }
    return 0;
}
