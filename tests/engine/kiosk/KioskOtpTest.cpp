// SPDX-License-Identifier: Apache-2.0
// ⑦-⑩ through the controller: binding the second factor, one count of attempts shared by
// the verifier and the flow, and an attempt cap that leaving the kiosk cannot lift.
#include "KioskFixture.h"

#include <gtest/gtest.h>

using namespace madoguchi;
using namespace madoguchi::test;
using S = FlowState;

namespace {

using KioskOtp = KioskTest;

TEST_F(KioskOtp, RightCodeCommitsTheSecondFactor) {
    ASSERT_TRUE(commitBasic(MfaMethod::Otp));
    ASSERT_TRUE(toOtpVerify());
    const std::string secret = secretBase32();
    auto match = typeOtpCode(currentOtpCode());
    ASSERT_TRUE(match.ok()) << match.error().detail;
    EXPECT_EQ(match->stepOffset, 0);
    EXPECT_EQ(m_flow->state(), S::Complete);

    auto record = enrollment();
    ASSERT_TRUE(record);
    EXPECT_EQ(record->state, "complete");
    EXPECT_EQ(record->deviceName, kDeviceName);
    EXPECT_TRUE(record->resumeVerifier.empty()) << "nothing left to resume";
    EXPECT_FALSE(record->resumableUntil);

    auto queued = outbox();
    ASSERT_EQ(queued.size(), 2U) << "registration, then the second factor";
    auto result = openSubmission(queued[1]);
    ASSERT_TRUE(result.ok()) << result.error().detail;
    EXPECT_EQ(result->stage, protocol::ResultStage::SecondFactor);
    EXPECT_EQ(result->registrationId, m_enrollmentId);
    EXPECT_NE(result->enrollmentId, m_enrollmentId) << "a submission of its own";
    EXPECT_EQ(result->userId, kUserId);
    EXPECT_EQ(result->method, protocol::MfaMethod::Totp);
    ASSERT_TRUE(result->totp);
    EXPECT_EQ(result->totp->secretBase32.view(), secret);
    EXPECT_EQ(result->totp->deviceName, kDeviceName);
    EXPECT_EQ(result->totp->digits, 6);
    EXPECT_EQ(result->totp->period, 30);
    EXPECT_EQ(result->totp->algorithm, "SHA1");

    auto entries = audit();
    ASSERT_EQ(entries.size(), 2U);
    EXPECT_EQ(entries[1].event.kind, "second_factor_committed");
    EXPECT_TRUE(m_store->verifyAuditChain().ok());
    auto resumable = m_store->findResumable(kUserId, m_clock.now());
    ASSERT_TRUE(resumable.ok());
    EXPECT_FALSE(resumable->has_value());
}

TEST_F(KioskOtp, ABindingTheStoreCannotTakeStaysOnTheCodeScreen) {
    ASSERT_TRUE(commitBasic(MfaMethod::Otp));
    ASSERT_TRUE(toOtpVerify());
    breakAuditWrites();
    auto match = typeOtpCode(currentOtpCode());
    ASSERT_TRUE(match.ok()) << "the code was right";
    EXPECT_EQ(m_flow->state(), S::OtpVerify);
    ASSERT_TRUE(m_flow->lastError());
    EXPECT_EQ(rows("outbox"), 1) << "no second-factor message without its row";
    EXPECT_EQ(enrollment()->state, "basic_done");
    EXPECT_FALSE(enrollment()->resumeVerifier.empty()) << "still resumable";
}

// One count: the verifier decides what is a guess and the flow shows and locks on its count.
// A replay of the code just accepted (the member presses Confirm again after a failed
// commit) is not a guess; a malformed entry is not either.
TEST_F(KioskOtp, VerifierAndFlowCountTheSameAttempts) {
    ASSERT_TRUE(commitBasic(MfaMethod::Otp));
    ASSERT_TRUE(toOtpVerify());
    EXPECT_EQ(m_controller->otpAttemptsLeft(), kMaxAttempts);
    EXPECT_EQ(m_flow->otpAttemptsLeft(), kMaxAttempts);

    EXPECT_EQ(m_controller->verifyOtpCode(wrongOtpCode()).code(), ErrorCode::OtpCodeWrong);
    EXPECT_EQ(m_flow->otpAttemptsLeft(), kMaxAttempts - 1);
    EXPECT_EQ(m_controller->otpAttemptsLeft(), kMaxAttempts - 1);

    EXPECT_EQ(m_controller->verifyOtpCode("12 34").code(), ErrorCode::OtpCodeMalformed);
    EXPECT_EQ(m_flow->otpAttemptsLeft(), kMaxAttempts - 1);

    const std::string code = currentOtpCode();
    ASSERT_TRUE(m_controller->verifyOtpCode(code).ok());
    EXPECT_EQ(m_controller->verifyOtpCode(code).code(), ErrorCode::OtpCodeReplayed);
    EXPECT_EQ(m_flow->lastError()->code, ErrorCode::OtpCodeReplayed);
    EXPECT_EQ(m_flow->otpAttemptsLeft(), kMaxAttempts - 1);
    EXPECT_EQ(m_controller->otpAttemptsLeft(), kMaxAttempts - 1);

    // The remaining attempts run out on both layers with the same code.
    EXPECT_EQ(m_controller->verifyOtpCode(wrongOtpCode()).code(), ErrorCode::OtpCodeWrong);
    EXPECT_FALSE(m_flow->otpLocked());
    EXPECT_EQ(m_controller->verifyOtpCode(wrongOtpCode()).code(), ErrorCode::OtpTooManyAttempts);
    EXPECT_TRUE(m_flow->otpLocked());
    EXPECT_EQ(m_flow->otpAttemptsLeft(), 0);
    EXPECT_EQ(m_controller->otpAttemptsLeft(), 0);
}

TEST_F(KioskOtp, TheLockIsWrittenWithTheEnrollmentWhenItHappens) {
    ASSERT_TRUE(commitBasic(MfaMethod::Otp));
    ASSERT_TRUE(toOtpVerify());
    m_clock.advance(std::chrono::seconds(5));
    ASSERT_TRUE(lockOtp());

    auto record = enrollment();
    ASSERT_TRUE(record);
    EXPECT_EQ(record->otpLockedAt, m_clock.now());
    EXPECT_EQ(record->state, "otp_verify");
    EXPECT_EQ(record->deviceName, kDeviceName);
    EXPECT_FALSE(record->resumeVerifier.empty()) << "resumable, onto the lock";
    auto entries = audit();
    ASSERT_FALSE(entries.empty());
    EXPECT_EQ(entries.back().event.kind, "otp_locked");
    EXPECT_EQ(entries.back().event.subject, m_enrollmentId);
    EXPECT_EQ(entries.back().at, m_clock.now());
    EXPECT_TRUE(m_store->verifyAuditChain().ok());
    EXPECT_EQ(rows("outbox"), 1) << "the central service is not told of a lock";

    EXPECT_EQ(m_controller->verifyOtpCode(currentOtpCode()).code(), ErrorCode::OtpTooManyAttempts)
        << "not even the right code";
}

class LockedThenLeft : public KioskTest, public ::testing::WithParamInterface<TransitionReason> {
protected:
    void leave() {
        if (GetParam() == TransitionReason::Cancel) {
            ASSERT_TRUE(m_flow->cancel());
        } else {
            m_clock.advance(std::chrono::seconds(120));
            ASSERT_EQ(m_flow->tick().kind, IdleAction::Kind::TimedOut);
        }
        ASSERT_EQ(m_flow->state(), S::Attract);
    }
    ::testing::AssertionResult resumedOntoTheLock() {
        auto found = resume(kUserId, kPassword);
        if (!found) {
            return ::testing::AssertionFailure() << "resume refused: " << found.error().detail;
        }
        if (m_flow->state() != S::OtpVerify || !m_flow->otpLocked()) {
            return ::testing::AssertionFailure()
                   << "resumed to " << toString(m_flow->state())
                   << (m_flow->otpLocked() ? " (locked)" : " (not locked)");
        }
        return ::testing::AssertionSuccess();
    }
};

TEST_P(LockedThenLeft, ResumingLandsOnTheLockedScreenWithNoFreshAttempts) {
    ASSERT_TRUE(commitBasic(MfaMethod::Otp));
    ASSERT_TRUE(toOtpVerify());
    ASSERT_TRUE(lockOtp());
    leave();
    ASSERT_TRUE(resumedOntoTheLock());
    EXPECT_EQ(m_flow->otpAttemptsLeft(), 0);
    EXPECT_EQ(m_controller->otpAttemptsLeft(), 0);
    EXPECT_FALSE(m_controller->otpauthUri().ok()) << "no new secret was issued";
    EXPECT_EQ(m_controller->verifyOtpCode("123456").code(), ErrorCode::OtpTooManyAttempts);
    EXPECT_TRUE(deniedBy(m_flow->restartOtp()));
    EXPECT_TRUE(deniedBy(m_flow->back()));
    EXPECT_EQ(audit().back().event.kind, "otp_locked") << "the resume wrote nothing";
}

TEST_P(LockedThenLeft, TheLockSurvivesAKioskRestart) {
    ASSERT_TRUE(commitBasic(MfaMethod::Otp));
    ASSERT_TRUE(toOtpVerify());
    ASSERT_TRUE(lockOtp());
    leave();
    openKiosk(); // power cut, restart: a new flow, controller and store connection
    ASSERT_TRUE(resumedOntoTheLock());
}

TEST_P(LockedThenLeft, StaffRestartClearsTheLockOnDiskToo) {
    ASSERT_TRUE(commitBasic(MfaMethod::Otp));
    ASSERT_TRUE(toOtpVerify());
    ASSERT_TRUE(lockOtp());
    leave();
    ASSERT_TRUE(resumedOntoTheLock());

    ASSERT_EQ(*m_flow->staffRestartOtp(), S::OtpDeviceName);
    auto record = enrollment();
    ASSERT_TRUE(record);
    EXPECT_FALSE(record->otpLockedAt);
    EXPECT_EQ(record->state, "otp_device_name");
    EXPECT_EQ(audit().back().event.kind, "otp_staff_restart");
    EXPECT_TRUE(m_store->verifyAuditChain().ok());

    // Interrupted again before finishing: the next resume starts the OTP path afresh.
    leave();
    auto found = resume(kUserId, kPassword);
    ASSERT_TRUE(found.ok()) << found.error().detail;
    EXPECT_EQ(m_flow->state(), S::OtpInstallApp);
    EXPECT_FALSE(m_flow->otpLocked());
    EXPECT_EQ(m_flow->otpAttemptsLeft(), kMaxAttempts);
    ASSERT_TRUE(toOtpVerify());
    ASSERT_TRUE(typeOtpCode(currentOtpCode()).ok());
    EXPECT_EQ(m_flow->state(), S::Complete);
}

INSTANTIATE_TEST_SUITE_P(Kiosk, LockedThenLeft,
                         ::testing::Values(TransitionReason::Cancel, TransitionReason::Timeout),
                         [](const auto& p) { return std::string(toString(p.param)); });

TEST_F(KioskOtp, ALockTheStoreCouldNotTakeIsWrittenWhenTheVisitEnds) {
    ASSERT_TRUE(commitBasic(MfaMethod::Otp));
    ASSERT_TRUE(toOtpVerify());
    breakAuditWrites();
    ASSERT_TRUE(lockOtp());
    EXPECT_FALSE(enrollment()->otpLockedAt) << "the write failed";
    repairAuditWrites();
    ASSERT_TRUE(m_flow->cancel());
    EXPECT_TRUE(enrollment()->otpLockedAt) << "written from the resume record of the wipe";
    auto found = resume(kUserId, kPassword);
    ASSERT_TRUE(found.ok());
    EXPECT_EQ(m_flow->state(), S::OtpVerify);
    EXPECT_TRUE(m_flow->otpLocked());
}

TEST_F(KioskOtp, MemberRestartBeforeTheLockWritesNothing) {
    ASSERT_TRUE(commitBasic(MfaMethod::Otp));
    ASSERT_TRUE(toOtpVerify());
    const auto auditRows = rows("audit");
    EXPECT_EQ(m_controller->verifyOtpCode(wrongOtpCode()).code(), ErrorCode::OtpCodeWrong);
    ASSERT_EQ(*m_flow->restartOtp(), S::OtpDeviceName);
    EXPECT_EQ(rows("audit"), auditRows);
    EXPECT_FALSE(enrollment()->otpLockedAt);
}

} // namespace
