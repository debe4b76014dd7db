// SPDX-License-Identifier: Apache-2.0
// The phone hand-off's rules on a clock that moves only when told: one poll per interval and
// never two at once, a failed poll retried, the code's expiry (said by the service or passed
// on the kiosk's clock), and the binding committed once when the phone has finished.
#include "kiosk/PhoneHandoff.h"

#include <gtest/gtest.h>

namespace madoguchi::test {
namespace {

using namespace std::chrono_literals;
using kiosk::PhoneHandoff;
using Phase = PhoneHandoff::Phase;

class PhoneHandoffTest : public ::testing::Test {
protected:
    PhoneHandoffTest() { m_handoff.start(); }

    protocol::HandoffCreateResponse createdNow(std::chrono::seconds validFor = 10min) const {
        protocol::HandoffCreateResponse r;
        r.handoffToken = "tok-1";
        r.url = "https://portal.example-kenpo.or.jp/h/tok-1";
        r.expiresAt = std::chrono::duration_cast<std::chrono::seconds>(
                          (m_clock.now() + validFor).time_since_epoch())
                          .count();
        return r;
    }
    static protocol::HandoffPollResponse answer(protocol::HandoffStatus status) {
        protocol::HandoffPollResponse r;
        r.handoffToken = "tok-1";
        r.status = status;
        return r;
    }

    ManualClock m_clock{std::chrono::system_clock::time_point(1'800'000'000s)};
    PhoneHandoff m_handoff{m_clock};
};

TEST_F(PhoneHandoffTest, PollsOncePerIntervalAndNeverTwiceAtOnce) {
    EXPECT_EQ(m_handoff.phase(), Phase::Creating);
    EXPECT_FALSE(m_handoff.pollDue()) << "nothing to poll before the code exists";
    m_handoff.created(createdNow());
    ASSERT_EQ(m_handoff.phase(), Phase::Waiting);
    EXPECT_EQ(m_handoff.url(), "https://portal.example-kenpo.or.jp/h/tok-1");
    EXPECT_FALSE(m_handoff.pollDue()) << "the first poll waits one interval";
    m_clock.advance(2s);
    auto token = m_handoff.pollDue();
    ASSERT_TRUE(token);
    EXPECT_EQ(*token, "tok-1");
    m_clock.advance(10s);
    EXPECT_FALSE(m_handoff.pollDue()) << "the previous poll has not answered";
    m_handoff.polled(answer(protocol::HandoffStatus::Pending));
    EXPECT_FALSE(m_handoff.pollDue()) << "the next poll is one interval after the answer";
    m_clock.advance(1s);
    EXPECT_FALSE(m_handoff.pollDue());
    m_clock.advance(1s);
    EXPECT_TRUE(m_handoff.pollDue());
}

TEST_F(PhoneHandoffTest, AFailedPollIsRetriedAtTheNextInterval) {
    m_handoff.created(createdNow());
    m_clock.advance(2s);
    ASSERT_TRUE(m_handoff.pollDue());
    m_handoff.polled(Error{ErrorCode::NetworkUnavailable, "test"});
    EXPECT_EQ(m_handoff.phase(), Phase::Waiting);
    EXPECT_FALSE(m_handoff.error());
    m_clock.advance(2s);
    EXPECT_TRUE(m_handoff.pollDue());
}

TEST_F(PhoneHandoffTest, ConfirmedCommitsOnce) {
    m_handoff.created(createdNow());
    EXPECT_FALSE(m_handoff.takeCommit());
    m_clock.advance(2s);
    ASSERT_TRUE(m_handoff.pollDue());
    m_handoff.polled(answer(protocol::HandoffStatus::Confirmed));
    EXPECT_EQ(m_handoff.phase(), Phase::Confirmed);
    EXPECT_TRUE(m_handoff.takeCommit());
    EXPECT_FALSE(m_handoff.takeCommit()) << "one binding per confirmation";
    m_clock.advance(2s);
    EXPECT_FALSE(m_handoff.pollDue()) << "no polling after the phone has finished";
}

TEST_F(PhoneHandoffTest, TheServiceSaysExpired) {
    m_handoff.created(createdNow());
    m_clock.advance(2s);
    ASSERT_TRUE(m_handoff.pollDue());
    m_handoff.polled(answer(protocol::HandoffStatus::Expired));
    EXPECT_EQ(m_handoff.phase(), Phase::Expired);
    EXPECT_EQ(m_handoff.error(), ErrorCode::HandoffExpired);
    EXPECT_FALSE(m_handoff.takeCommit());
}

TEST_F(PhoneHandoffTest, TheKiosksClockEndsTheCodeWhileTheNetworkIsDown) {
    m_handoff.created(createdNow(5min));
    for (int i = 0; i < 10; ++i) {
        m_clock.advance(2s);
        ASSERT_TRUE(m_handoff.pollDue());
        m_handoff.polled(Error{ErrorCode::NetworkTimeout, "test"});
    }
    m_clock.advance(5min);
    EXPECT_FALSE(m_handoff.pollDue());
    EXPECT_EQ(m_handoff.phase(), Phase::Expired);
    EXPECT_EQ(m_handoff.error(), ErrorCode::HandoffExpired);
}

TEST_F(PhoneHandoffTest, ACreationThatFailsSaysWhy) {
    m_handoff.created(Error{ErrorCode::Unsupported, "no phone sign-in"});
    EXPECT_EQ(m_handoff.phase(), Phase::Failed);
    EXPECT_EQ(m_handoff.error(), ErrorCode::Unsupported);
    EXPECT_FALSE(m_handoff.pollDue());
}

TEST_F(PhoneHandoffTest, AWipeForgetsTheCodeAndDropsLateAnswers) {
    m_handoff.created(createdNow());
    m_clock.advance(2s);
    ASSERT_TRUE(m_handoff.pollDue());
    m_handoff.wipe();
    EXPECT_EQ(m_handoff.phase(), Phase::Idle);
    EXPECT_TRUE(m_handoff.token().empty());
    EXPECT_TRUE(m_handoff.url().empty());
    m_handoff.polled(answer(protocol::HandoffStatus::Confirmed));
    EXPECT_EQ(m_handoff.phase(), Phase::Idle) << "a late answer changes nothing";
    EXPECT_FALSE(m_handoff.takeCommit());
    m_handoff.created(createdNow());
    EXPECT_EQ(m_handoff.phase(), Phase::Idle) << "a late creation neither";
}

TEST_F(PhoneHandoffTest, TheDemoConfirmPollsAtOnce) {
    m_handoff.created(createdNow());
    auto token = m_handoff.pollNow();
    ASSERT_TRUE(token);
    EXPECT_FALSE(m_handoff.pollNow()) << "not while a poll runs";
}

} // namespace
} // namespace madoguchi::test
