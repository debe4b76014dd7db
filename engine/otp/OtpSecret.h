// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Result.h"
#include "core/SecureBuffer.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace madoguchi {

// A member's TOTP shared secret. Move-only (its SecureBuffer is), wiped when destroyed.
class OtpSecret {
public:
    static constexpr std::size_t kDefaultBytes = 20; // 160 bits, RFC 4226's recommendation
    static constexpr std::size_t kMinBytes = 16;     // RFC 4226 R6: at least 128 bits
    static constexpr std::size_t kMaxBytes = 128;

    // 160 fresh bits from RAND_bytes; RandomFailure if the generator fails.
    static Result<OtpSecret> generate();
    // Copies the key; OtpSecretInvalid unless kMinBytes..kMaxBytes long.
    static Result<OtpSecret> fromBytes(std::span<const std::uint8_t> key);
    // Base32Invalid for bad base32, OtpSecretInvalid for a wrong length.
    static Result<OtpSecret> fromBase32(std::string_view base32);

    std::span<const std::uint8_t> bytes() const { return m_key.bytes(); }
    std::size_t size() const { return m_key.size(); }
    // Upper-case base32 without padding, as authenticator apps and otpauth:// URIs take it.
    SecureBuffer toBase32() const;

private:
    explicit OtpSecret(SecureBuffer key) : m_key(std::move(key)) {}

    SecureBuffer m_key;
};

} // namespace madoguchi
