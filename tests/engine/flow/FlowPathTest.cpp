// SPDX-License-Identifier: Apache-2.0
// The three complete paths through the flow, as a member walks them.
#include "FlowTestSupport.h"
#include "flow/FlowProgress.h"

#include <gtest/gtest.h>

using namespace madoguchi;
using namespace madoguchi::test;
using S = FlowState;

namespace {

class FlowPath : public ::testing::Test {
protected:
    ManualClock clock{testEpoch()};
    EnrollmentFlow flow{clock};
    TransitionLog log;

    void SetUp() override { log.attach(flow); }

    // ①–⑥ for `method`; ends on BasicDone.
    void walkBasicPart(MfaMethod method) {
        ASSERT_EQ(*flow.startEnrollment(), S::TempLogin);
        ASSERT_EQ(*flow.tempLoginVerified(freshSession(clock), tempCredentials()), S::Terms);
        ASSERT_EQ(*flow.agreeTerms(kTermsVersion), S::UserId);
        ASSERT_EQ(*flow.userIdAvailable(kUserId), S::MfaChoice);
        ASSERT_EQ(*flow.chooseMethod(method), S::Password);
        ASSERT_EQ(*flow.passwordAccepted(SecureBuffer::fromText("NewPass!2024")), S::Email);
        ASSERT_EQ(*flow.emailAccepted(kEmail), S::Email);
        EXPECT_FALSE(flow.committed());
        ASSERT_EQ(*flow.basicRegistrationCommitted(kEnrollmentId), S::BasicDone);
        EXPECT_TRUE(flow.committed());
    }

    std::vector<S> visited() const {
        std::vector<S> states;
        for (const auto& t : log.seen) {
            states.push_back(t.to);
        }
        return states;
    }
};

TEST_F(FlowPath, OtpPathRunsFromAttractToCompleteAndBack) {
    walkBasicPart(MfaMethod::Otp);
    ASSERT_EQ(*flow.next(), S::OtpInstallApp);
    EXPECT_TRUE(flow.otpNeedsNewSecret());
    ASSERT_EQ(*flow.next(), S::OtpDeviceName);
    ASSERT_EQ(*flow.otpDeviceNamed("ITC健保"), S::OtpScan);
    ASSERT_EQ(*flow.otpSecretIssued(), S::OtpScan);
    EXPECT_FALSE(flow.otpNeedsNewSecret());
    ASSERT_EQ(*flow.next(), S::OtpVerify);
    ASSERT_EQ(*flow.otpCodeAccepted(), S::Complete);

    auto summary = flow.snapshot();
    EXPECT_EQ(summary.stateReached, S::Complete);
    EXPECT_EQ(summary.userId, kUserId);
    EXPECT_EQ(summary.method, MfaMethod::Otp);
    EXPECT_EQ(summary.deviceName, "ITC健保");
    EXPECT_EQ(summary.enrollmentId, kEnrollmentId);

    ASSERT_EQ(*flow.finish(), S::Attract);
    EXPECT_TRUE(flow.draft().isEmpty());
    EXPECT_TRUE(log.last().wiped);
    EXPECT_FALSE(log.last().resumable.has_value()) << "a finished enrollment is not resumable";

    EXPECT_EQ(visited(),
              (std::vector<S>{S::TempLogin, S::Terms, S::UserId, S::MfaChoice, S::Password,
                              S::Email, S::BasicDone, S::OtpInstallApp, S::OtpDeviceName,
                              S::OtpScan, S::OtpVerify, S::Complete, S::Attract}));
    for (const auto& t : log.seen) {
        EXPECT_EQ(t.reason, TransitionReason::Forward) << toString(t.to);
    }
}

TEST_F(FlowPath, SecurityKeyPathRunsToCompleteWithATrySignIn) {
    walkBasicPart(MfaMethod::SecurityKey);
    ASSERT_EQ(*flow.next(), S::KeyInsert);
    ASSERT_EQ(*flow.keyDetected(false), S::KeyPin);
    EXPECT_FALSE(flow.keyHasPin()) << "a new key gets a PIN set";
    ASSERT_EQ(*flow.keyPinAccepted(), S::KeyTouch);
    ASSERT_EQ(*flow.keyRegistered(), S::KeyName);
    ASSERT_EQ(*flow.keyNamed("青いキー"), S::KeyTry);
    ASSERT_EQ(*flow.keyTrySucceeded(), S::Complete);
    EXPECT_EQ(flow.snapshot().deviceName, "青いキー");
    EXPECT_EQ(flow.snapshot().method, MfaMethod::SecurityKey);
    ASSERT_EQ(*flow.finish(), S::Attract);
    EXPECT_TRUE(flow.draft().isEmpty());
}

TEST_F(FlowPath, SecurityKeyTryMayBeSkipped) {
    ASSERT_TRUE(driveTo(flow, clock, S::KeyTry));
    ASSERT_EQ(*flow.skipKeyTry(), S::Complete);
}

TEST_F(FlowPath, ExistingKeyAsksForItsPin) {
    walkBasicPart(MfaMethod::SecurityKey);
    ASSERT_EQ(*flow.next(), S::KeyInsert);
    ASSERT_EQ(*flow.keyDetected(true), S::KeyPin);
    EXPECT_TRUE(flow.keyHasPin());
}

TEST_F(FlowPath, PhonePathCompletesWhenTheCentralServiceConfirms) {
    walkBasicPart(MfaMethod::PhonePasskey);
    ASSERT_EQ(*flow.next(), S::PhoneHandoff);
    EXPECT_TRUE(deniedBy(flow.next(), "wrong-state")) << "only the confirmation moves on";
    ASSERT_EQ(*flow.phoneConfirmed("iPhone"), S::Complete);
    EXPECT_EQ(flow.snapshot().deviceName, "iPhone");
    EXPECT_EQ(flow.snapshot().method, MfaMethod::PhonePasskey);
}

TEST_F(FlowPath, PhoneHandoffErrorsStayOnTheScreen) {
    walkBasicPart(MfaMethod::PhonePasskey);
    ASSERT_EQ(*flow.next(), S::PhoneHandoff);
    ASSERT_EQ(*flow.reportError({ErrorCode::HandoffExpired, "poll"}), S::PhoneHandoff);
    ASSERT_TRUE(flow.lastError().has_value());
    EXPECT_EQ(flow.lastError()->code, ErrorCode::HandoffExpired);
    EXPECT_EQ(log.last().from, S::PhoneHandoff);
    EXPECT_EQ(log.last().to, S::PhoneHandoff);
    EXPECT_EQ(log.last().reason, TransitionReason::Error);
    ASSERT_EQ(*flow.phoneConfirmed(""), S::Complete);
    EXPECT_FALSE(flow.lastError().has_value()) << "a forward move clears the old error";
}

TEST_F(FlowPath, CommitWipesSecretsNoLongerNeeded) {
    walkBasicPart(MfaMethod::Otp);
    EXPECT_TRUE(flow.draft().tempPassword.empty());
    EXPECT_TRUE(flow.draft().birthDate.empty());
    EXPECT_TRUE(flow.draft().newPassword.empty());
    EXPECT_EQ(flow.draft().userId, kUserId);
    EXPECT_EQ(flow.draft().enrollmentId, kEnrollmentId);
}

TEST_F(FlowPath, DraftHoldsWhatWasAcceptedBeforeTheCommit) {
    ASSERT_TRUE(driveTo(flow, clock, S::Email));
    EXPECT_EQ(flow.draft().tempId, kTempId);
    EXPECT_EQ(flow.draft().tempPassword.view(), "TmpPass#42");
    EXPECT_EQ(flow.draft().birthDate.view(), "19580412");
    EXPECT_EQ(flow.draft().termsVersion, kTermsVersion);
    EXPECT_EQ(flow.draft().userId, kUserId);
    EXPECT_EQ(flow.draft().newPassword.view(), "NewPass!2024");
    EXPECT_EQ(flow.draft().method, MfaMethod::Otp);
}

TEST_F(FlowPath, ListenerCanBeRemoved) {
    int calls = 0;
    auto id = flow.addListener([&](const FlowTransition&) { ++calls; });
    ASSERT_TRUE(flow.startEnrollment());
    flow.removeListener(id);
    ASSERT_TRUE(flow.back());
    EXPECT_EQ(calls, 1);
}

TEST_F(FlowPath, ListenerMayCallBackIntoTheFlow) {
    // A controller reacting to OtpScan by issuing the secret at once.
    flow.addListener([this](const FlowTransition& t) {
        if (t.to == S::OtpScan && flow.otpNeedsNewSecret()) {
            EXPECT_TRUE(flow.otpSecretIssued());
        }
    });
    ASSERT_TRUE(driveTo(flow, clock, S::OtpDeviceName));
    ASSERT_TRUE(flow.otpDeviceNamed("ITC健保"));
    EXPECT_FALSE(flow.otpNeedsNewSecret());
    EXPECT_EQ(*flow.next(), S::OtpVerify);
}

TEST_F(FlowPath, EveryNumberedScreenShowsItsStep) {
    // Walks the OTP path and checks the step numbers only ever rise, ending on 8 / 8.
    int lastIndex = 0;
    flow.addListener([&](const FlowTransition& t) {
        auto p = progress(t.to);
        if (!p) {
            return;
        }
        EXPECT_EQ(p->total, kFlowStepCount);
        EXPECT_GE(p->index, lastIndex) << toString(t.to);
        lastIndex = p->index;
    });
    ASSERT_TRUE(driveTo(flow, clock, S::Complete));
    EXPECT_EQ(lastIndex, kFlowStepCount);
}

} // namespace
