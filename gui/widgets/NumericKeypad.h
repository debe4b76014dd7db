// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <wx/panel.h>

class wxButton;

namespace madoguchi::gui {

// A large 0-9 keypad for the birth date, the one-time code and PINs.
class NumericKeypad : public wxPanel {
public:
    NumericKeypad(wxWindow* parent, const wxString& name);
    void setTarget(wxWindow* field) { m_target = field; }
    void retranslate();

private:
    wxWindow* m_target = nullptr;
    wxButton* m_backspace = nullptr;
    wxButton* m_clear = nullptr;
};

} // namespace madoguchi::gui
