// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Result.h"
#include "screens/KeyInsertScreen.h"
#include "views/ScreenView.h"

#include <wx/timer.h>

#include <memory>
#include <string>
#include <vector>

class wxButton;
class wxStaticText;

namespace madoguchi::gui {

// ⑪ Insert a security key. Looks for keys every second off the UI thread; the first key found
// is opened and its PIN state read, then the flow moves to KeyPin (or, for a key that verifies
// the member itself, to KeyTouch). A key that cannot be used here (a refused model, a blocked
// PIN, one that must be re-plugged, whether found here or sent back from a later screen) keeps
// its message on screen and is not taken again until it has been removed. Without FIDO2
// support the screen says plainly that the method is unavailable. "Choose another method"
// goes back. The rules are KeyInsertScreen's; this view renders it and runs its jobs.
class KeyInsertView : public ScreenView {
public:
    KeyInsertView(wxWindow* parent, KioskContext& ctx, std::shared_ptr<SecurityKeySession> session);
    void retranslate() override;
    void onEnter() override;
    void wipe() override;
    bool hasMainAction() const override { return false; }

private:
    void poll();
    void open(const std::string& path);
    void render();
    void stop();

    std::shared_ptr<SecurityKeySession> m_session;
    KeyInsertScreen m_screen;
    wxStaticText* m_status;
    wxButton* m_other;
    wxTimer m_timer;
    CancellationToken m_token; // this screen's polling; tripped when it is left
};

} // namespace madoguchi::gui
