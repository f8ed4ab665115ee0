// The vårdcentral register (profiles/input/care_centres.*): a CSV with lat/lon or SWEREF 99 TM
// columns, or an OGR point layer (GeoJSON, GeoPackage through /vsimem/).
#include "fuzz_support.hpp"
#include "vsimem_input.hpp"

#include "geo/error.hpp"
#include "profiles/input/care_centres.hpp"

using namespace omrade;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = fuzz::as_text(data, size);
    const auto first = text.find_first_not_of(" \t\r\n");
    const bool ogr = fuzz::VsimemInput::is_sqlite(data, size) || (first != text.npos && text[first] == '{');
    try {
        if (ogr) {
            const fuzz::VsimemInput input("fuzz_vardcentraler", data, size);
            profiles::read_care_centres(input.path());
        } else {
            profiles::read_care_centres(fuzz::write_input("vardcentraler.csv", text).string());
        }
    } catch (const DataError&) {
    }
    return 0;
}
