// SPDX-License-Identifier: Apache-2.0
#include "core/Uuid.h"

#include "core/Hex.h"

#include <openssl/rand.h>

#include <array>
#include <cstdint>

namespace madoguchi {

Result<std::string> newUuidV4() {
    std::array<std::uint8_t, 16> bytes{};
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
        return Error{ErrorCode::RandomFailure, "RAND_bytes failed for a UUID"};
    }
    bytes[6] = static_cast<std::uint8_t>((bytes[6] & 0x0FU) | 0x40U); // version 4
    bytes[8] = static_cast<std::uint8_t>((bytes[8] & 0x3FU) | 0x80U); // RFC variant
    return formatUuid(bytes);
}

std::string formatUuid(std::span<const std::uint8_t, 16> bytes) {
    const std::string hex = toHex(bytes);
    return hex.substr(0, 8) + '-' + hex.substr(8, 4) + '-' + hex.substr(12, 4) + '-' +
           hex.substr(16, 4) + '-' + hex.substr(20);
}

bool isUuid(std::string_view text) {
    if (text.size() != 36) {
        return false;
    }
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-') {
                return false;
            }
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return false;
        }
    }
    return true;
}

bool isPlainId(std::string_view text) {
    if (text.empty() || text.size() > 64) {
        return false;
    }
    for (const char c : text) {
        if (c <= 0x20 || c >= 0x7f) {
            return false;
        }
    }
    return true;
}

} // namespace madoguchi
