// SPDX-License-Identifier: Apache-2.0
// "戻る": every back edge, every screen where Back is refused, and what Back keeps.
#include "FlowTestSupport.h"

#include <gtest/gtest.h>

using namespace madoguchi;
using namespace madoguchi::test;
using S = FlowState;

namespace {

struct BackCase {
    S from;
    S to;
};

std::ostream& operator<<(std::ostream& os, const BackCase& c) {
    return os << toString(c.from) << "->" << toString(c.to);
}

class BackEdge : public ::testing::TestWithParam<BackCase> {};

TEST_P(BackEdge, GoesToThePreviousScreen) {
    ManualClock clock{testEpoch()};
    EnrollmentFlow flow{clock};
    ASSERT_TRUE(driveTo(flow, clock, GetParam().from));
    TransitionLog log;
    log.attach(flow);
    EXPECT_TRUE(flow.canGoBack());
    auto r = flow.back();
    ASSERT_TRUE(r.ok()) << r.error().detail;
    EXPECT_EQ(*r, GetParam().to);
    ASSERT_EQ(log.seen.size(), 1u);
    EXPECT_EQ(log.last().reason, TransitionReason::Back);
    EXPECT_EQ(log.last().wiped, GetParam().to == S::Attract);
    if (GetParam().to == S::Attract) {
        EXPECT_TRUE(flow.draft().isEmpty());
    }
}

INSTANTIATE_TEST_SUITE_P(
    Flow, BackEdge,
    ::testing::Values(
        BackCase{S::TempLogin, S::Attract}, BackCase{S::ResumeLogin, S::Attract},
        BackCase{S::Terms, S::TempLogin}, BackCase{S::UserId, S::Terms},
        BackCase{S::MfaChoice, S::UserId}, BackCase{S::Password, S::MfaChoice},
        BackCase{S::Email, S::Password}, BackCase{S::OtpInstallApp, S::MfaChoiceAfterCommit},
        BackCase{S::OtpDeviceName, S::OtpInstallApp}, BackCase{S::OtpScan, S::OtpDeviceName},
        BackCase{S::OtpVerify, S::OtpScan}, BackCase{S::KeyInsert, S::MfaChoiceAfterCommit},
        BackCase{S::KeyPin, S::KeyInsert}, BackCase{S::KeyTouch, S::KeyPin},
        BackCase{S::KeyTry, S::KeyName}, BackCase{S::PhoneHandoff, S::MfaChoiceAfterCommit}),
    [](const auto& p) {
        return std::string(toString(p.param.from)) + "To" + std::string(toString(p.param.to));
    });

struct NoBackCase {
    S at;
    const char* guard;
};

class NoBack : public ::testing::TestWithParam<NoBackCase> {};

TEST_P(NoBack, IsRefusedAndChangesNothing) {
    ManualClock clock{testEpoch()};
    EnrollmentFlow flow{clock};
    ASSERT_TRUE(driveTo(flow, clock, GetParam().at));
    auto before = flow.snapshot();
    EXPECT_FALSE(flow.canGoBack());
    EXPECT_TRUE(deniedBy(flow.back(), GetParam().guard));
    EXPECT_EQ(flow.snapshot(), before);
}

INSTANTIATE_TEST_SUITE_P(Flow, NoBack,
                         ::testing::Values(NoBackCase{S::Attract, "no-back-from-attract"},
                                           NoBackCase{S::BasicDone, "commit-boundary"},
                                           NoBackCase{S::MfaChoiceAfterCommit, "commit-boundary"},
                                           NoBackCase{S::KeyName, "key-registered"},
                                           NoBackCase{S::Complete, "complete"}),
                         [](const auto& p) { return std::string(toString(p.param.at)); });

TEST(FlowBack, CanGoBackAgreesWithBackAtEveryState) {
    for (S s : kAllFlowStates) {
        ManualClock clock{testEpoch()};
        EnrollmentFlow flow{clock};
        ASSERT_TRUE(driveTo(flow, clock, s)) << toString(s);
        const bool predicted = flow.canGoBack();
        EXPECT_EQ(flow.back().ok(), predicted) << toString(s);
    }
}

TEST(FlowBack, KeepsWhatTheMemberTypedOnLaterScreens) {
    ManualClock clock{testEpoch()};
    EnrollmentFlow flow{clock};
    ASSERT_TRUE(driveTo(flow, clock, S::Email));
    ASSERT_TRUE(flow.emailAccepted(kEmail));
    for (S expected : {S::Password, S::MfaChoice, S::UserId, S::Terms, S::TempLogin}) {
        ASSERT_EQ(*flow.back(), expected);
    }
    EXPECT_EQ(flow.draft().userId, kUserId);
    EXPECT_EQ(flow.draft().email, kEmail);
    EXPECT_EQ(flow.draft().newPassword.view(), "NewPass!2024");
    EXPECT_EQ(flow.draft().method, MfaMethod::Otp);
    // The same member logs in again: the drafts refill the later screens.
    ASSERT_TRUE(flow.tempLoginVerified(freshSession(clock), tempCredentials()));
    EXPECT_EQ(flow.draft().userId, kUserId);
}

TEST(FlowBack, AnotherTempIdDropsThePreviousMembersDrafts) {
    ManualClock clock{testEpoch()};
    EnrollmentFlow flow{clock};
    ASSERT_TRUE(driveTo(flow, clock, S::Email));
    for (int i = 0; i < 5; ++i) {
        ASSERT_TRUE(flow.back());
    }
    ASSERT_EQ(flow.state(), S::TempLogin);
    ASSERT_EQ(*flow.tempLoginVerified(freshSession(clock), tempCredentials("K7654321")), S::Terms);
    EXPECT_EQ(flow.draft().tempId, "K7654321");
    EXPECT_TRUE(flow.draft().userId.empty());
    EXPECT_TRUE(flow.draft().newPassword.empty());
    EXPECT_EQ(flow.draft().method, MfaMethod::None);
    // And the old guards are gone: UserId needs this member's agreement.
    ASSERT_TRUE(flow.back());
    ASSERT_TRUE(flow.tempLoginVerified(freshSession(clock), tempCredentials("K7654321")));
    EXPECT_TRUE(deniedBy(flow.userIdAvailable(kUserId), "wrong-state"));
}

TEST(FlowBack, ForwardAgainNeedsTheScreensEventAgain) {
    ManualClock clock{testEpoch()};
    EnrollmentFlow flow{clock};
    ASSERT_TRUE(driveTo(flow, clock, S::Email));
    ASSERT_TRUE(flow.emailAccepted(kEmail));
    ASSERT_EQ(*flow.back(), S::Password);
    EXPECT_TRUE(deniedBy(flow.basicRegistrationCommitted(kEnrollmentId), "wrong-state"));
    ASSERT_EQ(*flow.passwordAccepted(SecureBuffer::fromText("Another!Pass9")), S::Email);
    EXPECT_TRUE(deniedBy(flow.basicRegistrationCommitted(kEnrollmentId), "email-not-accepted"))
        << "the email must be confirmed again on this visit of the screen";
    ASSERT_TRUE(flow.emailAccepted(kEmail));
    EXPECT_EQ(*flow.basicRegistrationCommitted(kEnrollmentId), S::BasicDone);
}

TEST(FlowBack, NeverCrossesTheCommitBackwards) {
    ManualClock clock{testEpoch()};
    EnrollmentFlow flow{clock};
    ASSERT_TRUE(driveTo(flow, clock, S::OtpVerify));
    for (S expected : {S::OtpScan, S::OtpDeviceName, S::OtpInstallApp, S::MfaChoiceAfterCommit}) {
        ASSERT_EQ(*flow.back(), expected);
    }
    EXPECT_TRUE(deniedBy(flow.back(), "commit-boundary"));
    EXPECT_EQ(flow.state(), S::MfaChoiceAfterCommit);
    EXPECT_TRUE(flow.committed());
}

TEST(FlowBack, FromOtpVerifyKeepsTheSameSecret) {
    ManualClock clock{testEpoch()};
    EnrollmentFlow flow{clock};
    ASSERT_TRUE(driveTo(flow, clock, S::OtpVerify));
    ASSERT_EQ(*flow.back(), S::OtpScan);
    EXPECT_FALSE(flow.otpNeedsNewSecret());
    EXPECT_EQ(*flow.next(), S::OtpVerify) << "no new secret needed to go on";
}

} // namespace
