// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <thread>

namespace madoguchi::test {

// How long a test waits for another thread before it calls the wait a hang: far above any
// honest run, also under the sanitizers on a busy machine. Never a measure of speed.
inline constexpr std::chrono::seconds kHangGuard{120};

// Looks at `condition` every few milliseconds until it holds; false only after kHangGuard.
// For what another thread does (a worker's pass, a server coming up), where there is no
// clock to advance.
template <class Condition>
bool waitUntil(Condition condition, std::chrono::milliseconds guard = kHangGuard) {
    const auto end = std::chrono::steady_clock::now() + guard;
    while (!condition()) {
        if (std::chrono::steady_clock::now() >= end) {
            return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
}

} // namespace madoguchi::test
