// SPDX-License-Identifier: Apache-2.0
// Cancel and inactivity at every state: back to Attract with the member's data wiped.
#include "FlowTestSupport.h"

#include <gtest/gtest.h>

#include <algorithm>

using namespace madoguchi;
using namespace madoguchi::test;
using namespace std::chrono_literals;
using S = FlowState;

namespace {

FlowConfig testConfig() {
    FlowConfig config;
    config.idleTimeout = 120s;
    config.warningLead = 30s;
    return config;
}

std::string stateName(const ::testing::TestParamInfo<S>& info) {
    return std::string(toString(info.param));
}

class EveryState : public ::testing::TestWithParam<S> {
protected:
    ManualClock clock{testEpoch()};
    EnrollmentFlow flow{clock, testConfig()};
    TransitionLog log;

    void SetUp() override {
        ASSERT_TRUE(driveTo(flow, clock, GetParam()));
        log.attach(flow);
    }

    // A committed visit that is not finished can be picked up again later.
    bool leavesResumable() const { return isPostCommit(GetParam()) && GetParam() != S::Complete; }
};

TEST_P(EveryState, CancelReturnsToAttractAndWipesTheDraft) {
    const auto epochBefore = flow.epoch();
    ASSERT_EQ(*flow.cancel(), S::Attract);
    EXPECT_TRUE(flow.draft().isEmpty());
    EXPECT_FALSE(flow.committed());
    if (GetParam() == S::Attract) {
        EXPECT_TRUE(log.seen.empty()) << "nothing to cancel on the attract screen";
        return;
    }
    ASSERT_EQ(log.seen.size(), 1u);
    EXPECT_EQ(log.last().from, GetParam());
    EXPECT_EQ(log.last().reason, TransitionReason::Cancel);
    EXPECT_TRUE(log.last().wiped);
    EXPECT_GT(flow.epoch(), epochBefore);
    EXPECT_EQ(log.last().resumable.has_value(), leavesResumable());
    if (leavesResumable()) {
        EXPECT_EQ(log.last().resumable->enrollmentId, kEnrollmentId);
        EXPECT_EQ(log.last().resumable->userId, kUserId);
        EXPECT_EQ(log.last().resumable->stateReached, GetParam());
    }
}

TEST_P(EveryState, InactivityWarnsFirstThenWipesAndReturnsToAttract) {
    if (GetParam() == S::Attract) {
        clock.advance(std::chrono::hours(10));
        EXPECT_EQ(flow.tick().kind, IdleAction::Kind::Nothing) << "Attract never times out";
        EXPECT_EQ(flow.state(), S::Attract);
        return;
    }
    clock.advance(89s);
    EXPECT_EQ(flow.tick().kind, IdleAction::Kind::Nothing);
    clock.advance(1s);
    auto warn = flow.tick();
    ASSERT_EQ(warn.kind, IdleAction::Kind::Warn);
    EXPECT_EQ(warn.secondsLeft, 30s);
    clock.advance(29s + 500ms);
    warn = flow.tick();
    ASSERT_EQ(warn.kind, IdleAction::Kind::Warn);
    EXPECT_EQ(warn.secondsLeft, 1s) << "rounded up, never shows 0 before the wipe";
    EXPECT_EQ(flow.state(), GetParam()) << "a warning changes nothing yet";
    EXPECT_TRUE(log.seen.empty());

    clock.advance(500ms);
    EXPECT_EQ(flow.tick().kind, IdleAction::Kind::TimedOut);
    EXPECT_EQ(flow.state(), S::Attract);
    EXPECT_TRUE(flow.draft().isEmpty());
    EXPECT_TRUE(flow.draft().tempPassword.empty());
    EXPECT_TRUE(flow.draft().birthDate.empty());
    EXPECT_TRUE(flow.draft().newPassword.empty());
    EXPECT_TRUE(flow.draft().keyUserHandle.empty());
    ASSERT_EQ(log.seen.size(), 1u);
    EXPECT_EQ(log.last().reason, TransitionReason::Timeout);
    EXPECT_TRUE(log.last().wiped);
    EXPECT_EQ(log.last().resumable.has_value(), leavesResumable());
    EXPECT_EQ(flow.tick().kind, IdleAction::Kind::Nothing) << "times out once";
}

TEST_P(EveryState, MemberInputPostponesTheTimeout) {
    if (GetParam() == S::Attract) {
        GTEST_SKIP() << "Attract has no timeout";
    }
    clock.advance(100s);
    ASSERT_EQ(flow.tick().kind, IdleAction::Kind::Warn);
    flow.touch();
    clock.advance(80s);
    EXPECT_EQ(flow.tick().kind, IdleAction::Kind::Nothing);
    clock.advance(40s);
    EXPECT_EQ(flow.tick().kind, IdleAction::Kind::TimedOut);
}

TEST_P(EveryState, CancelOrTimeoutReleasesSecretsOnlyAfterWipingThem) {
    // Before the commit the draft holds the temp password and birth date (and later the new
    // password): there at least one buffer must be seen released, so the check has teeth.
    const S s = GetParam();
    const bool holdsSecrets = isPreCommit(s);
    for (TransitionReason end : {TransitionReason::Cancel, TransitionReason::Timeout}) {
        SCOPED_TRACE(std::string(toString(end)));
        // A visit of its own for each way out, driven to the same state.
        ManualClock visitClock{testEpoch()};
        EnrollmentFlow visit{visitClock, testConfig()};
        ASSERT_TRUE(driveTo(visit, visitClock, s));
        TransitionLog visitLog;
        visitLog.attach(visit);
        bool sawNonZero = false;
        int released = 0;
        SecureBuffer::setReleaseObserverForTesting([&](const std::uint8_t* p, std::size_t n) {
            ++released;
            sawNonZero = sawNonZero || std::any_of(p, p + n, [](std::uint8_t b) { return b != 0; });
        });
        if (end == TransitionReason::Cancel) {
            (void)visit.cancel();
        } else {
            visitClock.advance(testConfig().idleTimeout);
            (void)visit.tick();
        }
        SecureBuffer::setReleaseObserverForTesting(nullptr);
        EXPECT_EQ(visit.state(), S::Attract);
        EXPECT_FALSE(sawNonZero);
        if (s != S::Attract) {
            ASSERT_FALSE(visitLog.seen.empty());
            EXPECT_EQ(visitLog.last().reason, end) << "the visit ended the way the test chose";
        }
        if (holdsSecrets) {
            EXPECT_GE(released, 1);
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Flow, EveryState, ::testing::ValuesIn(kAllFlowStates), stateName);

TEST(FlowTimeout, StateChangesRestartTheIdleClock) {
    ManualClock clock{testEpoch()};
    EnrollmentFlow flow{clock, testConfig()};
    ASSERT_TRUE(flow.startEnrollment());
    clock.advance(110s);
    ASSERT_TRUE(flow.tempLoginVerified(freshSession(clock), tempCredentials()));
    clock.advance(110s);
    EXPECT_EQ(flow.tick().kind, IdleAction::Kind::Warn) << "110 s since the new screen";
}

TEST(FlowTimeout, WarningCanBeSwitchedOff) {
    ManualClock clock{testEpoch()};
    FlowConfig config = testConfig();
    config.warningLead = 0s;
    EnrollmentFlow flow{clock, config};
    ASSERT_TRUE(flow.startEnrollment());
    clock.advance(119s);
    EXPECT_EQ(flow.tick().kind, IdleAction::Kind::Nothing);
    clock.advance(1s);
    EXPECT_EQ(flow.tick().kind, IdleAction::Kind::TimedOut);
}

TEST(FlowTimeout, ALateServiceAnswerCannotLandInTheNextVisit) {
    ManualClock clock{testEpoch()};
    EnrollmentFlow flow{clock, testConfig()};
    ASSERT_TRUE(driveTo(flow, clock, S::Email));
    ASSERT_TRUE(flow.emailAccepted(kEmail));
    const auto epochOfFirstMember = flow.epoch();
    clock.advance(120s);
    ASSERT_EQ(flow.tick().kind, IdleAction::Kind::TimedOut);
    // The commit finishes after the wipe; the machine has nothing to attach it to.
    EXPECT_TRUE(deniedBy(flow.basicRegistrationCommitted(kEnrollmentId), "wrong-state"));
    // The next member starts; the first member's verification answer must be dropped by the
    // controller, which can tell by the epoch.
    ASSERT_TRUE(flow.startEnrollment());
    EXPECT_NE(flow.epoch(), epochOfFirstMember);
}

TEST(FlowConfigTest, RejectsInconsistentDurations) {
    FlowConfig config;
    EXPECT_TRUE(config.validate().ok());
    config.warningLead = config.idleTimeout + 1s;
    EXPECT_EQ(config.validate().code(), ErrorCode::ConfigInvalid);
    config = FlowConfig{};
    config.idleTimeout = 0s;
    EXPECT_EQ(config.validate().code(), ErrorCode::ConfigInvalid);
    config = FlowConfig{};
    config.otpMaxAttempts = 0;
    EXPECT_EQ(config.validate().code(), ErrorCode::ConfigInvalid);
}

} // namespace
