// SPDX-License-Identifier: Apache-2.0
#include "central/RateLimiter.h"

#include <gtest/gtest.h>

using madoguchi::central::RateLimiter;
using namespace std::chrono_literals;

TEST(RateLimiter, AllowsABurstThenRefusesWithARetryTime) {
    RateLimiter limiter(2.0, 3.0);
    const std::chrono::system_clock::time_point t0{std::chrono::seconds(1000)};
    EXPECT_TRUE(limiter.take("kiosk-01", t0).allowed);
    EXPECT_TRUE(limiter.take("kiosk-01", t0).allowed);
    EXPECT_TRUE(limiter.take("kiosk-01", t0).allowed);
    const auto refused = limiter.take("kiosk-01", t0);
    EXPECT_FALSE(refused.allowed);
    EXPECT_EQ(refused.retryAfterSeconds, 1);
    // Another kiosk has its own bucket.
    EXPECT_TRUE(limiter.take("kiosk-02", t0).allowed);
}

TEST(RateLimiter, RefillsAtTheConfiguredRateUpToTheBurst) {
    RateLimiter limiter(2.0, 3.0);
    const std::chrono::system_clock::time_point t0{std::chrono::seconds(1000)};
    for (int i = 0; i < 3; ++i) {
        ASSERT_TRUE(limiter.take("k", t0).allowed);
    }
    EXPECT_FALSE(limiter.take("k", t0 + 400ms).allowed);
    EXPECT_TRUE(limiter.take("k", t0 + 600ms).allowed); // 1.2 tokens refilled
    EXPECT_FALSE(limiter.take("k", t0 + 700ms).allowed);
    // A long pause refills only up to the burst.
    const auto later = t0 + 1h;
    for (int i = 0; i < 3; ++i) {
        EXPECT_TRUE(limiter.take("k", later).allowed) << i;
    }
    EXPECT_FALSE(limiter.take("k", later).allowed);
}
