// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <wx/button.h>

namespace madoguchi::gui {

// A key of the on-screen keyboard or keypad. It never takes the focus, neither from a tap nor
// from Tab: the focus stays in the field being typed into. (A key that took the focus handed it
// back with SetFocus, and GTK selects a whole entry when it gains the focus, so the next key
// replaced everything typed so far.)
class KeyButton : public wxButton {
public:
    KeyButton(wxWindow* parent, const wxString& label, const wxSize& size)
        : wxButton(parent, wxID_ANY, label, wxDefaultPosition, size) {
        SetCanFocus(false);
    }
    bool AcceptsFocus() const override { return false; }
    bool AcceptsFocusFromKeyboard() const override { return false; }
};

} // namespace madoguchi::gui
