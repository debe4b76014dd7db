// SPDX-License-Identifier: Apache-2.0
// The seed's timeout case: an interrupted member continues with the MFA part.
#include "FlowTestSupport.h"

#include <gtest/gtest.h>

using namespace madoguchi;
using namespace madoguchi::test;
using S = FlowState;

namespace {

class FlowResume : public ::testing::Test {
protected:
    ManualClock clock{testEpoch()};
    EnrollmentFlow flow{clock};
    TransitionLog log;
    void SetUp() override {
        log.attach(flow);
        ASSERT_EQ(*flow.startResume(), S::ResumeLogin);
    }
    static EnrollmentSnapshot record(S reached, MfaMethod method, std::string deviceName = {}) {
        return EnrollmentSnapshot{reached, method, kEnrollmentId, kUserId, std::move(deviceName)};
    }
};

TEST_F(FlowResume, WithoutAMethodGoesToTheChoice) {
    ASSERT_EQ(*flow.resumeVerified(record(S::BasicDone, MfaMethod::None)), S::MfaChoiceAfterCommit);
    EXPECT_EQ(log.last().reason, TransitionReason::Resume);
    EXPECT_TRUE(flow.committed());
    EXPECT_EQ(flow.draft().userId, kUserId);
    EXPECT_EQ(flow.draft().enrollmentId, kEnrollmentId);
    ASSERT_EQ(*flow.chooseMethod(MfaMethod::PhonePasskey), S::PhoneHandoff);
    EXPECT_EQ(*flow.phoneConfirmed("Pixel"), S::Complete);
}

TEST_F(FlowResume, MidOtpStartsTheOtpPathOverWithANewSecret) {
    ASSERT_EQ(*flow.resumeVerified(record(S::OtpVerify, MfaMethod::Otp, "ITC健保")),
              S::OtpInstallApp);
    EXPECT_TRUE(flow.otpNeedsNewSecret());
    EXPECT_EQ(flow.draft().deviceName, "ITC健保");
    ASSERT_TRUE(driveTo(flow, clock, S::Complete));
}

TEST_F(FlowResume, LockedOtpLandsOnTheLockedScreenUntilStaffRestartIt) {
    EnrollmentSnapshot locked = record(S::OtpVerify, MfaMethod::Otp, "ITC健保");
    locked.otpLocked = true;
    ASSERT_EQ(*flow.resumeVerified(locked), S::OtpVerify);
    EXPECT_TRUE(flow.committed());
    EXPECT_TRUE(flow.otpLocked());
    EXPECT_EQ(flow.otpAttemptsLeft(), 0);
    ASSERT_TRUE(flow.lastError());
    EXPECT_EQ(flow.lastError()->code, ErrorCode::OtpTooManyAttempts);
    EXPECT_EQ(log.last().reason, TransitionReason::Error) << "the screen is told why";
    // The member has no way out but cancel: no code, no restart, no back.
    EXPECT_TRUE(deniedBy(flow.otpCodeAccepted(), "otp-locked"));
    EXPECT_TRUE(deniedBy(flow.otpCodeRejected(ErrorCode::OtpCodeWrong, 0), "otp-locked"));
    EXPECT_TRUE(deniedBy(flow.restartOtp(), "otp-locked"));
    EXPECT_TRUE(deniedBy(flow.back(), "otp-locked"));
    EXPECT_TRUE(flow.snapshot().otpLocked);

    ASSERT_EQ(*flow.staffRestartOtp(), S::OtpDeviceName);
    EXPECT_FALSE(flow.otpLocked());
    EXPECT_TRUE(flow.otpNeedsNewSecret());
    EXPECT_EQ(flow.otpAttemptsLeft(), FlowConfig{}.otpMaxAttempts);
    EXPECT_FALSE(flow.snapshot().otpLocked);
    ASSERT_TRUE(driveTo(flow, clock, S::Complete));
}

TEST_F(FlowResume, LockedOtpStaysLockedAcrossAnotherInterruption) {
    EnrollmentSnapshot locked = record(S::OtpVerify, MfaMethod::Otp, "ITC健保");
    locked.otpLocked = true;
    ASSERT_TRUE(flow.resumeVerified(locked));
    ASSERT_TRUE(flow.cancel());
    ASSERT_TRUE(log.last().resumable);
    EXPECT_TRUE(log.last().resumable->otpLocked);
    EXPECT_EQ(log.last().resumable->stateReached, S::OtpVerify);
}

TEST_F(FlowResume, MidKeyStartsAtKeyInsert) {
    ASSERT_EQ(*flow.resumeVerified(record(S::KeyTouch, MfaMethod::SecurityKey)), S::KeyInsert);
    EXPECT_FALSE(flow.keyHasPin());
}

TEST_F(FlowResume, PhoneGoesToTheHandoff) {
    ASSERT_EQ(*flow.resumeVerified(record(S::PhoneHandoff, MfaMethod::PhonePasskey)),
              S::PhoneHandoff);
}

TEST_F(FlowResume, MethodChosenOnBasicDoneGoesToItsFirstScreen) {
    ASSERT_EQ(*flow.resumeVerified(record(S::BasicDone, MfaMethod::SecurityKey)), S::KeyInsert);
}

TEST_F(FlowResume, InterruptedWhileChoosingReturnsToTheChoice) {
    ASSERT_EQ(*flow.resumeVerified(record(S::MfaChoiceAfterCommit, MfaMethod::Otp)),
              S::MfaChoiceAfterCommit);
}

TEST_F(FlowResume, ResumedFlowNeverGoesBackBeforeTheCommit) {
    ASSERT_TRUE(flow.resumeVerified(record(S::OtpScan, MfaMethod::Otp)));
    ASSERT_EQ(*flow.back(), S::MfaChoiceAfterCommit);
    EXPECT_TRUE(deniedBy(flow.back(), "commit-boundary"));
}

struct NotResumableCase {
    const char* name;
    EnrollmentSnapshot snapshot;
    const char* why;
};

class NotResumable : public ::testing::TestWithParam<NotResumableCase> {};

TEST_P(NotResumable, StaysOnResumeLoginWithTheReason) {
    ManualClock clock{testEpoch()};
    EnrollmentFlow flow{clock};
    ASSERT_TRUE(flow.startResume());
    auto r = flow.resumeVerified(GetParam().snapshot);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.code(), ErrorCode::FlowNotResumable);
    EXPECT_EQ(r.error().detail, GetParam().why);
    EXPECT_EQ(flow.state(), S::ResumeLogin);
    EXPECT_FALSE(flow.committed());
    ASSERT_TRUE(flow.lastError());
    EXPECT_EQ(flow.lastError()->code, ErrorCode::FlowNotResumable);
    EXPECT_TRUE(flow.draft().isEmpty());
}

INSTANTIATE_TEST_SUITE_P(
    Flow, NotResumable,
    ::testing::Values(
        NotResumableCase{"NoCommit", {S::BasicDone, MfaMethod::Otp, "", kUserId, ""}, "no-commit"},
        NotResumableCase{
            "NoUserId", {S::BasicDone, MfaMethod::Otp, kEnrollmentId, "", ""}, "no-user-id"},
        NotResumableCase{"AlreadyComplete",
                         {S::Complete, MfaMethod::Otp, kEnrollmentId, kUserId, ""},
                         "already-complete"},
        NotResumableCase{"BeforeTheCommit",
                         {S::Email, MfaMethod::Otp, kEnrollmentId, kUserId, ""},
                         "not-post-commit"},
        NotResumableCase{"MethodMismatch",
                         {S::KeyTouch, MfaMethod::Otp, kEnrollmentId, kUserId, ""},
                         "method-mismatch"},
        NotResumableCase{"OtpLockOnAnotherMethod",
                         {S::BasicDone, MfaMethod::SecurityKey, kEnrollmentId, kUserId, "", true},
                         "method-mismatch"}),
    [](const auto& p) { return std::string(p.param.name); });

TEST_F(FlowResume, WrongCredentialsStayWithTheReason) {
    ASSERT_EQ(*flow.reportError({ErrorCode::ResumeCredentialsInvalid, "local store"}),
              S::ResumeLogin);
    EXPECT_EQ(flow.lastError()->code, ErrorCode::ResumeCredentialsInvalid);
    EXPECT_EQ(log.last().reason, TransitionReason::Error);
    EXPECT_EQ(*flow.back(), S::Attract);
}

TEST(FlowResumeRoundTrip, WhatATimeoutLeavesBehindResumesTheMember) {
    ManualClock clock{testEpoch()};
    EnrollmentFlow flow{clock};
    TransitionLog log;
    log.attach(flow);
    ASSERT_TRUE(driveTo(flow, clock, S::KeyTouch));
    clock.advance(FlowConfig{}.idleTimeout);
    ASSERT_EQ(flow.tick().kind, IdleAction::Kind::TimedOut);
    ASSERT_TRUE(log.last().resumable);
    // The local store keeps the record as JSON; later the member comes back.
    const std::string stored = log.last().resumable->toJson();
    auto record = EnrollmentSnapshot::fromJson(stored);
    ASSERT_TRUE(record.ok()) << record.error().detail;
    ASSERT_TRUE(flow.startResume());
    ASSERT_EQ(*flow.resumeVerified(*record), S::KeyInsert);
    EXPECT_EQ(flow.snapshot().enrollmentId, kEnrollmentId);
    EXPECT_EQ(flow.snapshot().userId, kUserId);
    // Cancelling the resumed visit leaves it resumable again.
    ASSERT_TRUE(flow.cancel());
    ASSERT_TRUE(log.last().resumable);
    EXPECT_EQ(log.last().resumable->stateReached, S::KeyInsert);
}

} // namespace
