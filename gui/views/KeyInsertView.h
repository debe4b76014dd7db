// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Result.h"
#include "devices/DeviceTypes.h"
#include "views/ScreenView.h"

#include <wx/timer.h>

#include <memory>
#include <string>
#include <vector>

class wxButton;
class wxStaticText;

namespace madoguchi::gui {

class SecurityKeySession;

// ⑪ Insert a security key. Looks for keys every second off the UI thread; the first key found
// is opened and its PIN state read, then the flow moves to KeyPin (or, for a key that verifies
// the member itself, to KeyTouch). A key that cannot be used here (a refused model, a blocked
// PIN, one that must be re-plugged, whether found here or sent back from a later screen) keeps
// its message on screen and is not taken again until it has been removed. Without FIDO2
// support the screen says plainly that the method is unavailable. "Choose another method"
// goes back.
class KeyInsertView : public ScreenView {
public:
    KeyInsertView(wxWindow* parent, KioskContext& ctx, std::shared_ptr<SecurityKeySession> session);
    void retranslate() override;
    void onEnter() override;
    void wipe() override;
    bool hasMainAction() const override { return false; }

private:
    void poll();
    void onListed(Result<std::vector<devices::DeviceEntry>> listed);
    void refuse(const std::string& path, const Error& why, const std::string& modelName);
    void stop();

    std::shared_ptr<SecurityKeySession> m_session;
    wxStaticText* m_status;
    wxButton* m_other;
    wxTimer m_timer;
    CancellationToken m_token; // this screen's polling; tripped when it is left
    bool m_polling = false;
    bool m_opening = false;
    std::string m_rejectedPath; // a key refused here is not tried again until it is removed
};

} // namespace madoguchi::gui
