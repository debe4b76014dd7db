// SPDX-License-Identifier: Apache-2.0
#include "sync/Backoff.h"

#include <algorithm>
#include <memory>
#include <random>

namespace madoguchi::sync {

Backoff::Backoff(std::chrono::milliseconds base, std::chrono::milliseconds cap, Random random)
    : m_base(std::max(base, std::chrono::milliseconds(0))),
      m_cap(std::max(cap, std::chrono::milliseconds(0))), m_random(std::move(random)) {
    if (!m_random) {
        auto engine = std::make_shared<std::mt19937_64>(std::random_device{}());
        m_random = [engine](std::uint64_t maxInclusive) {
            return std::uniform_int_distribution<std::uint64_t>(0, maxInclusive)(*engine);
        };
    }
}

std::chrono::milliseconds Backoff::ceiling(std::int64_t attempt) const {
    const std::int64_t base = m_base.count();
    const std::int64_t cap = m_cap.count();
    if (base == 0) {
        return std::chrono::milliseconds(0);
    }
    std::int64_t value = base;
    for (std::int64_t i = 0; i < attempt && value < cap; ++i) {
        value *= 2; // stops doubling at the cap, so it cannot overflow
    }
    return std::chrono::milliseconds(std::min(value, cap));
}

std::chrono::milliseconds Backoff::delay(std::int64_t attempt) {
    const auto top = static_cast<std::uint64_t>(ceiling(attempt).count());
    const std::uint64_t drawn = std::min(m_random(top), top);
    return std::chrono::milliseconds(static_cast<std::int64_t>(drawn));
}

} // namespace madoguchi::sync
