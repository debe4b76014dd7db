// SPDX-License-Identifier: Apache-2.0
#include "rules/AttemptLockout.h"

#include <gtest/gtest.h>

using namespace madoguchi;
using namespace std::chrono_literals;

namespace {
std::chrono::system_clock::time_point start() {
    return std::chrono::system_clock::time_point(1'800'000'000s);
}
} // namespace

TEST(AttemptLockout, AllowsFourWrongAttemptsAndLocksOnTheFifth) {
    ManualClock clock(start());
    AttemptLockout lockout(clock, {5, 300s});
    for (int i = 0; i < 4; ++i) {
        lockout.recordFailure();
        EXPECT_FALSE(lockout.locked()) << i;
        EXPECT_EQ(lockout.attemptsLeft(), 4 - i);
    }
    lockout.recordFailure();
    EXPECT_TRUE(lockout.locked());
    EXPECT_EQ(lockout.attemptsLeft(), 0);
    ASSERT_TRUE(lockout.lockedFor().has_value());
    EXPECT_EQ(*lockout.lockedFor(), 300s);
}

TEST(AttemptLockout, StaysLockedUntilTheTimeHasPassedAndCountsDownInWholeSeconds) {
    ManualClock clock(start());
    AttemptLockout lockout(clock, {2, 60s});
    lockout.recordFailure();
    lockout.recordFailure();
    clock.advance(59500ms);
    EXPECT_TRUE(lockout.locked());
    EXPECT_EQ(*lockout.lockedFor(), 1s); // rounded up: never "0 seconds" while locked
    clock.advance(500ms);
    EXPECT_FALSE(lockout.locked());
    EXPECT_FALSE(lockout.lockedFor().has_value());
    EXPECT_EQ(lockout.attemptsLeft(), 2) << "a fresh set of attempts after the lock";
}

TEST(AttemptLockout, ARightAnswerWhileLockedDoesNotUnlock) {
    ManualClock clock(start());
    AttemptLockout lockout(clock, {1, 60s});
    lockout.recordFailure();
    lockout.recordSuccess();
    EXPECT_TRUE(lockout.locked());
}

TEST(AttemptLockout, ARightAnswerResetsTheCount) {
    ManualClock clock(start());
    AttemptLockout lockout(clock, {3, 60s});
    lockout.recordFailure();
    lockout.recordFailure();
    lockout.recordSuccess();
    EXPECT_EQ(lockout.attemptsLeft(), 3);
    lockout.recordFailure();
    lockout.recordFailure();
    EXPECT_FALSE(lockout.locked());
}

TEST(AttemptLockout, FailuresAfterAnExpiredLockStartCountingAgain) {
    ManualClock clock(start());
    AttemptLockout lockout(clock, {2, 60s});
    lockout.recordFailure();
    lockout.recordFailure();
    clock.advance(61s);
    lockout.recordFailure();
    EXPECT_FALSE(lockout.locked()) << "one failure after the lock is not two";
    EXPECT_EQ(lockout.attemptsLeft(), 1);
    lockout.recordFailure();
    EXPECT_TRUE(lockout.locked());
}

TEST(AttemptLockout, FailuresWhileLockedDoNotExtendTheLock) {
    ManualClock clock(start());
    AttemptLockout lockout(clock, {1, 60s});
    lockout.recordFailure();
    clock.advance(30s);
    lockout.recordFailure();
    EXPECT_EQ(*lockout.lockedFor(), 30s);
}
