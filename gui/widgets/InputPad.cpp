// SPDX-License-Identifier: Apache-2.0
#include "widgets/InputPad.h"

#include "widgets/NumericKeypad.h"
#include "widgets/OnScreenKeyboard.h"
#include "widgets/SecretField.h"

#include <wx/sizer.h>

namespace madoguchi::gui {

InputPad::InputPad(wxWindow* parent, bool allowUppercase) : wxPanel(parent, wxID_ANY) {
    SetName("inputPad");
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    m_keyboard = new OnScreenKeyboard(this, "keyboard", allowUppercase);
    m_keypad = new NumericKeypad(this, "keypad");
    sizer->Add(m_keyboard, 0, wxALIGN_CENTER_HORIZONTAL);
    sizer->Add(m_keypad, 0, wxALIGN_CENTER_HORIZONTAL);
    SetSizer(sizer);
    show(Kind::Text);
}

void InputPad::attach(wxWindow* field, Kind kind) {
    field->Bind(wxEVT_SET_FOCUS, [this, field, kind](wxFocusEvent& event) {
        if (kind == Kind::Digits) {
            m_keypad->setTarget(field);
        } else {
            m_keyboard->setTarget(field);
        }
        show(kind);
        event.Skip();
    });
    if (kind == Kind::Digits) {
        m_keypad->setTarget(field);
    } else if (m_keyboard->target() == nullptr) {
        m_keyboard->setTarget(field);
    }
}

void InputPad::focus(wxWindow* field) {
    if (field != nullptr) {
        field->SetFocus();
    }
}

void InputPad::show(Kind kind) {
    m_keyboard->Show(kind == Kind::Text);
    m_keypad->Show(kind == Kind::Digits);
    Layout();
    if (GetParent() != nullptr) {
        GetParent()->Layout();
    }
}

void InputPad::setKeyFilter(std::function<bool(char)> allowed) {
    m_keyboard->setKeyFilter(std::move(allowed));
    Layout();
}

void InputPad::retranslate() {
    m_keyboard->retranslate();
    m_keypad->retranslate();
}

} // namespace madoguchi::gui
