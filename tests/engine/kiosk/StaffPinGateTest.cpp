// SPDX-License-Identifier: Apache-2.0
// The staff panel's PIN gate without a window: a right PIN opens it, wrong PINs are counted
// in the kiosk's local store (a restart, a power cut, a stranger pulling the plug gives no new
// tries), five lock it until the clock has passed the lock, and while locked no PIN is checked.
#include "kiosk/StaffPinGate.h"

#include "KioskFixture.h"
#include "crypto/PasswordHasher.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace madoguchi::test {
namespace {

using namespace std::chrono_literals;
using kiosk::StaffPinGate;

constexpr const char* kStaffPin = "246810";

class StaffPinGateTest : public KioskTest {
protected:
    static const std::string& staffPinHash() {
        // One PBKDF2 record for the whole run (600,000 iterations each time would be slow).
        static const std::string hash = [] {
            auto hasher = crypto::PasswordHasher::create({});
            EXPECT_TRUE(hasher.ok());
            auto record = hasher->hash(SecureBuffer::fromText(kStaffPin));
            EXPECT_TRUE(record.ok());
            return record.ok() ? *record : std::string();
        }();
        return hash;
    }

    // The gate as the runtime builds it, over the UI thread's store connection.
    std::unique_ptr<StaffPinGate> openGate(std::string hash = staffPinHash()) {
        return std::make_unique<StaffPinGate>(std::move(hash), *m_store, m_clock);
    }

    // Staff type `pin` and press the button; the check runs inline here as the worker would.
    static StaffPinGate::Outcome type(StaffPinGate& gate, const char* pin) {
        auto begun = gate.begin(SecureBuffer::fromText(pin));
        EXPECT_TRUE(begun.check.has_value());
        if (!begun.check) {
            return StaffPinGate::Outcome::Wrong;
        }
        return gate.finish(StaffPinGate::verify(*begun.check));
    }

    std::unique_ptr<StaffPinGate> m_gate = openGate();
};

TEST_F(StaffPinGateTest, TheRightPinOpensAndClearsTheCount) {
    EXPECT_TRUE(m_gate->accepting());
    EXPECT_EQ(type(*m_gate, "111111"), StaffPinGate::Outcome::Wrong);
    EXPECT_EQ(m_gate->attemptsLeft(), 4);
    EXPECT_EQ(type(*m_gate, kStaffPin), StaffPinGate::Outcome::Open);
    EXPECT_EQ(m_gate->attemptsLeft(), 5);
    m_gate.reset();
    openKiosk();
    EXPECT_EQ(openGate()->attemptsLeft(), 5) << "the cleared count is what the store keeps";
}

TEST_F(StaffPinGateTest, NoPinConfiguredChecksNothing) {
    auto gate = openGate("");
    EXPECT_FALSE(gate->configured());
    EXPECT_FALSE(gate->accepting());
    auto begun = gate->begin(SecureBuffer::fromText(kStaffPin));
    EXPECT_FALSE(begun.check);
    EXPECT_EQ(begun.refused, StaffPinGate::Refusal::NotConfigured);
    EXPECT_EQ(gate->attemptsLeft(), 5) << "not a wrong PIN";
}

TEST_F(StaffPinGateTest, OneCheckAtATime) {
    auto first = m_gate->begin(SecureBuffer::fromText("111111"));
    ASSERT_TRUE(first.check);
    EXPECT_TRUE(m_gate->checking());
    EXPECT_FALSE(m_gate->accepting());
    auto second = m_gate->begin(SecureBuffer::fromText(kStaffPin));
    EXPECT_FALSE(second.check);
    EXPECT_EQ(second.refused, StaffPinGate::Refusal::Busy);
    EXPECT_EQ(m_gate->finish(StaffPinGate::verify(*first.check)), StaffPinGate::Outcome::Wrong);
    EXPECT_TRUE(m_gate->accepting());
}

TEST_F(StaffPinGateTest, FiveWrongPinsLockUntilTheClockPassesTheLock) {
    for (int i = 1; i <= 4; ++i) {
        EXPECT_EQ(type(*m_gate, "111111"), StaffPinGate::Outcome::Wrong) << i;
        EXPECT_EQ(m_gate->attemptsLeft(), 5 - i);
    }
    EXPECT_EQ(type(*m_gate, "111111"), StaffPinGate::Outcome::Locked);
    EXPECT_TRUE(m_gate->locked());
    EXPECT_FALSE(m_gate->accepting());
    ASSERT_TRUE(m_gate->lockedFor());
    EXPECT_EQ(*m_gate->lockedFor(), 5min);

    // While locked even the right PIN is not checked.
    auto begun = m_gate->begin(SecureBuffer::fromText(kStaffPin));
    EXPECT_FALSE(begun.check);
    EXPECT_EQ(begun.refused, StaffPinGate::Refusal::Locked);

    m_clock.advance(4min + 59s);
    EXPECT_TRUE(m_gate->locked());
    m_clock.advance(1s);
    EXPECT_FALSE(m_gate->locked()) << "the lock ends by time";
    EXPECT_EQ(type(*m_gate, kStaffPin), StaffPinGate::Outcome::Open);
}

TEST_F(StaffPinGateTest, AFailedCheckCountsAsAWrongPin) {
    auto begun = m_gate->begin(SecureBuffer::fromText(kStaffPin));
    ASSERT_TRUE(begun.check);
    EXPECT_EQ(m_gate->finish(Error{ErrorCode::CryptoFailure, "test"}), StaffPinGate::Outcome::Wrong)
        << "the gate never opens on an error";
    EXPECT_EQ(m_gate->attemptsLeft(), 4);
}

TEST_F(StaffPinGateTest, AMalformedHashNeverOpens) {
    auto gate = openGate("not-a-pbkdf2-record");
    EXPECT_EQ(type(*gate, kStaffPin), StaffPinGate::Outcome::Wrong);
}

TEST_F(StaffPinGateTest, WrongPinsAndTheLockSurviveARestart) {
    EXPECT_FALSE(m_store->getValue("staff_pin.lockout").value())
        << "nothing kept before the first wrong PIN";
    for (int i = 0; i < 3; ++i) {
        (void)type(*m_gate, "111111");
    }
    m_gate.reset();
    openKiosk(); // restart: store, flow and controller anew
    m_gate = openGate();
    EXPECT_EQ(m_gate->attemptsLeft(), 2) << "the three wrong PINs are remembered";
    (void)type(*m_gate, "111111");
    EXPECT_EQ(type(*m_gate, "111111"), StaffPinGate::Outcome::Locked);

    m_clock.advance(2min);
    m_gate.reset();
    openKiosk();
    m_gate = openGate();
    EXPECT_TRUE(m_gate->locked()) << "a restart does not lift the lock";
    ASSERT_TRUE(m_gate->lockedFor());
    EXPECT_EQ(*m_gate->lockedFor(), 3min);

    m_clock.advance(3min);
    m_gate.reset();
    openKiosk();
    m_gate = openGate();
    EXPECT_FALSE(m_gate->locked()) << "the lock ends by time";
    EXPECT_EQ(m_gate->attemptsLeft(), 5);
}

TEST_F(StaffPinGateTest, ADamagedRecordCountsFromZeroAndAFarLockIsCapped) {
    m_gate.reset();
    ASSERT_TRUE(m_store->setValue("staff_pin.lockout", "garbage").ok());
    EXPECT_EQ(openGate()->attemptsLeft(), 5);
    // A lock ending in a year (clock set back, file edited) lasts at most lockFor from now.
    AttemptLockout::State far{5, m_clock.now() + 24h * 365};
    ASSERT_TRUE(m_store->setValue("staff_pin.lockout", AttemptLockout::encode(far)).ok());
    auto gate = openGate();
    ASSERT_TRUE(gate->locked());
    EXPECT_EQ(*gate->lockedFor(), 5min);
}

} // namespace
} // namespace madoguchi::test
