// SPDX-License-Identifier: Apache-2.0
#include "protocol/SubmitEnrollment.h"

#include "protocol/JsonReader.h"

namespace madoguchi::protocol {

std::string_view toString(EnrollmentStatus status) {
    switch (status) {
    case EnrollmentStatus::Accepted:
        return "accepted";
    case EnrollmentStatus::UserIdConflict:
        return "user_id_conflict";
    }
    return "accepted";
}

nlohmann::json SubmitEnrollmentRequest::toJson() const {
    return {{"enrollment_id", enrollmentId}, {"kiosk_id", kioskId}, {"envelope", envelope}};
}

Result<SubmitEnrollmentRequest> SubmitEnrollmentRequest::fromJson(const nlohmann::json& json) {
    SubmitEnrollmentRequest m;
    JsonReader r(json);
    r.string("enrollment_id", m.enrollmentId);
    r.string("kiosk_id", m.kioskId);
    r.string("envelope", m.envelope);
    if (auto s = r.finish(); !s) {
        return s.error();
    }
    return m;
}

nlohmann::json SubmitEnrollmentResponse::toJson() const {
    return {{"enrollment_id", enrollmentId},
            {"status", toString(status)},
            {"received_at", receivedAt},
            {"replayed", replayed}};
}

Result<SubmitEnrollmentResponse> SubmitEnrollmentResponse::fromJson(const nlohmann::json& json) {
    SubmitEnrollmentResponse m;
    std::string status;
    JsonReader r(json);
    r.string("enrollment_id", m.enrollmentId);
    r.string("status", status);
    r.integer("received_at", m.receivedAt);
    r.boolean("replayed", m.replayed);
    if (status == "accepted") {
        m.status = EnrollmentStatus::Accepted;
    } else if (status == "user_id_conflict") {
        m.status = EnrollmentStatus::UserIdConflict;
    } else {
        r.fail("status", "unknown value");
    }
    if (auto s = r.finish(); !s) {
        return s.error();
    }
    return m;
}

} // namespace madoguchi::protocol
