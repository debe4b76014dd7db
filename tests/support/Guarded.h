// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <mutex>
#include <utility>

namespace madoguchi::test {

// A value a test shares with a server handler running on another thread. The answer reaches
// the test over a socket, which is no happens-before edge the sanitizer can see when the
// server library is not instrumented (Debian's libcpp-httplib), so what the handler records
// and what the test sets for the next answer go through a mutex.
template <class T>
class Guarded {
public:
    Guarded() = default;
    explicit Guarded(T value) : m_value(std::move(value)) {}

    void set(T value) {
        std::lock_guard lock(m_mutex);
        m_value = std::move(value);
    }
    T get() const {
        std::lock_guard lock(m_mutex);
        return m_value;
    }

private:
    mutable std::mutex m_mutex;
    T m_value{};
};

} // namespace madoguchi::test
