// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Result.h"
#include "core/SecureBuffer.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

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

} // namespace madoguchi::protocol
