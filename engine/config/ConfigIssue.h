// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace madoguchi::config {

// One problem found in a configuration file, for IT (English, never member-facing).
struct ConfigIssue {
    std::string key;     // dotted TOML path: "kiosk.timeouts.inactivity_seconds"
    std::string problem; // "must be between 30 and 3600"
    std::filesystem::path file;
    std::uint32_t line = 0; // 1-based; 0 when unknown

    // "kiosk.timeouts.inactivity_seconds: must be between 30 and 3600
    // (/etc/madoguchi/kiosk.toml:12)"
    // Built by appending: GCC 12 at -O3 reports a false -Wrestrict overlap for
    // `"literal" + std::string&&` (GCC bug 105329), which -Werror would make fatal.
    std::string toString() const {
        std::string text;
        if (!key.empty()) {
            text.append(key).append(": ");
        }
        text.append(problem).append(" (").append(file.string());
        if (line > 0) {
            text.append(":").append(std::to_string(line));
        }
        text.append(")");
        return text;
    }
};

} // namespace madoguchi::config
