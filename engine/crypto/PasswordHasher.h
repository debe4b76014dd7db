// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Result.h"
#include "core/SecureBuffer.h"
#include "crypto/PasswordHashRecord.h"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace madoguchi::crypto {

// Salted slow hashes (PBKDF2-HMAC through EVP_KDF "PBKDF2", every parameter explicit) for
// new portal passwords, temporary credentials, the staff PIN and the resume verifier.
// Floors (OWASP 2023): SHA-256 ≥ 600,000 iterations, SHA-512 ≥ 210,000. Lower is refused
// both when hashing and when verifying a stored record. Salt: 16 bytes from RAND_bytes;
// output length = the digest's size (what Keycloak's pbkdf2-sha256/-sha512 expect).
class PasswordHasher {
public:
    static constexpr std::uint32_t kMinIterationsSha256 = 600'000;
    static constexpr std::uint32_t kMinIterationsSha512 = 210'000;
    static constexpr std::size_t kSaltSize = 16;

    struct Params {
        PasswordDigest digest = PasswordDigest::Sha256;
        std::uint32_t iterations = kMinIterationsSha256;
    };

    static std::uint32_t minimumIterations(PasswordDigest digest);
    static std::size_t hashSize(PasswordDigest digest);

    // InvalidArgument when the iterations are below the digest's floor.
    static Result<PasswordHasher> create(Params params);

    Result<std::string> hash(const SecureBuffer& password) const;
    // With a given salt; for cross-checks against other implementations.
    Result<std::string> hashWithSalt(const SecureBuffer& password,
                                     std::span<const std::uint8_t> salt) const;

    // true/false for a match/mismatch (constant-time compare); an error for a record that
    // does not parse or is below the floor.
    static Result<bool> verify(std::string_view record, const SecureBuffer& password);

    // The raw primitive without a floor (test vectors such as RFC 6070 use 1 iteration).
    static Result<SecureBuffer> pbkdf2(PasswordDigest digest,
                                       std::span<const std::uint8_t> password,
                                       std::span<const std::uint8_t> salt, std::uint32_t iterations,
                                       std::size_t length);

    const Params& params() const { return m_params; }

private:
    explicit PasswordHasher(Params params) : m_params(params) {}
    Params m_params;
};

} // namespace madoguchi::crypto
