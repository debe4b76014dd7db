// SPDX-License-Identifier: Apache-2.0
// Wrong staff PINs are kept in the kiosk's local store: a restart (power cut, update, a
// stranger pulling the plug) gives no new tries, and a lock still runs to its end.
#include "KioskFixture.h"
#include "rules/AttemptLockout.h"

#include <gtest/gtest.h>

namespace madoguchi::test {
namespace {

using namespace std::chrono_literals;
using StaffPinLockout = KioskTest;

// The staff panel's lockout as KioskFrame wires it to the controller.
std::unique_ptr<AttemptLockout> frameLockout(const Clock& clock,
                                             kiosk::KioskController& controller) {
    auto lockout = std::make_unique<AttemptLockout>(clock);
    if (auto kept = controller.staffPinLockout()) {
        lockout->restore(*kept);
    }
    lockout->setOnChange(
        [&controller](const AttemptLockout::State& s) { controller.keepStaffPinLockout(s); });
    return lockout;
}

TEST_F(StaffPinLockout, WrongPinsAndTheLockSurviveARestart) {
    auto lockout = frameLockout(m_clock, *m_controller);
    EXPECT_FALSE(m_controller->staffPinLockout()) << "nothing kept before the first wrong PIN";
    for (int i = 0; i < 3; ++i) {
        lockout->recordFailure();
    }
    openKiosk(); // restart: store, flow and controller anew
    lockout = frameLockout(m_clock, *m_controller);
    EXPECT_EQ(lockout->attemptsLeft(), 2) << "the three wrong PINs are remembered";
    lockout->recordFailure();
    lockout->recordFailure();
    ASSERT_TRUE(lockout->locked());

    m_clock.advance(2min);
    openKiosk();
    lockout = frameLockout(m_clock, *m_controller);
    EXPECT_TRUE(lockout->locked()) << "a restart does not lift the lock";
    ASSERT_TRUE(lockout->lockedFor());
    EXPECT_EQ(*lockout->lockedFor(), 3min);

    m_clock.advance(3min);
    openKiosk();
    lockout = frameLockout(m_clock, *m_controller);
    EXPECT_FALSE(lockout->locked()) << "the lock ends by time";
    EXPECT_EQ(lockout->attemptsLeft(), 5);
}

TEST_F(StaffPinLockout, ARightPinClearsTheKeptCount) {
    auto lockout = frameLockout(m_clock, *m_controller);
    lockout->recordFailure();
    lockout->recordFailure();
    lockout->recordSuccess();
    openKiosk();
    lockout = frameLockout(m_clock, *m_controller);
    EXPECT_EQ(lockout->attemptsLeft(), 5);
}

TEST_F(StaffPinLockout, ADamagedRecordCountsFromZeroAndAFarLockIsCapped) {
    ASSERT_TRUE(m_store->setValue("staff_pin.lockout", "garbage").ok());
    EXPECT_FALSE(m_controller->staffPinLockout());
    // A lock ending in a year (clock set back, file edited) lasts at most lockFor from now.
    AttemptLockout::State far{5, m_clock.now() + 24h * 365};
    ASSERT_TRUE(m_store->setValue("staff_pin.lockout", AttemptLockout::encode(far)).ok());
    auto lockout = frameLockout(m_clock, *m_controller);
    ASSERT_TRUE(lockout->locked());
    EXPECT_EQ(*lockout->lockedFor(), 5min);
}

} // namespace
} // namespace madoguchi::test
