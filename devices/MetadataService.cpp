// SPDX-License-Identifier: Apache-2.0
#include "devices/MetadataService.h"

namespace madoguchi::devices {

std::optional<std::string> MetadataService::describe(const Aaguid& aaguid) const {
    const auto it = m_names.find(aaguid);
    if (it == m_names.end()) {
        return std::nullopt;
    }
    return it->second;
}

} // namespace madoguchi::devices
