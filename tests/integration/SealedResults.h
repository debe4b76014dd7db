// SPDX-License-Identifier: Apache-2.0
#pragma once

// Real sealed EnrollmentResults queued in a kiosk LocalStore, as the flow would queue them.

#include "../support/OutboxSamples.h"
#include "crypto/Sealer.h"
#include "protocol/EnrollmentResult.h"
#include "store/LocalStore.h"

#include <cstdio>
#include <stdexcept>
#include <string>

namespace madoguchi::test {

inline std::string enrollmentUuid(int n, int series = 0) {
    char uuid[40];
    std::snprintf(uuid, sizeof uuid, "%08x-0000-4000-8000-%012d", series, n);
    return uuid;
}

inline std::vector<std::uint8_t> sealedResult(const std::string& centralPublicKeyPem,
                                              const std::string& kioskId, const std::string& uuid,
                                              int n) {
    protocol::EnrollmentResult r;
    r.enrollmentId = uuid;
    r.kioskId = kioskId;
    r.tempId = "T" + std::to_string(1000000 + n);
    r.userId = "user." + uuid.substr(0, 8) + "." + std::to_string(n);
    r.email = "m" + std::to_string(n) + "@example.jp";
    r.passwordHash = "pbkdf2-sha256$600000$c2FsdHNhbHRzYWx0c2FsdA==$"
                     "aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=";
    r.termsVersion = "2024-04";
    r.method = protocol::MfaMethod::Totp;
    r.totp =
        protocol::TotpBinding{SecureBuffer::fromText("JBSWY3DPEHPK3PXP"), 6, 30, "SHA1", "ITC健保"};
    r.completedAt = 1767225650;
    auto sealed = crypto::Sealer::seal(centralPublicKeyPem, r.toPlaintext(),
                                       crypto::Sealer::enrollmentAad(kioskId, uuid));
    if (!sealed) {
        throw std::runtime_error("seal failed: " + sealed.error().detail);
    }
    return std::move(sealed.value());
}

// Queues results first..last (inclusive) in the kiosk store, one step commit each.
inline void queueSealedResults(store::LocalStore& kiosk, const std::string& centralPublicKeyPem,
                               const std::string& kioskId, int first, int last, int series = 0) {
    for (int n = first; n <= last; ++n) {
        store::StepCommit step;
        step.at = std::chrono::system_clock::now();
        step.enrollment.uuid = enrollmentUuid(n, series);
        step.enrollment.createdAt = step.at;
        step.enrollment.updatedAt = step.at;
        step.enrollment.state = "basic_done";
        step.outbox =
            submissionDraft(step.enrollment.uuid, kioskId,
                            sealedResult(centralPublicKeyPem, kioskId, step.enrollment.uuid, n));
        step.audit = {"step_committed", step.enrollment.uuid, "n=" + std::to_string(n)};
        auto committed = kiosk.commitStep(step);
        if (!committed) {
            throw std::runtime_error("commitStep: " + committed.error().detail);
        }
    }
}

} // namespace madoguchi::test
