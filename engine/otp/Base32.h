// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Result.h"
#include "core/SecureBuffer.h"

#include <cstdint>
#include <span>
#include <string_view>

namespace madoguchi {

// RFC 4648 base32 (alphabet A-Z 2-7), the form authenticator apps take TOTP secrets in.
// Both directions work on SecureBuffer because what passes through here is a secret.
class Base32 {
public:
    // Upper-case, without '=' padding (otpauth:// URIs and authenticator apps omit it).
    static SecureBuffer encode(std::span<const std::uint8_t> bytes);

    // Tolerant of lower case, spaces (a secret typed in groups of four) and trailing '='
    // padding. Refuses any other character, '=' followed by data, and lengths no encoder
    // can produce (1, 3 or 6 characters after the last full group of 8) with Base32Invalid;
    // the error detail gives the offending position, never the secret's characters.
    static Result<SecureBuffer> decode(std::string_view text);
};

} // namespace madoguchi
