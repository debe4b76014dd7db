// SPDX-License-Identifier: Apache-2.0
#include "rules/AttemptLockout.h"

#include <algorithm>
#include <charconv>

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
    if (m_onChange) {
        m_onChange(state());
    }
}

void AttemptLockout::recordSuccess() {
    if (locked()) {
        return;
    }
    const bool changed = m_failures != 0 || m_lockedUntil;
    m_failures = 0;
    m_lockedUntil.reset();
    if (changed && m_onChange) {
        m_onChange(state());
    }
}

void AttemptLockout::restore(const State& state) {
    m_failures = std::clamp(state.failures, 0, m_options.maxFailures);
    m_lockedUntil = state.lockedUntil;
    const auto latest = m_clock.now() + m_options.lockFor;
    if ((m_lockedUntil && *m_lockedUntil > latest) ||
        (!m_lockedUntil && m_failures >= m_options.maxFailures)) {
        m_lockedUntil = latest;
    }
}

std::string AttemptLockout::encode(const State& state) {
    std::string text = std::to_string(state.failures) + ";";
    if (state.lockedUntil) {
        text += std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                                   state.lockedUntil->time_since_epoch())
                                   .count());
    }
    return text;
}

std::optional<AttemptLockout::State> AttemptLockout::decode(std::string_view text) {
    const auto semicolon = text.find(';');
    if (semicolon == std::string_view::npos) {
        return std::nullopt;
    }
    auto number = [](std::string_view digits) -> std::optional<long long> {
        long long value = 0;
        auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
        if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() ||
            value < 0) {
            return std::nullopt;
        }
        return value;
    };
    const auto failures = number(text.substr(0, semicolon));
    if (!failures || *failures > 1000) {
        return std::nullopt;
    }
    State state;
    state.failures = static_cast<int>(*failures);
    const std::string_view until = text.substr(semicolon + 1);
    if (!until.empty()) {
        const auto ms = number(until);
        if (!ms) {
            return std::nullopt;
        }
        state.lockedUntil = std::chrono::system_clock::time_point(
            std::chrono::duration_cast<std::chrono::system_clock::duration>(
                std::chrono::milliseconds(*ms)));
    }
    return state;
}

} // namespace madoguchi
