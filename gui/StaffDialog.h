// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "KioskContext.h"

#include <wx/dialog.h>
#include <wx/timer.h>

#include <string>

class wxButton;
class wxStaticText;
class wxPanel;

namespace madoguchi::gui {

class SecretField;
class NumericKeypad;

// The staff panel (modeless, over the disabled screens), behind the staff PIN (a PBKDF2 hash in the
// config): outbox depth, results that need staff, last delivery, the screen the member is on, the
// phone-clock hint, and the actions staff need at the counter. Five wrong PINs lock it for five
// minutes (kiosk::StaffPinGate keeps the count, so closing the dialog does not reset it).
class StaffDialog : public wxDialog {
public:
    StaffDialog(wxWindow* parent, KioskContext& ctx);

private:
    // Closes the panel and gives the screens back to the member.
    void finish();
    void checkPin();
    void showPanel();
    // Shows the lock (and disables the PIN entry) while the staff PIN is locked.
    void refreshLock();
    // The line under the PIN field, wrapped; the dialog grows or shrinks to it.
    void setPinMessage(const wxString& text);
    // Shrinks or grows the dialog to the page on show, centred on the kiosk.
    void fitToPage();
    wxString statusText() const;
    // A line on the panel answering a staff action (e.g. that there was nothing to act on).
    void say(const wxString& text);

    KioskContext& m_ctx;
    wxPanel* m_pinPage;
    wxPanel* m_panelPage;
    SecretField* m_pin;
    NumericKeypad* m_keypad;
    wxStaticText* m_pinMessage;
    wxStaticText* m_status;
    wxStaticText* m_panelMessage = nullptr;
    wxButton* m_unlock;
    wxTimer m_lockTimer;
    wxSize m_fitted; // the size fitToPage last asked for
    bool m_finished = false;
    bool m_quitAsked = false;
};

} // namespace madoguchi::gui
