// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Result.h"

#include <nlohmann/json.hpp>

#include <string>

namespace madoguchi::protocol {

// POST /v1/user-ids/check (seed step ③). Advisory: the ID is not reserved; the final check
// happens when the enrollment is delivered. Errors: 401 session_invalid.
struct CheckUserIdRequest {
    std::string sessionToken;
    std::string userId;

    nlohmann::json toJson() const;
    static Result<CheckUserIdRequest> fromJson(const nlohmann::json& json);
};

struct CheckUserIdResponse {
    std::string userId;
    bool available = false;

    nlohmann::json toJson() const;
    static Result<CheckUserIdResponse> fromJson(const nlohmann::json& json);
};

} // namespace madoguchi::protocol
