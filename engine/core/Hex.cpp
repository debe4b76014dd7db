// SPDX-License-Identifier: Apache-2.0
#include "core/Hex.h"

namespace madoguchi {

std::string toHex(std::span<const std::uint8_t> bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(bytes.size() * 2);
    for (const std::uint8_t b : bytes) {
        hex.push_back(kDigits[b >> 4U]);
        hex.push_back(kDigits[b & 0x0FU]);
    }
    return hex;
}

} // namespace madoguchi
