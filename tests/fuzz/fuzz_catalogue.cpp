// The indicator catalogue (profiles/engine/indicators.*): parse_catalogue on the bytes.
#include "fuzz_support.hpp"

#include "geo/error.hpp"
#include "profiles/engine/indicators.hpp"

using namespace omrade;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        const profiles::Catalogue c = profiles::parse_catalogue(fuzz::as_text(data, size), "indikatorer.toml");
        for (const auto& ind : c.indicators) c.find(ind.id);
    } catch (const DataError&) {
    }
    return 0;
}
