// SPDX-License-Identifier: Apache-2.0
#include "screens/KeyInsertScreen.h"

#include "flow/EnrollmentFlow.h"

#include <utility>

namespace madoguchi::gui {

KeyInsertScreen::KeyInsertScreen(EnrollmentFlow& flow, SecurityKeySession& session)
    : m_flow(flow), m_session(session) {}

void KeyInsertScreen::enter() {
    // A later screen sent the member back because of this key: it stays refused until it has
    // been removed, so that the message can be read and a re-plug is a real one.
    std::string refusedPath;
    const auto& error = m_flow.lastError();
    if (const auto key = m_session.key(); key && error && deviceErrorRefusesKey(error->code)) {
        refusedPath = key->path();
    }
    // Possibly another key: nothing learnt about the previous one holds.
    m_session.reset();
    m_looking = false;
    m_error.reset();
    m_refusedModel.clear();
    m_refusedPath = std::move(refusedPath);
    if (!m_session.available()) {
        m_status = Status::Unavailable;
        m_error = ErrorCode::Unsupported;
        return;
    }
    m_status = m_refusedPath.empty() ? Status::Looking : Status::RemoveKey;
}

bool KeyInsertScreen::lookDue() {
    if (m_flow.state() != FlowState::KeyInsert || m_looking || m_status == Status::Unavailable ||
        m_status == Status::Opening || m_status == Status::Done) {
        return false;
    }
    m_looking = true;
    return true;
}

std::optional<std::string>
KeyInsertScreen::looked(Result<std::vector<devices::DeviceEntry>> listed) {
    m_looking = false;
    if (m_flow.state() != FlowState::KeyInsert || m_status == Status::Unavailable ||
        m_status == Status::Opening || m_status == Status::Done) {
        return std::nullopt;
    }
    if (!listed) {
        if (listed.code() == ErrorCode::DeviceUnsupported) {
            m_status = Status::Unavailable;
        }
        m_error = listed.code();
        return std::nullopt;
    }
    std::vector<devices::DeviceEntry> keys;
    bool refusedStillThere = false;
    for (auto& entry : *listed) {
        if (entry.path == m_refusedPath) {
            refusedStillThere = true;
        } else {
            keys.push_back(std::move(entry));
        }
    }
    if (!refusedStillThere) {
        m_refusedPath.clear();
        m_refusedModel.clear();
    }
    if (keys.empty()) {
        // A refusal stays on screen until the key is removed.
        m_status = refusedStillThere ? Status::RemoveKey : Status::NoKey;
        return std::nullopt;
    }
    m_status = Status::Opening;
    return keys.front().path;
}

void KeyInsertScreen::opened(const std::string& path,
                             Result<std::shared_ptr<SecurityKeySession::Key>> opened) {
    if (m_flow.state() != FlowState::KeyInsert || m_status != Status::Opening) {
        return;
    }
    if (!opened) {
        // Unplugged while opening, or not a FIDO2 key: say so and keep looking.
        refuse(path, opened.error(), {});
        return;
    }
    auto key = std::move(opened).value();
    if (!key->step) {
        // A refused model, a blocked PIN, no way to verify the member.
        refuse(path, key->step.error(), key->modelName);
        return;
    }
    const devices::PinStep step = *key->step;
    m_session.setKey(std::move(key));
    m_status = Status::Done;
    switch (step) {
    case devices::PinStep::ChooseNewPin:
        (void)m_flow.keyDetected(false);
        break;
    case devices::PinStep::EnterPin:
        (void)m_flow.keyDetected(true);
        break;
    case devices::PinStep::None:
        // Windows Hello (or the key's own biometrics) asks for the member's PIN or fingerprint
        // itself.
        (void)m_flow.keyVerifiesItself();
        break;
    }
}

std::optional<ErrorCode> KeyInsertScreen::takeError() {
    return std::exchange(m_error, std::nullopt);
}

void KeyInsertScreen::refuse(const std::string& path, const Error& why, std::string modelName) {
    m_refusedPath = path;
    m_refusedModel = std::move(modelName);
    m_status = Status::RemoveKey;
    (void)m_flow.deviceError(why); // stays here; the frame shows why
}

} // namespace madoguchi::gui
