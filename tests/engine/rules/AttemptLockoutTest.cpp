// SPDX-License-Identifier: Apache-2.0
#include "rules/AttemptLockout.h"

#include <gtest/gtest.h>

#include <vector>

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

TEST(AttemptLockout, ItsStateIsKeptAsTextAndReadBack) {
    const AttemptLockout::State unlocked{3, std::nullopt};
    EXPECT_EQ(AttemptLockout::encode(unlocked), "3;");
    EXPECT_EQ(AttemptLockout::decode("3;"), unlocked);
    const AttemptLockout::State locked{5, start() + 300s};
    EXPECT_EQ(AttemptLockout::decode(AttemptLockout::encode(locked)), locked);
    for (const char* bad : {"", "3", ";", "-1;", "x;", "3;y", "3;-5", "3;12 ", "99999;"}) {
        EXPECT_FALSE(AttemptLockout::decode(bad)) << bad;
    }
}

TEST(AttemptLockout, TellsEveryChangeSoItCanBeKept) {
    ManualClock clock(start());
    AttemptLockout lockout(clock, {2, 60s});
    std::vector<AttemptLockout::State> told;
    lockout.setOnChange([&](const AttemptLockout::State& s) { told.push_back(s); });
    lockout.recordSuccess(); // nothing counted: nothing to tell
    lockout.recordFailure();
    lockout.recordSuccess();
    lockout.recordFailure();
    lockout.recordFailure();
    ASSERT_EQ(told.size(), 4U);
    EXPECT_EQ(told[0].failures, 1);
    EXPECT_EQ(told[1].failures, 0);
    EXPECT_EQ(told[3].failures, 2);
    EXPECT_EQ(told[3].lockedUntil, start() + 60s);
}

TEST(AttemptLockout, ARestoredLockHoldsAndNeverOutlastsLockFor) {
    ManualClock clock(start());
    AttemptLockout lockout(clock, {5, 300s});
    lockout.restore({5, start() + 120s});
    EXPECT_TRUE(lockout.locked());
    EXPECT_EQ(*lockout.lockedFor(), 120s);
    lockout.restore({5, start() + 3600s});
    EXPECT_EQ(*lockout.lockedFor(), 300s);
    lockout.restore({4, std::nullopt});
    EXPECT_EQ(lockout.attemptsLeft(), 1);
    // A full count without a lock is not a state the lockout leaves: locked, to be safe.
    lockout.restore({40, std::nullopt});
    EXPECT_TRUE(lockout.locked());
    EXPECT_EQ(*lockout.lockedFor(), 300s);
}
