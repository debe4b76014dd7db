// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Result.h"
#include "core/SecureBuffer.h"
#include "otp/OtpAlgorithm.h"

#include <cstdint>
#include <span>

namespace madoguchi {

// HOTP (RFC 4226): HMAC over a big-endian 8-byte counter, dynamic truncation, decimal code.
class Hotp {
public:
    static constexpr int kMinDigits = 6;
    static constexpr int kMaxDigits = 8;

    // The code as ASCII digits, zero-padded to `digits` (6-8). InvalidArgument for an empty
    // key or digits out of range; CryptoFailure when OpenSSL fails.
    static Result<SecureBuffer> generate(std::span<const std::uint8_t> key, std::uint64_t counter,
                                         int digits = 6,
                                         OtpAlgorithm algorithm = OtpAlgorithm::Sha1);
};

} // namespace madoguchi
