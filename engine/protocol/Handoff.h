// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Result.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace madoguchi::protocol {

// Phone hand-off (passkey on the member's own phone): POST /v1/handoffs creates one and
// returns the URL the kiosk shows as a QR code; GET /v1/handoffs/{token} polls it.
struct HandoffCreateRequest {
    std::string sessionToken;
    std::string kioskId;
    std::string enrollmentId;

    nlohmann::json toJson() const;
    static Result<HandoffCreateRequest> fromJson(const nlohmann::json& json);
};

struct HandoffCreateResponse {
    std::string handoffToken; // base64url, 32 random bytes
    std::string url;
    std::int64_t expiresAt = 0; // Unix seconds

    nlohmann::json toJson() const;
    static Result<HandoffCreateResponse> fromJson(const nlohmann::json& json);
};

enum class HandoffStatus { Pending, Confirmed, Expired };
std::string_view toString(HandoffStatus status);

struct HandoffPollResponse {
    std::string handoffToken;
    HandoffStatus status = HandoffStatus::Pending;
    std::int64_t expiresAt = 0;
    std::optional<std::int64_t> confirmedAt;

    nlohmann::json toJson() const;
    static Result<HandoffPollResponse> fromJson(const nlohmann::json& json);
};

} // namespace madoguchi::protocol
