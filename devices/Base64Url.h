// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Result.h"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::devices {

// RFC 4648 §5 alphabet without padding (WebAuthn, JWT). Decoding accepts no padding and
// rejects any character outside the alphabet.
std::string base64UrlEncode(std::span<const std::uint8_t> bytes);
Result<std::vector<std::uint8_t>> base64UrlDecode(std::string_view text);
// Standard alphabet with padding (x5c certificates in JWT headers).
Result<std::vector<std::uint8_t>> base64Decode(std::string_view text);

} // namespace madoguchi::devices
