// The CSV reader and the number parser (profiles/input/table.*): read_table on the bytes as a
// .csv file (encoding, UTF-16 and NUL checks, RFC 4180 parsing), then every cell through
// parse_cell and number_at, and the header through the column checks the readers make.
#include "fuzz_support.hpp"

#include "geo/error.hpp"
#include "profiles/input/table.hpp"

#include <cmath>
#include <cstdlib>

using namespace omrade;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = fuzz::as_text(data, size);
    // The number parser alone, on the whole input: a Number is always finite.
    const profiles::Cell whole = profiles::parse_cell(text);
    if (whole.status == profiles::CellStatus::Number && !std::isfinite(whole.value)) std::abort();
    try {
        const auto path = fuzz::write_input("fuzz.csv", text);
        const profiles::TextTable t = profiles::read_table(path.string());
        for (const auto& row : t.rows) {
            if (row.cells.size() != t.header.size()) std::abort();
            for (std::size_t c = 0; c < row.cells.size(); ++c) {
                try {
                    profiles::number_at(t, row, c, true);
                } catch (const DataError&) {
                }
            }
        }
        t.reject_misspelled_columns({"desokod", "indikator", "ar", "taljare", "namnare", "varde"});
        t.require_column("desokod");
    } catch (const DataError&) {
    }
    return 0;
}
