// The tables protect() is given while the engine computes the embedded Kronoberg default (every
// counted indicator, both passes, every series year), recorded once per test process.
#pragma once

#include "profiles/disclosure/disclosure.hpp"

#include <vector>

namespace omrade::profiles {

struct DemoTable {
    std::vector<DisclosureCell> cells;
    std::vector<DisclosureGroup> groups;
    DisclosureRules rules;
    DisclosureResult result;
};

// Defined in test_disclosure_equivalence.cpp.
const std::vector<DemoTable>& demo_tables();

}  // namespace omrade::profiles
