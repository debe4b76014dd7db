// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

namespace madoguchi::test {

// Whether `text` holds `part` (what a test looks for in output or on a screen).
inline bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

} // namespace madoguchi::test
