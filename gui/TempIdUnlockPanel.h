// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "KioskContext.h"

#include <wx/panel.h>

class wxButton;
class wxStaticText;
class wxTextCtrl;

namespace madoguchi::gui {

// A part of the staff panel: unlock a temporary ID that the central service locked after too
// many wrong entries, without a command line. The field starts with the ID the member was
// refused for in this visit. The request runs as a job (network, never on the UI thread); the
// central service audits it with this kiosk and the action, and so does the kiosk.
class TempIdUnlockPanel : public wxPanel {
public:
    TempIdUnlockPanel(wxWindow* parent, KioskContext& ctx);

private:
    void unlock();
    void say(const wxString& text, bool error);

    KioskContext& m_ctx;
    wxTextCtrl* m_tempId;
    wxButton* m_button;
    wxStaticText* m_message;
    bool m_unlocking = false;
    int m_messageHeight = 0;
    static constexpr int kMessageWidth = 1000;
};

} // namespace madoguchi::gui
