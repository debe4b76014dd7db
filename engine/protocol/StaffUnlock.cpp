// SPDX-License-Identifier: Apache-2.0
#include "protocol/StaffUnlock.h"

#include "protocol/JsonReader.h"

#include <array>
#include <utility>

namespace madoguchi::protocol {

namespace {
constexpr std::array<std::pair<PortalState, std::string_view>, 6> kPortalStates{{
    {PortalState::NotReceived, "not_received"},
    {PortalState::Pending, "pending"},
    {PortalState::Ready, "ready"},
    {PortalState::Export, "export"},
    {PortalState::Failed, "failed"},
    {PortalState::Conflict, "user_id_conflict"},
}};
} // namespace

std::string_view toString(PortalState state) {
    for (const auto& [s, name] : kPortalStates) {
        if (s == state) {
            return name;
        }
    }
    return "not_received";
}

nlohmann::json StaffUnlockRequest::toJson() const {
    return {{"kiosk_id", kioskId},
            {"temp_id", tempId},
            {"action_id", actionId},
            {"requested_at", requestedAt}};
}

Result<StaffUnlockRequest> StaffUnlockRequest::fromJson(const nlohmann::json& json) {
    StaffUnlockRequest m;
    JsonReader r(json);
    r.string("kiosk_id", m.kioskId);
    r.string("temp_id", m.tempId);
    r.string("action_id", m.actionId);
    r.integer("requested_at", m.requestedAt);
    if (auto s = r.finish(); !s) {
        return s.error();
    }
    return m;
}

nlohmann::json StaffUnlockResponse::toJson() const {
    return {{"temp_id", tempId}, {"unlocked", unlocked}, {"replayed", replayed}};
}

Result<StaffUnlockResponse> StaffUnlockResponse::fromJson(const nlohmann::json& json) {
    StaffUnlockResponse m;
    JsonReader r(json);
    r.string("temp_id", m.tempId);
    r.boolean("unlocked", m.unlocked);
    r.boolean("replayed", m.replayed);
    if (auto s = r.finish(); !s) {
        return s.error();
    }
    return m;
}

nlohmann::json PortalStatusResponse::toJson() const {
    return {{"enrollment_id", enrollmentId}, {"portal", std::string(toString(state))}};
}

Result<PortalStatusResponse> PortalStatusResponse::fromJson(const nlohmann::json& json) {
    PortalStatusResponse m;
    JsonReader r(json);
    std::string portal;
    r.string("enrollment_id", m.enrollmentId);
    r.string("portal", portal);
    bool known = false;
    for (const auto& [s, name] : kPortalStates) {
        if (name == portal) {
            m.state = s;
            known = true;
        }
    }
    if (!known && !portal.empty()) {
        r.fail("portal", "unknown state");
    }
    if (auto s = r.finish(); !s) {
        return s.error();
    }
    return m;
}

} // namespace madoguchi::protocol
