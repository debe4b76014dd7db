// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "store/LocalStore.h"
#include "sync/OutboxWorker.h"

#include <cstdint>
#include <cstdio>
#include <string>

namespace madoguchi::test {

inline store::TimePoint atMs(std::int64_t ms) {
    return store::TimePoint(std::chrono::milliseconds(ms));
}

// A complete, recognisable step for enrollment number `n`: every column is derived from
// `n`, so a reader can tell a whole row from a torn or mixed-up one.
inline store::StepCommit sampleStep(std::int64_t n) {
    char uuid[40];
    std::snprintf(uuid, sizeof uuid, "00000000-0000-4000-8000-%012lld", static_cast<long long>(n));
    store::StepCommit step;
    step.at = atMs(1'700'000'000'000 + n);
    step.enrollment.uuid = uuid;
    step.enrollment.createdAt = step.at - std::chrono::seconds(60);
    step.enrollment.updatedAt = step.at;
    step.enrollment.state = "basic_done";
    step.enrollment.userId = "user" + std::to_string(n);
    step.enrollment.method = (n % 2 == 0) ? "otp" : "security_key";
    step.enrollment.deviceName = "ITC健保-" + std::to_string(n);
    step.enrollment.resumeVerifier = "pbkdf2-sha256$600000$c2FsdA" + std::to_string(n % 10) +
                                     "==$aGFzaA" + std::to_string(n % 7) + "==";
    step.enrollment.resumableUntil = step.at + std::chrono::minutes(30);
    store::OutboxDraft draft;
    // The kind the kiosk writes; the store never reads a payload, so these are plain bytes.
    draft.kind = std::string(sync::OutboxWorker::kKindEnrollmentSubmission);
    draft.payload.resize(200 + static_cast<std::size_t>(n % 300));
    for (std::size_t i = 0; i < draft.payload.size(); ++i) {
        draft.payload[i] =
            static_cast<std::uint8_t>((static_cast<std::uint64_t>(n) * 131U + i) & 0xffU);
    }
    step.outbox = std::move(draft);
    step.audit = {"step_committed", uuid, "state=basic_done n=" + std::to_string(n)};
    return step;
}

} // namespace madoguchi::test
