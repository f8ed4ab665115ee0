// The build configuration (profiles/input/config.*): the bytes as omrade.toml through
// load_config, and the local files it names through input_files.
#include "fuzz_support.hpp"

#include "geo/error.hpp"
#include "profiles/input/config.hpp"

using namespace omrade;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        const auto path = fuzz::write_input("omrade.toml", fuzz::as_text(data, size));
        const profiles::Config cfg = profiles::load_config(path);
        profiles::input_files(cfg);
    } catch (const DataError&) {
    }
    return 0;
}
