// SPDX-License-Identifier: Apache-2.0
#include "devices/PinPolicy.h"

#include <string>

namespace madoguchi::devices {

namespace {
constexpr std::size_t kMaxPinBytes = 63;
} // namespace

long countCodePoints(const SecureBuffer& pin) {
    long count = 0;
    const auto bytes = pin.bytes();
    std::size_t i = 0;
    while (i < bytes.size()) {
        const std::uint8_t lead = bytes[i];
        std::size_t length = 0;
        if (lead < 0x80U) {
            length = 1;
        } else if ((lead & 0xe0U) == 0xc0U && lead >= 0xc2U) {
            length = 2;
        } else if ((lead & 0xf0U) == 0xe0U) {
            length = 3;
        } else if ((lead & 0xf8U) == 0xf0U && lead <= 0xf4U) {
            length = 4;
        } else {
            return -1;
        }
        if (i + length > bytes.size()) {
            return -1;
        }
        for (std::size_t k = 1; k < length; ++k) {
            if ((bytes[i + k] & 0xc0U) != 0x80U) {
                return -1;
            }
        }
        i += length;
        ++count;
    }
    return count;
}

Status checkNewPin(const SecureBuffer& pin, std::size_t minLength) {
    for (const std::uint8_t b : pin.bytes()) {
        if (b == 0) {
            return Error{ErrorCode::DevicePinPolicy, "PIN contains NUL"};
        }
    }
    const long codePoints = countCodePoints(pin);
    if (codePoints < 0) {
        return Error{ErrorCode::DevicePinPolicy, "PIN is not valid UTF-8"};
    }
    if (static_cast<std::size_t>(codePoints) < minLength) {
        return Error{ErrorCode::DevicePinPolicy,
                     "PIN shorter than the key's minimum of " + std::to_string(minLength)};
    }
    if (pin.size() > kMaxPinBytes) {
        return Error{ErrorCode::DevicePinPolicy, "PIN longer than 63 bytes"};
    }
    return {};
}

} // namespace madoguchi::devices
