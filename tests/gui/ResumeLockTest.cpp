// SPDX-License-Identifier: Apache-2.0
// A registration whose resume locked after too many wrong passwords: the member is told to ask
// the staff, and only the staff panel's "Unlock" lifts the lock (written to the audit log).
#include "KioskDriver.h"
#include "KioskFrame.h"
#include "WalkSteps.h"
#include "crypto/PasswordHasher.h"
#include "flow/EnrollmentFlow.h"
#include "flow/FlowState.h"
#include "flow/MfaMethod.h"
#include "kiosk/KioskController.h"
#include "store/LocalStore.h"

#include <gtest/gtest.h>

namespace madoguchi::gui::test {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr const char* kStaffPin = "246810"; // the demo profile's staff PIN
constexpr const char* kUserId = "mori.kaori";
constexpr const char* kPassword = "Sakura_Haru.2026";

std::string labelOf(KioskDriver& k, const std::string& name) {
    wxWindow* w = k.findShown(name);
    return w == nullptr ? std::string("<not shown>") : w->GetLabel().utf8_string();
}

// What a member who stopped after ⑥ and then had five wrong passwords typed leaves on disk.
std::string seedLockedRegistration(const fs::path& storePath) {
    auto store = store::LocalStore::open(storePath);
    EXPECT_TRUE(store.ok());
    auto hasher = crypto::PasswordHasher::create(
        {crypto::PasswordDigest::Sha512, crypto::PasswordHasher::kMinIterationsSha512});
    EXPECT_TRUE(hasher.ok());
    auto hash = hasher->hash(SecureBuffer::fromText(kPassword));
    EXPECT_TRUE(hash.ok());
    const auto now = std::chrono::system_clock::now();
    store::StepCommit step;
    step.enrollment.uuid = "3f1c9a52-8d7e-4b61-9c0a-5e2f7d4b8a10";
    step.enrollment.createdAt = now;
    step.enrollment.updatedAt = now;
    step.enrollment.state = std::string(toString(FlowState::BasicDone));
    step.enrollment.userId = kUserId;
    step.enrollment.method = std::string(toString(MfaMethod::Otp));
    step.enrollment.resumeVerifier = *hash;
    step.enrollment.resumableUntil = now + 72h;
    step.audit = store::AuditEvent{"registration_committed", step.enrollment.uuid, "seeded"};
    step.at = now;
    EXPECT_TRUE(store->commitStep(step).ok());
    for (int i = 0; i < 5; ++i) {
        EXPECT_TRUE(store->recordResumeFailure(step.enrollment.uuid, 5, now).ok());
    }
    EXPECT_TRUE(store->resumeAttempts(step.enrollment.uuid)->lockedAt.has_value());
    return step.enrollment.uuid;
}

void tryResume(KioskDriver& k) {
    k.click("resumeButton");
    ASSERT_TRUE(k.waitForState(FlowState::ResumeLogin));
    k.focus("resumeUserIdField");
    k.type(kUserId);
    k.focus("resumePasswordField");
    k.type(kPassword);
    k.click("mainButton");
}

TEST(ResumeLock, ALockedResumeIsRefusedUntilStaffUnlockItInTheStaffPanel) {
    const fs::path dir = freshDir("resume-lock");
    KioskDriver k(demoOptions(dir));
    const std::string uuid = seedLockedRegistration(k.runtime().storePath());

    // The right password is not even checked: the member is sent to the staff.
    ASSERT_NO_FATAL_FAILURE(tryResume(k));
    ASSERT_TRUE(k.waitFor([&] { return k.findShown("resumeMessage") != nullptr; }, 30s));
    EXPECT_EQ(k.state(), FlowState::ResumeLogin);
    const std::string message = labelOf(k, "resumeMessage");
    EXPECT_TRUE(contains(message, "ロック")) << message;
    EXPECT_TRUE(contains(message, "係員")) << message;
    k.screenshot("resume-locked");
    k.click("cancelButton");
    k.click("confirmStopButton"); // 中止 asks first
    ASSERT_TRUE(k.waitForState(FlowState::Attract));

    // Staff see the registration and unlock it.
    k.click("staffButton");
    ASSERT_TRUE(k.waitFor([&] { return k.findShown("staffPinField") != nullptr; }, 5s));
    k.clickShown("staffPinField");
    k.tapShownDigits(kStaffPin);
    k.clickShown("staffUnlockButton");
    ASSERT_TRUE(k.waitFor([&] { return k.findShown("resumeLockRow") != nullptr; }, 20s))
        << labelOf(k, "staffPinMessage");
    EXPECT_TRUE(contains(labelOf(k, "resumeLockRow"), kUserId)) << labelOf(k, "resumeLockRow");
    k.screenshot("staff-resume-locks");
    k.clickShown("resumeUnlockButton");
    ASSERT_TRUE(k.waitFor([&] { return k.findShown("resumeLocksNone") != nullptr; }, 20s));
    EXPECT_EQ(k.findShown("resumeLockRow"), nullptr);
    k.screenshot("staff-resume-unlocked");
    k.clickShown("staffPanelCloseButton");
    k.pump(300ms);

    auto store = store::LocalStore::open(k.runtime().storePath());
    ASSERT_TRUE(store.ok());
    auto attempts = store->resumeAttempts(uuid);
    ASSERT_TRUE(attempts.ok());
    EXPECT_FALSE(attempts->lockedAt.has_value());
    EXPECT_EQ(attempts->failures, 0);
    auto audit = store->auditEntries(1, 100);
    ASSERT_TRUE(audit.ok());
    ASSERT_FALSE(audit->empty());
    EXPECT_EQ(audit->back().event.kind, "resume_unlocked");
    EXPECT_EQ(audit->back().event.subject, uuid);
    EXPECT_TRUE(store->verifyAuditChain().ok());

    // The member continues with the right password.
    ASSERT_NO_FATAL_FAILURE(tryResume(k));
    ASSERT_TRUE(k.waitForState(FlowState::OtpInstallApp, 30s)) << k.visibleText();
    fs::remove_all(dir);
}

} // namespace
} // namespace madoguchi::gui::test
