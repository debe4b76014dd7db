// SPDX-License-Identifier: Apache-2.0
#include "screens/KeyPinScreen.h"

#include "devices/PinPolicy.h"
#include "flow/EnrollmentFlow.h"

namespace madoguchi::gui {

KeyPinScreen::KeyPinScreen(EnrollmentFlow& flow, SecurityKeySession& session)
    : m_flow(flow), m_session(session) {}

bool KeyPinScreen::newPin() const {
    return !m_flow.keyHasPin();
}

std::size_t KeyPinScreen::minLength() const {
    const auto key = m_session.key();
    return key ? key->pin.minLength : 4;
}

KeyPinScreen::Submitted KeyPinScreen::submit(const SecureBuffer& pin,
                                             const SecureBuffer& confirmation) {
    Submitted submitted;
    auto key = m_session.key();
    if (!key) {
        (void)m_flow.deviceError(Error{ErrorCode::DeviceNotFound, "no key opened"});
        submitted.problem = Problem::NoKey;
        return submitted;
    }
    if (pin.empty()) {
        submitted.problem = Problem::Empty;
        return submitted;
    }
    const bool choosing = newPin();
    if (choosing) {
        if (!pin.equals(confirmation.bytes())) {
            submitted.problem = Problem::Mismatch;
            return submitted;
        }
        if (!devices::checkNewPin(pin, key->pin.minLength)) {
            submitted.problem = Problem::TooShort;
            return submitted;
        }
    }
    submitted.send = Send{std::move(key), pin.clone(), choosing};
    return submitted;
}

Status KeyPinScreen::send(Send& send) {
    return send.newPin ? send.key->enrollment->chooseNewPin(std::move(send.pin))
                       : send.key->enrollment->enterPin(std::move(send.pin));
}

std::optional<int> KeyPinScreen::answered(const Status& status) {
    if (m_flow.state() != FlowState::KeyPin) {
        return std::nullopt;
    }
    if (status) {
        (void)m_flow.keyPinAccepted();
        return std::nullopt;
    }
    (void)m_flow.deviceError(status.error());
    if (status.code() == ErrorCode::DevicePinInvalid && m_flow.state() == FlowState::KeyPin) {
        if (const auto key = m_session.key()) {
            return key->enrollment->retriesLeft();
        }
    }
    return std::nullopt;
}

} // namespace madoguchi::gui
