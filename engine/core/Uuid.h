// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Result.h"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace madoguchi {

// RFC 9562 version-4 UUIDs from OpenSSL's RAND_bytes, lowercase 8-4-4-4-12.
Result<std::string> newUuidV4();
// 16 bytes in the UUID text form, lowercase 8-4-4-4-12 (also an AAGUID).
std::string formatUuid(std::span<const std::uint8_t, 16> bytes);
// The text form exactly as the kiosk writes it: 8-4-4-4-12, lowercase hex digits only
// (an upper-case spelling of the same UUID is refused, so one UUID has one spelling).
bool isUuid(std::string_view text);

// An identifier the protocol carries (kiosk ID, temp ID, user ID): 1 to 64 printable ASCII
// characters, no spaces or control characters.
bool isPlainId(std::string_view text);

} // namespace madoguchi
