// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace madoguchi::central {

// A token bucket per key (kiosk ID): `burst` tokens, refilled at `perSecond`; each request
// takes one. Thread-safe.
class RateLimiter {
public:
    struct Decision {
        bool allowed = true;
        std::int64_t retryAfterSeconds = 0; // when refused: whole seconds until one token
    };

    RateLimiter(double perSecond, double burst);
    Decision take(std::string_view key, std::chrono::system_clock::time_point now);

private:
    struct Bucket {
        double tokens = 0;
        std::chrono::system_clock::time_point last;
    };
    double m_perSecond;
    double m_burst;
    std::mutex m_mutex;
    std::map<std::string, Bucket, std::less<>> m_buckets;
};

} // namespace madoguchi::central
