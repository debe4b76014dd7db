// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>

namespace madoguchi {

// Time is injected so that TOTP steps, inactivity timeouts and session expiry are testable.
class Clock {
public:
    virtual ~Clock() = default;
    virtual std::chrono::system_clock::time_point now() const = 0;
};

class SystemClock final : public Clock {
public:
    std::chrono::system_clock::time_point now() const override {
        return std::chrono::system_clock::now();
    }
};

// A clock that moves only when told to; for tests and for replaying a flow.
class ManualClock final : public Clock {
public:
    explicit ManualClock(std::chrono::system_clock::time_point start = {}) : m_now(start) {}
    std::chrono::system_clock::time_point now() const override { return m_now; }
    void set(std::chrono::system_clock::time_point t) { m_now = t; }
    void advance(std::chrono::system_clock::duration d) { m_now += d; }

private:
    std::chrono::system_clock::time_point m_now;
};

} // namespace madoguchi
