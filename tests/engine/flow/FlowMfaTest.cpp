// SPDX-License-Identifier: Apache-2.0
// The second-factor part: OTP attempts and restarts, security-key errors, method changes.
#include "FlowTestSupport.h"

#include <gtest/gtest.h>

using namespace madoguchi;
using namespace madoguchi::test;
using S = FlowState;

namespace {

class FlowOtp : public ::testing::Test {
protected:
    static FlowConfig config() {
        FlowConfig c;
        c.otpMaxAttempts = 3;
        return c;
    }
    ManualClock clock{testEpoch()};
    EnrollmentFlow flow{clock, config()};
    TransitionLog log;
    void SetUp() override {
        ASSERT_TRUE(driveTo(flow, clock, S::OtpVerify));
        log.attach(flow);
    }
};

TEST_F(FlowOtp, WrongCodeStaysWithTheSameSecret) {
    ASSERT_EQ(*flow.otpCodeRejected(ErrorCode::OtpCodeWrong, 2), S::OtpVerify);
    EXPECT_FALSE(flow.otpNeedsNewSecret());
    EXPECT_EQ(flow.otpAttemptsLeft(), 2);
    ASSERT_TRUE(flow.lastError());
    EXPECT_EQ(flow.lastError()->code, ErrorCode::OtpCodeWrong);
    ASSERT_EQ(log.seen.size(), 1u);
    EXPECT_EQ(log.last().from, S::OtpVerify);
    EXPECT_EQ(log.last().to, S::OtpVerify);
    EXPECT_EQ(log.last().reason, TransitionReason::Error);
    EXPECT_EQ(*flow.otpCodeAccepted(), S::Complete);
}

TEST_F(FlowOtp, StartsWithTheConfiguredAttempts) {
    EXPECT_EQ(flow.otpAttemptsLeft(), 3);
}

TEST_F(FlowOtp, ReplayedCodeUsesNoAttempt) {
    // The verifier does not count a replay of an accepted code; the flow keeps its count.
    ASSERT_TRUE(flow.otpCodeRejected(ErrorCode::OtpCodeReplayed, 3));
    EXPECT_EQ(flow.otpAttemptsLeft(), 3);
    EXPECT_FALSE(flow.otpLocked());
    EXPECT_EQ(flow.lastError()->code, ErrorCode::OtpCodeReplayed);
}

TEST_F(FlowOtp, MalformedEntryDoesNotCountAsAnAttempt) {
    ASSERT_TRUE(flow.otpCodeRejected(ErrorCode::OtpCodeMalformed, 3));
    EXPECT_EQ(flow.otpAttemptsLeft(), 3);
    EXPECT_EQ(flow.lastError()->code, ErrorCode::OtpCodeMalformed);
}

TEST_F(FlowOtp, AttemptsLeftNeverRiseForTheSameSecret) {
    ASSERT_TRUE(flow.otpCodeRejected(ErrorCode::OtpCodeWrong, 1));
    ASSERT_TRUE(flow.otpCodeRejected(ErrorCode::OtpCodeWrong, 3));
    EXPECT_EQ(flow.otpAttemptsLeft(), 1);
    EXPECT_FALSE(flow.otpLocked());
}

TEST_F(FlowOtp, NoAttemptsLeftLocksWhateverTheReason) {
    ASSERT_TRUE(flow.otpCodeRejected(ErrorCode::OtpCodeWrong, 0));
    EXPECT_TRUE(flow.otpLocked());
    EXPECT_EQ(flow.lastError()->code, ErrorCode::OtpTooManyAttempts);
}

TEST_F(FlowOtp, TooManyWrongCodesLockUntilStaffRestart) {
    ASSERT_TRUE(flow.otpCodeRejected(ErrorCode::OtpCodeWrong, 2));
    ASSERT_TRUE(flow.otpCodeRejected(ErrorCode::OtpCodeWrong, 1));
    EXPECT_FALSE(flow.otpLocked());
    ASSERT_EQ(*flow.otpCodeRejected(ErrorCode::OtpTooManyAttempts, 0), S::OtpVerify);
    EXPECT_TRUE(flow.otpLocked());
    EXPECT_EQ(flow.otpAttemptsLeft(), 0);
    EXPECT_EQ(flow.lastError()->code, ErrorCode::OtpTooManyAttempts);

    EXPECT_TRUE(deniedBy(flow.otpCodeAccepted(), "otp-locked"));
    EXPECT_TRUE(deniedBy(flow.otpCodeRejected(ErrorCode::OtpCodeWrong, 0), "otp-locked"));
    EXPECT_TRUE(deniedBy(flow.restartOtp(), "otp-locked"));
    EXPECT_FALSE(flow.canGoBack());
    EXPECT_TRUE(deniedBy(flow.back(), "otp-locked"));
    EXPECT_EQ(flow.state(), S::OtpVerify);

    ASSERT_EQ(*flow.staffRestartOtp(), S::OtpDeviceName);
    EXPECT_FALSE(flow.otpLocked());
    EXPECT_TRUE(flow.otpNeedsNewSecret());
    EXPECT_EQ(flow.otpAttemptsLeft(), 3);
    ASSERT_TRUE(flow.otpDeviceNamed("ITC健保"));
    EXPECT_TRUE(deniedBy(flow.next(), "otp-secret-not-issued"));
    ASSERT_TRUE(flow.otpSecretIssued());
    ASSERT_EQ(*flow.next(), S::OtpVerify);
    EXPECT_EQ(*flow.otpCodeAccepted(), S::Complete);
}

TEST_F(FlowOtp, VerifierLockoutLocksAtOnce) {
    ASSERT_TRUE(flow.otpCodeRejected(ErrorCode::OtpTooManyAttempts, 2));
    EXPECT_TRUE(flow.otpLocked());
    EXPECT_EQ(flow.otpAttemptsLeft(), 0);
}

// Cancel and timeout end the visit, but the snapshot they leave keeps the lock, and
// resuming from it lands on the locked screen again: leaving buys no fresh attempts.
TEST_F(FlowOtp, LockedScreenStillCancelsAndTimesOutButTheLockIsLeftForTheResume) {
    for (bool timeout : {false, true}) {
        SCOPED_TRACE(timeout ? "timeout" : "cancel");
        ASSERT_TRUE(flow.otpCodeRejected(ErrorCode::OtpTooManyAttempts, 0));
        ASSERT_TRUE(flow.otpLocked());
        if (timeout) {
            clock.advance(FlowConfig{}.idleTimeout);
            ASSERT_EQ(flow.tick().kind, IdleAction::Kind::TimedOut);
        } else {
            ASSERT_EQ(*flow.cancel(), S::Attract);
        }
        EXPECT_FALSE(flow.otpLocked()) << "the next member's visit is not locked";
        ASSERT_TRUE(log.last().resumable.has_value());
        EXPECT_TRUE(log.last().resumable->otpLocked);
        EXPECT_EQ(log.last().resumable->stateReached, S::OtpVerify);

        const EnrollmentSnapshot left = *log.last().resumable;
        ASSERT_TRUE(flow.startResume());
        ASSERT_EQ(*flow.resumeVerified(left), S::OtpVerify);
        EXPECT_TRUE(flow.otpLocked());
        EXPECT_EQ(flow.otpAttemptsLeft(), 0);
        EXPECT_TRUE(deniedBy(flow.otpCodeAccepted(), "otp-locked"));
        EXPECT_TRUE(deniedBy(flow.restartOtp(), "otp-locked"));
        // Unlock once so that the next round can lock again.
        ASSERT_TRUE(flow.staffRestartOtp());
        ASSERT_TRUE(flow.otpDeviceNamed("ITC健保"));
        ASSERT_TRUE(flow.otpSecretIssued());
        ASSERT_EQ(*flow.next(), S::OtpVerify);
    }
}

TEST_F(FlowOtp, MemberRestartAsksForANewSecret) {
    ASSERT_TRUE(flow.otpCodeRejected(ErrorCode::OtpCodeWrong, 2));
    ASSERT_EQ(*flow.restartOtp(), S::OtpDeviceName);
    EXPECT_TRUE(flow.otpNeedsNewSecret());
    EXPECT_EQ(flow.otpAttemptsLeft(), 3);
    EXPECT_EQ(log.last().reason, TransitionReason::Back);
    EXPECT_EQ(flow.draft().deviceName, "ITC健保") << "the name is offered again";
}

TEST_F(FlowOtp, RestartFromTheScanScreenToo) {
    ASSERT_EQ(*flow.back(), S::OtpScan);
    ASSERT_EQ(*flow.restartOtp(), S::OtpDeviceName);
    EXPECT_TRUE(flow.otpNeedsNewSecret());
}

// --- security key device errors

struct DeviceErrorCase {
    S at;
    ErrorCode code;
    S expected;
};

class KeyDeviceError : public ::testing::TestWithParam<DeviceErrorCase> {};

TEST_P(KeyDeviceError, RetriesOnTheRightScreen) {
    ManualClock clock{testEpoch()};
    EnrollmentFlow flow{clock};
    ASSERT_TRUE(driveTo(flow, clock, GetParam().at));
    TransitionLog log;
    log.attach(flow);
    auto r = flow.deviceError({GetParam().code, "device"});
    ASSERT_TRUE(r.ok()) << r.error().detail;
    EXPECT_EQ(*r, GetParam().expected);
    ASSERT_TRUE(flow.lastError());
    EXPECT_EQ(flow.lastError()->code, GetParam().code);
    ASSERT_EQ(log.seen.size(), 1u);
    EXPECT_EQ(log.last().reason, TransitionReason::Error);
    EXPECT_EQ(log.last().to, GetParam().expected);
    if (GetParam().expected == S::KeyInsert) {
        EXPECT_FALSE(flow.keyHasPin()) << "possibly another key";
    }
}

INSTANTIATE_TEST_SUITE_P(
    Flow, KeyDeviceError,
    ::testing::Values(
        DeviceErrorCase{S::KeyInsert, ErrorCode::DeviceNotFound, S::KeyInsert},
        DeviceErrorCase{S::KeyInsert, ErrorCode::DeviceUnsupported, S::KeyInsert},
        DeviceErrorCase{S::KeyPin, ErrorCode::DeviceRemoved, S::KeyInsert},
        DeviceErrorCase{S::KeyPin, ErrorCode::DevicePinInvalid, S::KeyPin},
        DeviceErrorCase{S::KeyPin, ErrorCode::DevicePinPolicy, S::KeyPin},
        DeviceErrorCase{S::KeyPin, ErrorCode::DevicePinBlocked, S::KeyInsert},
        DeviceErrorCase{S::KeyTouch, ErrorCode::DeviceRemoved, S::KeyInsert},
        DeviceErrorCase{S::KeyTouch, ErrorCode::DeviceReplugRequired, S::KeyInsert},
        DeviceErrorCase{S::KeyTouch, ErrorCode::DevicePinInvalid, S::KeyPin},
        DeviceErrorCase{S::KeyTouch, ErrorCode::DevicePinRequired, S::KeyPin},
        DeviceErrorCase{S::KeyTouch, ErrorCode::DeviceTouchTimeout, S::KeyTouch},
        DeviceErrorCase{S::KeyTouch, ErrorCode::DeviceCancelled, S::KeyTouch},
        DeviceErrorCase{S::KeyTouch, ErrorCode::DeviceIo, S::KeyTouch},
        DeviceErrorCase{S::KeyTouch, ErrorCode::DeviceCredentialExcluded, S::KeyInsert},
        DeviceErrorCase{S::KeyTouch, ErrorCode::DeviceAaguidDenied, S::KeyInsert},
        DeviceErrorCase{S::KeyTouch, ErrorCode::DeviceAttestationInvalid, S::KeyInsert},
        DeviceErrorCase{S::KeyName, ErrorCode::DeviceRemoved, S::KeyName},
        DeviceErrorCase{S::KeyTry, ErrorCode::DeviceRemoved, S::KeyTry},
        DeviceErrorCase{S::KeyTry, ErrorCode::DevicePinInvalid, S::KeyTry},
        DeviceErrorCase{S::KeyTry, ErrorCode::DeviceTouchTimeout, S::KeyTry}),
    [](const auto& p) {
        return std::string(toString(p.param.at)) + "_" + std::string(toString(p.param.code));
    });

// The insert screen keeps refusing a key in the port for these (KeyInsertView asks the flow).
TEST(FlowKey, OnlyErrorsAboutTheKeyItselfRefuseTheKeyInThePort) {
    for (ErrorCode code : {ErrorCode::DeviceReplugRequired, ErrorCode::DevicePinBlocked,
                           ErrorCode::DeviceCredentialExcluded, ErrorCode::DeviceUnsupported,
                           ErrorCode::DeviceAaguidDenied, ErrorCode::DeviceAttestationInvalid,
                           ErrorCode::DeviceAttestationUntrusted}) {
        EXPECT_TRUE(deviceErrorRefusesKey(code)) << toString(code);
    }
    for (ErrorCode code :
         {ErrorCode::DeviceNotFound, ErrorCode::DeviceRemoved, ErrorCode::DevicePinInvalid,
          ErrorCode::DevicePinRequired, ErrorCode::DevicePinPolicy, ErrorCode::DeviceTouchTimeout,
          ErrorCode::DeviceDenied, ErrorCode::DeviceCancelled, ErrorCode::DeviceIo}) {
        EXPECT_FALSE(deviceErrorRefusesKey(code)) << toString(code);
    }
}

TEST(FlowKey, AfterARemovedKeyTheWholeKeyPathRunsAgain) {
    ManualClock clock{testEpoch()};
    EnrollmentFlow flow{clock};
    ASSERT_TRUE(driveTo(flow, clock, S::KeyTouch));
    ASSERT_EQ(*flow.deviceError({ErrorCode::DeviceRemoved, ""}), S::KeyInsert);
    EXPECT_TRUE(deniedBy(flow.keyRegistered(), "wrong-state"));
    ASSERT_EQ(*flow.keyDetected(true), S::KeyPin);
    ASSERT_EQ(*flow.keyPinAccepted(), S::KeyTouch);
    ASSERT_EQ(*flow.keyRegistered(), S::KeyName);
    EXPECT_FALSE(flow.lastError()) << "the old device error is gone";
}

TEST(FlowKey, BackFromTouchAsksForThePinAgain) {
    ManualClock clock{testEpoch()};
    EnrollmentFlow flow{clock};
    ASSERT_TRUE(driveTo(flow, clock, S::KeyTouch));
    ASSERT_EQ(*flow.back(), S::KeyPin);
    EXPECT_TRUE(deniedBy(flow.keyRegistered(), "wrong-state")) << "the PIN step comes first";
    EXPECT_TRUE(flow.keyHasPin()) << "the new key got its PIN on the way";
}

TEST(FlowKey, KeyTryBackAllowsRenaming) {
    ManualClock clock{testEpoch()};
    EnrollmentFlow flow{clock};
    ASSERT_TRUE(driveTo(flow, clock, S::KeyTry));
    ASSERT_EQ(*flow.back(), S::KeyName);
    ASSERT_EQ(*flow.keyNamed("赤いキー"), S::KeyTry);
    EXPECT_EQ(flow.draft().deviceName, "赤いキー");
}

// --- changing the method after the commit

TEST(FlowMethodChange, NoSmartphoneAfterAllSwitchesFromOtpToAKey) {
    ManualClock clock{testEpoch()};
    EnrollmentFlow flow{clock};
    ASSERT_TRUE(driveTo(flow, clock, S::OtpScan));
    for (int i = 0; i < 3; ++i) {
        ASSERT_TRUE(flow.back());
    }
    ASSERT_EQ(flow.state(), S::MfaChoiceAfterCommit);
    EXPECT_EQ(flow.draft().method, MfaMethod::Otp) << "the old choice is preselected";
    ASSERT_EQ(*flow.chooseMethod(MfaMethod::SecurityKey), S::KeyInsert);
    EXPECT_EQ(flow.snapshot().method, MfaMethod::SecurityKey);
    EXPECT_TRUE(flow.draft().deviceName.empty()) << "the OTP device name does not carry over";
    EXPECT_TRUE(deniedBy(flow.next(), "wrong-state"));
    EXPECT_TRUE(flow.committed());
}

TEST(FlowMethodChange, BackToOtpNeedsAFreshSecret) {
    ManualClock clock{testEpoch()};
    EnrollmentFlow flow{clock};
    ASSERT_TRUE(driveTo(flow, clock, S::OtpVerify));
    while (flow.state() != S::MfaChoiceAfterCommit) {
        ASSERT_TRUE(flow.back());
    }
    ASSERT_EQ(*flow.chooseMethod(MfaMethod::PhonePasskey), S::PhoneHandoff);
    ASSERT_EQ(*flow.back(), S::MfaChoiceAfterCommit);
    ASSERT_EQ(*flow.chooseMethod(MfaMethod::Otp), S::OtpInstallApp);
    EXPECT_TRUE(flow.otpNeedsNewSecret());
}

TEST(FlowMethodChange, SameMethodAgainKeepsTheName) {
    ManualClock clock{testEpoch()};
    EnrollmentFlow flow{clock};
    ASSERT_TRUE(driveTo(flow, clock, S::OtpScan));
    for (int i = 0; i < 3; ++i) {
        ASSERT_TRUE(flow.back());
    }
    ASSERT_EQ(*flow.chooseMethod(MfaMethod::Otp), S::OtpInstallApp);
    EXPECT_EQ(flow.draft().deviceName, "ITC健保");
}

TEST(FlowMethodChange, KeyToPhone) {
    ManualClock clock{testEpoch()};
    EnrollmentFlow flow{clock};
    ASSERT_TRUE(driveTo(flow, clock, S::KeyPin));
    ASSERT_TRUE(flow.back());
    ASSERT_TRUE(flow.back());
    ASSERT_EQ(*flow.chooseMethod(MfaMethod::PhonePasskey), S::PhoneHandoff);
    ASSERT_EQ(*flow.phoneConfirmed("Pixel"), S::Complete);
    EXPECT_EQ(flow.snapshot().method, MfaMethod::PhonePasskey);
}

} // namespace
