// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "crypto/Base64.h"
#include "protocol/JsonReader.h"
#include "protocol/SubmitEnrollment.h"
#include "store/OutboxItem.h"
#include "sync/OutboxWorker.h"

#include <cstdint>
#include <string>
#include <vector>

namespace madoguchi::test {

// An outbox item as the kiosk queues it (KioskController::commitRecord): kind
// "enrollment_submission", the whole submission request as JSON, the envelope in base64.
inline store::OutboxDraft submissionDraft(const std::string& submissionId,
                                          const std::string& kioskId,
                                          const std::vector<std::uint8_t>& envelope) {
    protocol::SubmitEnrollmentRequest request{submissionId, kioskId,
                                              crypto::Base64::encode(envelope)};
    const std::string body = protocol::dumpJson(request.toJson());
    return store::OutboxDraft{std::string(sync::OutboxWorker::kKindEnrollmentSubmission),
                              std::vector<std::uint8_t>(body.begin(), body.end())};
}

} // namespace madoguchi::test
