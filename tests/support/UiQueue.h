// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "WaitUntil.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>

namespace madoguchi::test {

// Stands in for the wx event queue in engine tests: jobs deliver continuations here (from any
// thread), the test thread runs what arrived, as the UI thread would.
class UiQueue {
public:
    void post(std::function<void()> continuation) {
        {
            std::lock_guard lock(m_mutex);
            m_items.push_back(std::move(continuation));
        }
        m_arrived.notify_all();
    }

    // Runs the next delivered continuation on the calling thread; a failure only when none
    // came within the hang guard (a deadlock, never a measure of speed).
    ::testing::AssertionResult runNext() {
        std::function<void()> next;
        {
            std::unique_lock lock(m_mutex);
            if (!m_arrived.wait_for(lock, kHangGuard, [this] { return !m_items.empty(); })) {
                return ::testing::AssertionFailure() << "nothing delivered";
            }
            next = std::move(m_items.front());
            m_items.pop_front();
        }
        next();
        next = nullptr; // released here, on the "UI thread"
        ++m_ran;
        return ::testing::AssertionSuccess();
    }

    // Runs continuations until `count` have run in all since the queue was made.
    ::testing::AssertionResult runUntil(std::size_t count) {
        while (m_ran < count) {
            if (auto ran = runNext(); !ran) {
                return ran;
            }
        }
        return ::testing::AssertionSuccess();
    }

    std::size_t waiting() {
        std::lock_guard lock(m_mutex);
        return m_items.size();
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_arrived;
    std::deque<std::function<void()>> m_items;
    std::size_t m_ran = 0; // touched only by the thread that runs the queue
};

} // namespace madoguchi::test
