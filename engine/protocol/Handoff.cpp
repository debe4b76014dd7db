// SPDX-License-Identifier: Apache-2.0
#include "protocol/Handoff.h"

#include "protocol/JsonReader.h"

namespace madoguchi::protocol {

std::string_view toString(HandoffStatus status) {
    switch (status) {
    case HandoffStatus::Pending:
        return "pending";
    case HandoffStatus::Confirmed:
        return "confirmed";
    case HandoffStatus::Expired:
        return "expired";
    }
    return "pending";
}

nlohmann::json HandoffCreateRequest::toJson() const {
    return {
        {"session_token", sessionToken}, {"kiosk_id", kioskId}, {"enrollment_id", enrollmentId}};
}

Result<HandoffCreateRequest> HandoffCreateRequest::fromJson(const nlohmann::json& json) {
    HandoffCreateRequest m;
    JsonReader r(json);
    r.string("session_token", m.sessionToken);
    r.string("kiosk_id", m.kioskId);
    r.string("enrollment_id", m.enrollmentId);
    if (auto s = r.finish(); !s) {
        return s.error();
    }
    return m;
}

nlohmann::json HandoffCreateResponse::toJson() const {
    return {{"handoff_token", handoffToken}, {"url", url}, {"expires_at", expiresAt}};
}

Result<HandoffCreateResponse> HandoffCreateResponse::fromJson(const nlohmann::json& json) {
    HandoffCreateResponse m;
    JsonReader r(json);
    r.string("handoff_token", m.handoffToken);
    r.string("url", m.url);
    r.integer("expires_at", m.expiresAt);
    if (auto s = r.finish(); !s) {
        return s.error();
    }
    return m;
}

nlohmann::json HandoffPollResponse::toJson() const {
    nlohmann::json j{
        {"handoff_token", handoffToken}, {"status", toString(status)}, {"expires_at", expiresAt}};
    j["confirmed_at"] = confirmedAt ? nlohmann::json(*confirmedAt) : nlohmann::json(nullptr);
    return j;
}

Result<HandoffPollResponse> HandoffPollResponse::fromJson(const nlohmann::json& json) {
    HandoffPollResponse m;
    std::string status;
    JsonReader r(json);
    r.string("handoff_token", m.handoffToken);
    r.string("status", status);
    r.integer("expires_at", m.expiresAt);
    r.optionalInteger("confirmed_at", m.confirmedAt);
    if (status == "pending") {
        m.status = HandoffStatus::Pending;
    } else if (status == "confirmed") {
        m.status = HandoffStatus::Confirmed;
    } else if (status == "expired") {
        m.status = HandoffStatus::Expired;
    } else {
        r.fail("status", "unknown value");
    }
    if (auto s = r.finish(); !s) {
        return s.error();
    }
    return m;
}

} // namespace madoguchi::protocol
