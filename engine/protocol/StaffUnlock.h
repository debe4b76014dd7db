// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Result.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace madoguchi::protocol {

// POST /v1/temp-credentials/unlock: a staff member at a kiosk clears the lockout of a
// temporary ID (staff panel, behind the staff PIN). `action_id` (a UUID the kiosk makes per
// tap) makes it idempotent: a replay gets the first answer with `replayed` and unlocks
// nothing; `requested_at` must be within 5 minutes of the central clock. Audited centrally
// with the kiosk (certificate CN) and the action id, and limited per kiosk.
struct StaffUnlockRequest {
    std::string kioskId;
    std::string tempId;
    std::string actionId;
    std::int64_t requestedAt = 0;

    nlohmann::json toJson() const;
    static Result<StaffUnlockRequest> fromJson(const nlohmann::json& json);
};

struct StaffUnlockResponse {
    std::string tempId;
    // true: the temp ID had failures (or was locked) and they were cleared; false: nothing
    // to clear (it was not locked).
    bool unlocked = false;
    bool replayed = false;

    nlohmann::json toJson() const;
    static Result<StaffUnlockResponse> fromJson(const nlohmann::json& json);
};

// GET /v1/enrollments/{enrollment_id}/portal: whether the member's portal account works
// yet. Only the kiosk that delivered the enrollment may ask (403 otherwise).
enum class PortalState {
    NotReceived, // the central service has no such enrollment (yet): the outbox still holds it
    Pending,     // queued for the Keycloak push, not confirmed yet
    Ready,       // Keycloak confirmed the user: the member can log in now
    Export,      // accepted; it reaches the portal with the society's next import (no push)
    Failed,      // the push was refused; staff were told and import it by hand
    Conflict     // the user ID was taken meanwhile: staff contact the member
};
std::string_view toString(PortalState state);

struct PortalStatusResponse {
    std::string enrollmentId;
    PortalState state = PortalState::NotReceived;

    nlohmann::json toJson() const;
    static Result<PortalStatusResponse> fromJson(const nlohmann::json& json);
};

} // namespace madoguchi::protocol
