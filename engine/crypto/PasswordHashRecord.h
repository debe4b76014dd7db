// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Result.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::crypto {

enum class PasswordDigest { Sha256, Sha512 };

// "pbkdf2-sha256" / "pbkdf2-sha512": the names Keycloak uses for the same algorithms.
std::string_view algorithmName(PasswordDigest digest);

// A stored password hash: `pbkdf2-sha256$600000$<b64 salt>$<b64 hash>` (standard base64,
// padded). Parsing checks the form only; PasswordHasher enforces the iteration floor.
struct PasswordHashRecord {
    PasswordDigest digest = PasswordDigest::Sha256;
    std::uint32_t iterations = 0;
    std::vector<std::uint8_t> salt;
    std::vector<std::uint8_t> hash;

    std::string toString() const;
    static Result<PasswordHashRecord> parse(std::string_view text);
};

} // namespace madoguchi::crypto
