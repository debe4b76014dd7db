// SPDX-License-Identifier: Apache-2.0
#pragma once

// Real sealed EnrollmentResults queued in a kiosk LocalStore, as the flow would queue them.

#include "../support/OutboxSamples.h"
#include "central/ICentralStore.h"
#include "crypto/Sealer.h"
#include "protocol/EnrollmentResult.h"
#include "protocol/VerifyTempCredentials.h"
#include "store/LocalStore.h"

#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <string>

namespace madoguchi::test {

inline std::string enrollmentUuid(int n, int series = 0) {
    char uuid[40];
    std::snprintf(uuid, sizeof uuid, "%08x-0000-4000-8000-%012d", series, n);
    return uuid;
}

// The temp ID of result n, and the verified login (session id) its result names.
inline std::string sealedTempId(int n, int series = 0) {
    // Built by appending: GCC 12 at -O3 reports a false -Wrestrict on "T" + std::string.
    std::string id = "T";
    id.append(std::to_string(1000000 + series * 10000 + n));
    return id;
}
inline std::string sealedSessionId(const std::string& kioskId, int n, int series = 0) {
    return protocol::sessionIdOf("sealed-session:" + kioskId + ":" + sealedTempId(n, series));
}

// Records in the central store the verified logins of results first..last, as
// verifyTempCredentials does on a successful temp login (without its PBKDF2).
inline void recordSealedLogins(central::ICentralStore& central, const std::string& kioskId,
                               int first, int last, int series = 0) {
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    for (int n = first; n <= last; ++n) {
        auto recorded = central.recordVerification(
            {sealedSessionId(kioskId, n, series), sealedTempId(n, series), kioskId, now});
        if (!recorded) {
            throw std::runtime_error("recordVerification: " + recorded.error().detail);
        }
    }
}

inline std::vector<std::uint8_t> sealedResult(const std::string& centralPublicKeyPem,
                                              const std::string& kioskId, const std::string& uuid,
                                              int n, int series = 0) {
    protocol::EnrollmentResult r;
    r.enrollmentId = uuid;
    r.kioskId = kioskId;
    r.tempId = sealedTempId(n, series);
    r.sessionId = sealedSessionId(kioskId, n, series);
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
        step.outbox = submissionDraft(
            step.enrollment.uuid, kioskId,
            sealedResult(centralPublicKeyPem, kioskId, step.enrollment.uuid, n, series));
        step.audit = {"step_committed", step.enrollment.uuid, "n=" + std::to_string(n)};
        auto committed = kiosk.commitStep(step);
        if (!committed) {
            throw std::runtime_error("commitStep: " + committed.error().detail);
        }
    }
}

} // namespace madoguchi::test
