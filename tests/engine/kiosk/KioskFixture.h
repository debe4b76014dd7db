// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "ScratchDir.h"
#include "ScriptedCentral.h"
#include "core/Clock.h"
#include "crypto/SealingKeyPair.h"
#include "flow/EnrollmentFlow.h"
#include "kiosk/KioskController.h"
#include "protocol/EnrollmentResult.h"
#include "rules/PasswordBlocklist.h"
#include "store/LocalStore.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace madoguchi::test {

inline constexpr const char* kKioskId = "kiosk-07";
inline constexpr const char* kTempId = "K1234567";
inline constexpr const char* kTempPassword = "Tmp4Pass";
inline constexpr const char* kBirthDate = "19580412";
inline constexpr const char* kUserId = "taro.yamada";
inline constexpr const char* kPassword = "Sakura#Tree42";
inline constexpr const char* kEmail = "taro@example.jp";
inline constexpr const char* kTermsVersion = "2024-04";
inline constexpr const char* kDeviceName = "ITC健保";
inline constexpr int kMaxAttempts = 3;

// A kiosk as the GUI builds it, over a real LocalStore in a scratch directory and a
// scripted central service. Worker-thread calls are made inline unless a test says not,
// with the job's own connection (m_jobStore) as the GUI's job runner gives them.
class KioskTest : public ::testing::Test {
protected:
    KioskTest();
    ~KioskTest() override;

    // (Re)builds store, flow and controller on the same file: a kiosk restart.
    void openKiosk();

    // ---- the member's way through, each step through the controller as the screens do
    ::testing::AssertionResult logIn();
    ::testing::AssertionResult chooseUserId(); // from Terms, or again on UserId
    // Through terms, user ID, method and password to the commit at ⑥ (BasicDone).
    ::testing::AssertionResult commitBasic(MfaMethod method = MfaMethod::Otp);
    // From BasicDone (or a resumed OtpInstallApp) to OtpVerify with a secret issued.
    ::testing::AssertionResult toOtpVerify();
    // Types `code` on OtpVerify; on a match commits the binding as OtpVerifyView does.
    Result<TotpMatch> typeOtpCode(const std::string& code);
    // Wrong codes until the step locks.
    ::testing::AssertionResult lockOtp();
    // Resume login with user ID and password, as ResumeLoginView does.
    Result<kiosk::KioskController::ResumeFound> resume(const std::string& userId,
                                                       const std::string& password);

    std::string currentOtpCode() const; // what the member's phone shows now
    std::string wrongOtpCode() const;   // well formed, matching no step within ±2
    std::string secretBase32() const;   // the issued secret, without the grouping spaces

    // ---- what the store holds
    std::optional<store::EnrollmentRecord> enrollment();
    std::vector<store::OutboxItem> outbox();
    std::vector<store::AuditEntry> audit();
    std::int64_t rows(const std::string& table);
    // Opens a queued submission with the central service's private key.
    Result<protocol::EnrollmentResult> openSubmission(const store::OutboxItem& item) const;
    // Makes every audit insert fail (a storage fault inside the step's transaction).
    void breakAuditWrites();
    void repairAuditWrites();

    ScratchDir m_dir;
    ManualClock m_clock;
    ScriptedCentral m_central;
    PasswordBlocklist m_blocklist;
    crypto::SealingKeyPair m_keys;
    std::optional<store::LocalStore> m_store;    // the UI thread's connection
    std::optional<store::LocalStore> m_jobStore; // a worker's connection to the same file
    std::unique_ptr<EnrollmentFlow> m_flow;
    std::unique_ptr<kiosk::KioskController> m_controller;
    std::string m_enrollmentId; // set by commitBasic
    // Every PBKDF2 record a resume checked a password against (KioskOptions::verifyPassword).
    std::vector<std::string> m_verifiedRecords;
};

// The move was refused by a guard of the flow (and so changed nothing).
inline ::testing::AssertionResult deniedBy(const Result<FlowState>& result) {
    if (result.ok()) {
        return ::testing::AssertionFailure() << "move was allowed";
    }
    if (result.code() != ErrorCode::FlowTransitionDenied) {
        return ::testing::AssertionFailure() << "code " << toString(result.code());
    }
    return ::testing::AssertionSuccess();
}

} // namespace madoguchi::test
