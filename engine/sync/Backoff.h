// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>

namespace madoguchi::sync {

// Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff and
// Jitter"): delay = random_between(0, min(cap, base * 2^attempt)). Full jitter spreads the
// retries of many kiosks that lost the network together, so they do not return in step.
class Backoff {
public:
    // Returns a uniformly distributed integer in [0, maxInclusive]. Injectable for tests.
    using Random = std::function<std::uint64_t(std::uint64_t maxInclusive)>;

    // An empty `random` uses a per-instance std::mt19937_64 seeded from std::random_device.
    Backoff(std::chrono::milliseconds base, std::chrono::milliseconds cap, Random random = {});

    // min(cap, base * 2^attempt); attempt counts earlier failures (0 for the first retry).
    // Saturates instead of overflowing for large attempts.
    std::chrono::milliseconds ceiling(std::int64_t attempt) const;
    // A random delay in [0, ceiling(attempt)].
    std::chrono::milliseconds delay(std::int64_t attempt);

private:
    std::chrono::milliseconds m_base;
    std::chrono::milliseconds m_cap;
    Random m_random;
};

} // namespace madoguchi::sync
