// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Error.h"
#include "core/Result.h"
#include "devices/DeviceTypes.h"
#include "screens/SecurityKeySession.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace madoguchi {
class EnrollmentFlow;
}

namespace madoguchi::gui {

// ⑪ Insert a security key, without a window: when to look for keys, which key to open, which
// key stays refused until it has been removed, and what the flow is told once a key is open
// (its PIN state: a new PIN, the PIN it has, or a key that verifies the member itself). The
// view (KeyInsertView) runs the looks and opens on workers and renders status().
class KeyInsertScreen {
public:
    enum class Status {
        Unavailable, // this kiosk has no FIDO2 support
        Looking,     // looking for a key
        NoKey,       // nothing inserted yet
        RemoveKey,   // the key inserted was refused: taken again only after it was removed
        Opening,     // a key was found and is being opened
        Done,        // the key is open and the flow was told
    };

    KeyInsertScreen(EnrollmentFlow& flow, SecurityKeySession& session);

    // The screen is entered. A key a later screen sent the member back for (deviceErrorRefusesKey)
    // stays refused until it has been removed; nothing learnt about a previous key holds.
    void enter();
    Status status() const { return m_status; }
    // The refused key's model ("YubiKey 5 NFC"), when it is known.
    const std::string& refusedModel() const { return m_refusedModel; }

    // A tick of the view's timer: true when a look is to run now (never two at once, none
    // while a key is being opened or once it is open).
    bool lookDue();
    // A look's answer: the path of the key to open now, or nullopt. A look that failed is kept
    // for takeError(); DeviceUnsupported makes the screen Unavailable.
    std::optional<std::string> looked(Result<std::vector<devices::DeviceEntry>> listed);
    // The open's answer: the flow moves on with the key's PIN step, or the key is refused (the
    // flow is told why and the screen stays).
    void opened(const std::string& path, Result<std::shared_ptr<SecurityKeySession::Key>> opened);
    // A look's error to show, once.
    std::optional<ErrorCode> takeError();

private:
    void refuse(const std::string& path, const Error& why, std::string modelName);

    EnrollmentFlow& m_flow;
    SecurityKeySession& m_session;
    Status m_status = Status::Looking;
    bool m_looking = false;
    std::string m_refusedPath; // not tried again until it is removed
    std::string m_refusedModel;
    std::optional<ErrorCode> m_error;
};

} // namespace madoguchi::gui
