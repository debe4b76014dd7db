// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Result.h"
#include "core/SecureBuffer.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace madoguchi::protocol {

// POST /v1/temp-credentials/verify (seed step ②). Errors: 401 temp_credentials_invalid
// (with attempts_left), 423 temp_credentials_locked, 429 rate_limited.
struct VerifyTempCredentialsRequest {
    std::string kioskId;
    std::string tempId;
    SecureBuffer tempPassword;
    SecureBuffer birthDate; // YYYYMMDD (Gregorian, 8 digits)

    nlohmann::json toJson() const;
    static Result<VerifyTempCredentialsRequest> fromJson(const nlohmann::json& json);
};

struct VerifyTempCredentialsResponse {
    std::string sessionToken;
    std::int64_t expiresAt = 0; // Unix seconds
    std::string kanaName;

    nlohmann::json toJson() const;
    static Result<VerifyTempCredentialsResponse> fromJson(const nlohmann::json& json);
};

// The id of the verified login a session token stands for: SHA-256 (lowercase hex) of the
// token. The central service keys its durable record of the verification by it, and the kiosk
// seals it into the registration, so the token itself never leaves the session.
std::string sessionIdOf(std::string_view sessionToken);

} // namespace madoguchi::protocol
