// SPDX-License-Identifier: Apache-2.0
#include "kiosk/StaffPinGate.h"

#include "core/Log.h"
#include "crypto/PasswordHasher.h"
#include "store/LocalStore.h"

#include <string_view>

namespace madoguchi::kiosk {

namespace {
constexpr std::string_view kLockoutKey = "staff_pin.lockout";

std::optional<AttemptLockout::State> readKept(store::LocalStore& store) {
    auto kept = store.getValue(kLockoutKey);
    if (!kept) {
        logger()->error("staff PIN lockout not read: {} {}", toString(kept.code()),
                        kept.error().detail);
        return std::nullopt;
    }
    if (!*kept) {
        return std::nullopt;
    }
    auto state = AttemptLockout::decode(**kept);
    if (!state) {
        logger()->warn("staff PIN lockout in the store does not parse; counting from zero");
    }
    return state;
}
} // namespace

StaffPinGate::StaffPinGate(std::string pinHash, store::LocalStore& store, const Clock& clock,
                           AttemptLockoutOptions options)
    : m_pinHash(std::move(pinHash)), m_store(store), m_lockout(clock, options) {
    // Wrong staff PINs survive a restart of the kiosk.
    if (auto kept = readKept(m_store)) {
        m_lockout.restore(*kept);
    }
    m_lockout.setOnChange([this](const AttemptLockout::State& state) {
        if (Status kept = m_store.setValue(kLockoutKey, AttemptLockout::encode(state)); !kept) {
            logger()->error("staff PIN lockout not kept: {} {}", toString(kept.code()),
                            kept.error().detail);
        }
        if (state.lockedUntil) {
            logger()->warn("staff panel locked after {} wrong PINs", state.failures);
        }
    });
}

StaffPinGate::Begun StaffPinGate::begin(SecureBuffer pin) {
    Begun begun;
    if (!configured()) {
        begun.refused = Refusal::NotConfigured;
    } else if (m_lockout.locked()) {
        begun.refused = Refusal::Locked;
    } else if (m_checking) {
        begun.refused = Refusal::Busy;
    } else {
        m_checking = true;
        begun.check = Check{m_pinHash, std::move(pin)};
    }
    return begun;
}

Result<bool> StaffPinGate::verify(const Check& check) {
    return crypto::PasswordHasher::verify(check.pinHash, check.pin);
}

StaffPinGate::Outcome StaffPinGate::finish(const Result<bool>& matched) {
    m_checking = false;
    if (matched && *matched) {
        m_lockout.recordSuccess();
        return Outcome::Open;
    }
    if (!matched) {
        logger()->error("staff PIN not checked: {} {}", toString(matched.code()),
                        matched.error().detail);
    }
    m_lockout.recordFailure();
    return m_lockout.locked() ? Outcome::Locked : Outcome::Wrong;
}

} // namespace madoguchi::kiosk
