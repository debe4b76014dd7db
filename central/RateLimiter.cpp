// SPDX-License-Identifier: Apache-2.0
#include "central/RateLimiter.h"

#include <algorithm>
#include <cmath>

namespace madoguchi::central {

RateLimiter::RateLimiter(double perSecond, double burst)
    : m_perSecond(perSecond > 0 ? perSecond : 1.0), m_burst(burst >= 1 ? burst : 1.0) {}

RateLimiter::Decision RateLimiter::take(std::string_view key,
                                        std::chrono::system_clock::time_point now) {
    std::lock_guard lock(m_mutex);
    auto it = m_buckets.find(key);
    if (it == m_buckets.end()) {
        it = m_buckets.emplace(std::string(key), Bucket{m_burst, now}).first;
    }
    Bucket& b = it->second;
    if (now > b.last) {
        const double elapsed = std::chrono::duration<double>(now - b.last).count();
        b.tokens = std::min(m_burst, b.tokens + elapsed * m_perSecond);
        b.last = now;
    }
    if (b.tokens >= 1.0) {
        b.tokens -= 1.0;
        return {true, 0};
    }
    const double wait = (1.0 - b.tokens) / m_perSecond;
    return {false, std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil(wait)))};
}

} // namespace madoguchi::central
