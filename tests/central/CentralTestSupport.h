// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "central/CentralService.h"
#include "crypto/Base64.h"
#include "crypto/Sealer.h"
#include "crypto/SealingKeyPair.h"
#include "protocol/EnrollmentResult.h"
#include "protocol/VerifyTempCredentials.h"

#include <openssl/rand.h>

#include <chrono>
#include <initializer_list>
#include <string>
#include <utility>

namespace madoguchi::centraltest {

inline std::string randomUuid() {
    std::uint8_t b[16];
    if (RAND_bytes(b, sizeof b) != 1) {
        return "00000000-0000-4000-8000-000000000000";
    }
    b[6] = static_cast<std::uint8_t>((b[6] & 0x0f) | 0x40);
    b[8] = static_cast<std::uint8_t>((b[8] & 0x3f) | 0x80);
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) {
            out.push_back('-');
        }
        out.push_back(digits[b[i] >> 4]);
        out.push_back(digits[b[i] & 0xf]);
    }
    return out;
}

// A roster of two members plus the sealing keys; temp passwords are made up for tests.
inline const char* kRosterCsv = "temp_id,temp_password,birth_date,kana_name,member_number\n"
                                "T0001,Pw-One-111,19580401,ヤマダ タロウ,M-1001\n"
                                "T0002,\"Pw,Two\"\"222\",1960-02-29,スズキ ハナコ,M-1002\n";

// The verified login totpResult names for `tempId` at `kioskId`: made up, so that a test
// about something else can record it without a PBKDF2 (recordTestLogins).
inline std::string testSessionId(const std::string& kioskId, const std::string& tempId) {
    return protocol::sessionIdOf("test-session:" + kioskId + ":" + tempId);
}

// Records the logins totpResult names as verified at `at` (what a successful
// verifyTempCredentials records). Default: the roster members at kiosk-01 and kiosk-02.
inline void recordTestLogins(central::ICentralStore& store, std::int64_t at,
                             std::initializer_list<std::pair<const char*, const char*>> logins = {
                                 {"kiosk-01", "T0001"},
                                 {"kiosk-01", "T0002"},
                                 {"kiosk-02", "T0001"},
                                 {"kiosk-02", "T0002"}}) {
    for (const auto& [kiosk, tempId] : logins) {
        (void)store.recordVerification({testSessionId(kiosk, tempId), tempId, kiosk, at});
    }
}

inline std::int64_t unixNow() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

inline protocol::EnrollmentResult totpResult(const std::string& enrollmentId,
                                             const std::string& kioskId, const std::string& tempId,
                                             const std::string& userId) {
    protocol::EnrollmentResult r;
    r.enrollmentId = enrollmentId;
    r.kioskId = kioskId;
    r.tempId = tempId;
    r.userId = userId;
    r.email = userId + "@example.jp";
    // A real record shape; the hash itself is never checked by the central service.
    r.passwordHash = "pbkdf2-sha256$600000$" +
                     crypto::Base64::encode(std::string_view("0123456789abcdef")) + "$" +
                     crypto::Base64::encode(std::string_view("0123456789abcdef0123456789abcdef"));
    r.termsVersion = "2024-04";
    r.method = protocol::MfaMethod::Totp;
    r.totp =
        protocol::TotpBinding{SecureBuffer::fromText("JBSWY3DPEHPK3PXP"), 6, 30, "SHA1", "ITC健保"};
    r.completedAt = 1767225650;
    r.sessionId = testSessionId(kioskId, tempId);
    return r;
}

inline protocol::SubmitEnrollmentRequest sealedSubmission(const std::string& publicKeyPem,
                                                          const protocol::EnrollmentResult& r,
                                                          const std::string& aadKioskId = {}) {
    const auto aad =
        crypto::Sealer::enrollmentAad(aadKioskId.empty() ? r.kioskId : aadKioskId, r.enrollmentId);
    auto envelope = crypto::Sealer::seal(publicKeyPem, r.toPlaintext(), aad);
    return {r.enrollmentId, r.kioskId, envelope ? crypto::Base64::encode(*envelope) : ""};
}

} // namespace madoguchi::centraltest
