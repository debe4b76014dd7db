// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>

namespace madoguchi {

// A shared "stop" flag: tripped by the Cancel button, the inactivity timeout, the end of a
// visit and the kiosk's shutdown; read by the jobs it was given to. Copies share the flag.
class CancellationToken {
public:
    void cancel() {
        {
            std::lock_guard lock(m_state->mutex);
            m_state->cancelled.store(true);
        }
        m_state->changed.notify_all();
    }
    bool cancelled() const { return m_state->cancelled.load(); }
    // Waits until the token is cancelled or `timeout` has passed (a job's pause between two
    // tries, which a cancel ends at once); true when cancelled.
    template <class Rep, class Period>
    bool waitFor(std::chrono::duration<Rep, Period> timeout) const {
        std::unique_lock lock(m_state->mutex);
        return m_state->changed.wait_for(lock, timeout,
                                         [this] { return m_state->cancelled.load(); });
    }
    // True when both tokens share one flag.
    bool sameAs(const CancellationToken& other) const { return m_state == other.m_state; }

private:
    struct State {
        std::atomic<bool> cancelled{false};
        std::mutex mutex;
        std::condition_variable changed;
    };
    std::shared_ptr<State> m_state = std::make_shared<State>();
};

} // namespace madoguchi
