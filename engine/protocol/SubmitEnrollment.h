// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Result.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace madoguchi::protocol {

// POST /v1/enrollments: delivers one sealed EnrollmentResult. Idempotent on enrollment_id:
// a repeat with the same body gets the first answer again (replayed = true) and never makes
// a second record; the same id with another body → 422 idempotency_mismatch; a repeat while
// the first is still being processed → 409 idempotency_in_flight (retry later).
struct SubmitEnrollmentRequest {
    std::string enrollmentId; // UUID, the idempotency key
    std::string kioskId;      // must equal the client certificate's CN
    std::string envelope;     // base64 (standard, padded) of the Sealer envelope

    nlohmann::json toJson() const;
    static Result<SubmitEnrollmentRequest> fromJson(const nlohmann::json& json);
};

enum class EnrollmentStatus {
    Accepted,       // recorded; the user ID is the member's
    UserIdConflict, // recorded, but the user ID was taken meanwhile: a staff item was raised
};
std::string_view toString(EnrollmentStatus status);

struct SubmitEnrollmentResponse {
    std::string enrollmentId;
    EnrollmentStatus status = EnrollmentStatus::Accepted;
    std::int64_t receivedAt = 0; // Unix seconds of the first delivery
    bool replayed = false;       // true when this repeats the first answer

    nlohmann::json toJson() const;
    static Result<SubmitEnrollmentResponse> fromJson(const nlohmann::json& json);
};

} // namespace madoguchi::protocol
