// The embedded Kronoberg DeSO 2025 area set, read once per test binary, for profiles/ unit tests.
#pragma once

#include "geo/reader.hpp"
#include "profiles/input/areas.hpp"
#include "test_config.hpp"

namespace omrade::test {

inline const profiles::AreaSet& kronoberg_areas() {
    static const profiles::AreaSet set = profiles::make_area_set(
        geo::read_layer(geo::parse_source(kron("deso2025_kronoberg.gpkg") + "|layername=deso")), "desokod", "DeSO2025");
    return set;
}

}  // namespace omrade::test
