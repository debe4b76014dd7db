// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Result.h"
#include "core/SecureBuffer.h"
#include "otp/OtpAlgorithm.h"

#include <cstdint>
#include <span>

namespace madoguchi {

// HOTP (RFC 4226): HMAC over a big-endian 8-byte counter, dynamic truncation, decimal code.
// The two intermediate stages are public so that they can be checked against the values
// RFC 4226 Appendix D lists; generate() is hmac() then truncate() then the decimal code.
class Hotp {
public:
    static constexpr int kMinDigits = 6;
    static constexpr int kMaxDigits = 8;

    // HMAC(key, counter as 8 big-endian bytes): 20, 32 or 64 bytes. As secret as the code.
    static Result<SecureBuffer> hmac(std::span<const std::uint8_t> key, std::uint64_t counter,
                                     OtpAlgorithm algorithm = OtpAlgorithm::Sha1);
    // Dynamic truncation (section 5.3): the low nibble of the last byte picks four bytes,
    // read big-endian with the top bit cleared. InvalidArgument for fewer than 20 bytes.
    static Result<std::uint32_t> truncate(std::span<const std::uint8_t> mac);

    // The code as ASCII digits, zero-padded to `digits` (6-8). InvalidArgument for an empty
    // key or digits out of range; CryptoFailure when OpenSSL fails.
    static Result<SecureBuffer> generate(std::span<const std::uint8_t> key, std::uint64_t counter,
                                         int digits = 6,
                                         OtpAlgorithm algorithm = OtpAlgorithm::Sha1);
};

} // namespace madoguchi
