// Reference implementation of protect() / recoverable(): the dense algorithm of main e515108.
#pragma once

#include "profiles/disclosure/disclosure.hpp"

namespace omrade::profiles::reference {

DisclosureResult protect(const std::vector<DisclosureCell>& cells, const std::vector<DisclosureGroup>& groups,
                         const DisclosureRules& rules);

bool recoverable(std::size_t target, const std::vector<DisclosureCell>& cells,
                 const std::vector<DisclosureGroup>& groups, const std::vector<Suppression>& suppression,
                 const std::vector<bool>& group_suppressed);

}  // namespace omrade::profiles::reference
