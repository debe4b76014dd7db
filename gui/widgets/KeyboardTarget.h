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
};

} // namespace madoguchi::gui
