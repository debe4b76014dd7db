// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Result.h"
#include "protocol/ErrorBody.h"
#include "protocol/SubmitEnrollment.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace madoguchi::protocol {

// POST /v1/enrollments/batch: several sealed results in one request, for a kiosk draining a
// backlog. Body: {"results": [r1, r2, ...]}, each r exactly the body of POST /v1/enrollments
// (so a result's idempotency fingerprint is the same on both paths: a result first tried
// alone and then in a batch is a replay, not a mismatch). The service handles the whole
// batch in one store transaction and answers 200 with one answer per result, in order:
// {"answers": [a1, a2, ...]}, where each a is either the SubmitEnrollmentResponse the single
// path would give, or {"enrollment_id": "...", "error": <ErrorBody>} with the single path's
// error for that result. A batch that is not of this shape, empty, or over the service's
// count or size limit is refused as a whole (an error body, connection closed).
struct SubmitEnrollmentBatchRequest {
    std::vector<SubmitEnrollmentRequest> results;

    nlohmann::json toJson() const;
    // The results array of a batch body, items unparsed (the service parses each on its own:
    // a malformed item refuses only that item). ProtocolError for any other shape.
    static Result<std::vector<nlohmann::json>> itemsOf(const nlohmann::json& json);
};

// One result's answer: `response` or `error`, never both.
struct EnrollmentBatchAnswer {
    std::string enrollmentId; // as the item named it ("" when it had none readable)
    std::optional<SubmitEnrollmentResponse> response;
    std::optional<ErrorBody> error;

    nlohmann::json toJson() const;
    static Result<EnrollmentBatchAnswer> fromJson(const nlohmann::json& json);
};

struct SubmitEnrollmentBatchResponse {
    std::vector<EnrollmentBatchAnswer> answers;

    nlohmann::json toJson() const;
    static Result<SubmitEnrollmentBatchResponse> fromJson(const nlohmann::json& json);
};

} // namespace madoguchi::protocol
