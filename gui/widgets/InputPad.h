// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <wx/panel.h>

#include <functional>

namespace madoguchi::gui {

class OnScreenKeyboard;
class NumericKeypad;

// The on-screen keyboard and the numeric keypad of one screen: the pad follows the field
// the member last touched, showing the keypad for digit fields and the keyboard otherwise.
class InputPad : public wxPanel {
public:
    enum class Kind { Text, Digits };
    InputPad(wxWindow* parent, bool allowUppercase);
    void attach(wxWindow* field, Kind kind);
    void focus(wxWindow* field);
    void retranslate();
    // Keys of the on-screen keyboard limited to what the screen's fields allow.
    void setKeyFilter(std::function<bool(char)> allowed);

private:
    void show(Kind kind);
    OnScreenKeyboard* m_keyboard;
    NumericKeypad* m_keypad;
};

} // namespace madoguchi::gui
