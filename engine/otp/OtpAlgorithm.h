// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string_view>

namespace madoguchi {

// The HMAC hash of an HOTP/TOTP generator (RFC 6238 section 1.2 allows these three).
enum class OtpAlgorithm {
    Sha1,
    Sha256,
    Sha512,
};

// The name used in otpauth:// URIs: "SHA1", "SHA256", "SHA512".
std::string_view otpAlgorithmName(OtpAlgorithm algorithm);
// Parses an otpauth:// algorithm name (case-insensitive); nullopt when unknown.
std::optional<OtpAlgorithm> otpAlgorithmFromName(std::string_view name);

} // namespace madoguchi
