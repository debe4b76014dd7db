// SPDX-License-Identifier: Apache-2.0
#include "sync/Backoff.h"

#include <gtest/gtest.h>

#include <set>
#include <vector>

namespace madoguchi::sync {
namespace {

using namespace std::chrono_literals;

TEST(Backoff, CeilingDoublesFromTheBaseUpToTheCap) {
    Backoff b(100ms, 1000ms);
    EXPECT_EQ(b.ceiling(0), 100ms);
    EXPECT_EQ(b.ceiling(1), 200ms);
    EXPECT_EQ(b.ceiling(2), 400ms);
    EXPECT_EQ(b.ceiling(3), 800ms);
    EXPECT_EQ(b.ceiling(4), 1000ms);
    EXPECT_EQ(b.ceiling(40), 1000ms);
}

TEST(Backoff, CeilingSaturatesForHugeAttemptCounts) {
    Backoff b(1ms, std::chrono::milliseconds(INT64_MAX / 2));
    EXPECT_EQ(b.ceiling(10'000), std::chrono::milliseconds(INT64_MAX / 2));
    EXPECT_GT(b.ceiling(62).count(), 0);
}

TEST(Backoff, DrawsFullJitterBetweenZeroAndTheCeiling) {
    std::vector<std::uint64_t> bounds;
    Backoff top(100ms, 1000ms, [&](std::uint64_t max) {
        bounds.push_back(max);
        return max;
    });
    EXPECT_EQ(top.delay(0), 100ms);
    EXPECT_EQ(top.delay(2), 400ms);
    EXPECT_EQ(top.delay(9), 1000ms);
    EXPECT_EQ(bounds, (std::vector<std::uint64_t>{100, 400, 1000}));

    Backoff bottom(100ms, 1000ms, [](std::uint64_t) { return 0; });
    EXPECT_EQ(bottom.delay(5), 0ms);

    // A random source that overshoots is clamped, never trusted.
    Backoff wild(100ms, 1000ms, [](std::uint64_t max) { return max + 12345; });
    EXPECT_EQ(wild.delay(1), 200ms);
}

TEST(Backoff, DefaultRandomSpreadsDelaysOverTheWholeRange) {
    Backoff b(1000ms, 60000ms);
    std::set<std::int64_t> seen;
    std::int64_t low = 0;
    std::int64_t high = 0;
    for (int i = 0; i < 2000; ++i) {
        auto d = b.delay(3).count(); // ceiling 8000 ms
        ASSERT_GE(d, 0);
        ASSERT_LE(d, 8000);
        seen.insert(d);
        low += d < 2000 ? 1 : 0;
        high += d > 6000 ? 1 : 0;
    }
    EXPECT_GT(seen.size(), 1000U);
    // Full jitter: about a quarter of the draws in each outer quarter (expected 500 each).
    EXPECT_GT(low, 350);
    EXPECT_GT(high, 350);
}

} // namespace
} // namespace madoguchi::sync
