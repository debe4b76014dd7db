// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "KioskContext.h"

#include <wx/dialog.h>

#include <string>

class wxButton;
class wxStaticText;
class wxPanel;

namespace madoguchi::gui {

class SecretField;
class NumericKeypad;

// The staff panel, behind the staff PIN (a PBKDF2 hash in the config): outbox depth, last
// delivery, and the actions staff need at the counter.
class StaffDialog : public wxDialog {
public:
    StaffDialog(wxWindow* parent, KioskContext& ctx);
    // The hash every instance checks against; set once at start-up from the config.
    static void setPinHash(std::string pinHash);

private:
    void checkPin();
    void showPanel();
    KioskContext& m_ctx;
    wxPanel* m_pinPage;
    wxPanel* m_panelPage;
    SecretField* m_pin;
    NumericKeypad* m_keypad;
    wxStaticText* m_pinMessage;
    wxStaticText* m_status;
    wxButton* m_unlock;
};

} // namespace madoguchi::gui
