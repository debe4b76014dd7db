// SPDX-License-Identifier: Apache-2.0
#include "rules/AttemptLockout.h"

namespace madoguchi {

AttemptLockout::AttemptLockout(const Clock& clock, AttemptLockoutOptions options)
    : m_clock(clock), m_options(options) {
    if (m_options.maxFailures < 1) {
        m_options.maxFailures = 1;
    }
}

bool AttemptLockout::locked() const {
    return m_lockedUntil && m_clock.now() < *m_lockedUntil;
}

std::optional<std::chrono::seconds> AttemptLockout::lockedFor() const {
    if (!locked()) {
        return std::nullopt;
    }
    return std::chrono::ceil<std::chrono::seconds>(*m_lockedUntil - m_clock.now());
}

int AttemptLockout::attemptsLeft() const {
    if (locked()) {
        return 0;
    }
    // A lock that has run out gives a fresh set of attempts.
    const int failures = m_lockedUntil ? 0 : m_failures;
    return m_options.maxFailures - failures;
}

void AttemptLockout::recordFailure() {
    if (locked()) {
        return; // not checked while locked; nothing to count
    }
    if (m_lockedUntil) {
        m_lockedUntil.reset(); // the last lock ran out
        m_failures = 0;
    }
    if (++m_failures >= m_options.maxFailures) {
        m_lockedUntil = m_clock.now() + m_options.lockFor;
    }
}

void AttemptLockout::recordSuccess() {
    if (locked()) {
        return;
    }
    m_failures = 0;
    m_lockedUntil.reset();
}

} // namespace madoguchi
