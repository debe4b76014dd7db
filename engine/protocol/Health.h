// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Result.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace madoguchi::protocol {

// GET /v1/health: {"status": "ok", "protocol": 1, "time": <Unix seconds>}.
struct HealthResponse {
    std::string status = "ok";
    std::int64_t protocol = 1;
    std::int64_t time = 0;

    nlohmann::json toJson() const;
    static Result<HealthResponse> fromJson(const nlohmann::json& json);
};

} // namespace madoguchi::protocol
