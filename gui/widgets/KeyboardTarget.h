// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <wx/string.h>

class wxWindow;

namespace madoguchi::gui {

// Sends on-screen key presses to a field: a SecretField or a wxTextCtrl.
struct KeyboardTarget {
    static void insert(wxWindow* field, const wxString& text);
    static void backspace(wxWindow* field);
    static void enter(wxWindow* field);
    // Gives the focus back to the field after a key press without touching what it holds:
    // nothing when it has the focus already, else focus with the caret where it was (GTK
    // selects a whole entry when it gains the focus).
    static void keepFocus(wxWindow* field);
};

} // namespace madoguchi::gui
