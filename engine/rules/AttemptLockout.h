// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Clock.h"

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace madoguchi {

struct AttemptLockoutOptions {
    int maxFailures = 5;                  // wrong attempts in a row before the lock
    std::chrono::seconds lockFor{5 * 60}; // how long the lock lasts
};

// A guess limit for a secret typed at the kiosk (the staff PIN): after `maxFailures` wrong
// attempts in a row nothing is checked until `lockFor` has passed; a right answer resets the
// count. The lock ends by time only, so a stranger at the counter cannot try PINs faster than
// maxFailures per lockFor.
class AttemptLockout {
public:
    explicit AttemptLockout(const Clock& clock, AttemptLockoutOptions options = {});

    // True while locked: do not check the secret at all.
    bool locked() const;
    // Whole seconds until the lock ends, rounded up; nullopt when not locked.
    std::optional<std::chrono::seconds> lockedFor() const;
    // Wrong attempts still allowed before the lock (maxFailures when none failed).
    int attemptsLeft() const;

    void recordFailure();
    void recordSuccess();
    const AttemptLockoutOptions& options() const { return m_options; }

    // What is counted, to keep it on disk: a restart must not give new tries.
    struct State {
        int failures = 0;
        std::optional<std::chrono::system_clock::time_point> lockedUntil;
        bool operator==(const State&) const = default;
    };
    State state() const { return State{m_failures, m_lockedUntil}; }
    // A lock read back never lasts longer than lockFor from now (a clock set back, a damaged
    // file), and a count never exceeds maxFailures.
    void restore(const State& state);
    // Called after every change of the count or the lock, with the new state.
    void setOnChange(std::function<void(const State&)> onChange) {
        m_onChange = std::move(onChange);
    }
    // "failures;lockedUntilMs" ("3;" when not locked); nullopt for anything else.
    static std::string encode(const State& state);
    static std::optional<State> decode(std::string_view text);

private:
    const Clock& m_clock;
    AttemptLockoutOptions m_options;
    int m_failures = 0;
    std::optional<std::chrono::system_clock::time_point> m_lockedUntil;
    std::function<void(const State&)> m_onChange;
};

} // namespace madoguchi
