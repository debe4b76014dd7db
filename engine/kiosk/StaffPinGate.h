// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Clock.h"
#include "core/Result.h"
#include "core/SecureBuffer.h"
#include "rules/AttemptLockout.h"

#include <chrono>
#include <optional>
#include <string>

namespace madoguchi::store {
class LocalStore;
}

namespace madoguchi::kiosk {

// The staff panel's PIN gate: the configured PBKDF2 hash, and the count of wrong PINs with
// its lock, kept in the local store so that a restart gives no new tries. The panel only
// renders what the gate says and forwards the typed PIN.
//
// Use (UI thread): begin() takes the PIN and gives a check for a worker, or says why none
// runs (no PIN configured, locked, a check already running); verify() runs on the worker
// (PBKDF2, slow); finish() counts its answer.
class StaffPinGate {
public:
    // Reads the kept count from `store` (the UI thread's connection) and writes every change
    // back to it.
    StaffPinGate(std::string pinHash, store::LocalStore& store, const Clock& clock,
                 AttemptLockoutOptions options = {});
    StaffPinGate(const StaffPinGate&) = delete;
    StaffPinGate& operator=(const StaffPinGate&) = delete;

    bool configured() const { return !m_pinHash.empty(); }
    // While locked no PIN is checked at all; the lock ends by time only.
    bool locked() const { return m_lockout.locked(); }
    // Whole seconds until the lock ends; nullopt when not locked.
    std::optional<std::chrono::seconds> lockedFor() const { return m_lockout.lockedFor(); }
    int attemptsLeft() const { return m_lockout.attemptsLeft(); }
    int maxFailures() const { return m_lockout.options().maxFailures; }
    bool checking() const { return m_checking; }
    // True when the PIN can be typed and sent: configured, not locked, no check running.
    bool accepting() const { return configured() && !locked() && !m_checking; }

    enum class Refusal {
        NotConfigured, // no staff PIN in this kiosk's configuration
        Locked,        // too many wrong PINs: wait for the lock to end
        Busy,          // the previous PIN is still being checked
    };
    // A check for the worker: owns a copy of the hash and of the PIN (wiped with it).
    struct Check {
        std::string pinHash;
        SecureBuffer pin;
    };
    struct Begun {
        std::optional<Check> check;     // set when a check is to run
        std::optional<Refusal> refused; // set otherwise
    };
    // UI thread. Takes the PIN (the caller's field is cleared by the move).
    Begun begin(SecureBuffer pin);
    // [worker] PBKDF2 against the configured hash.
    static Result<bool> verify(const Check& check);

    enum class Outcome {
        Open,  // the PIN matched: the count is cleared
        Wrong, // a wrong PIN, attemptsLeft() more before the lock
        Locked // this wrong PIN locked the gate
    };
    // UI thread: counts the worker's answer. A failed check (not a clear match) counts as a
    // wrong PIN: the gate never opens on an error.
    Outcome finish(const Result<bool>& matched);

private:
    std::string m_pinHash;
    store::LocalStore& m_store;
    AttemptLockout m_lockout;
    bool m_checking = false;
};

} // namespace madoguchi::kiosk
