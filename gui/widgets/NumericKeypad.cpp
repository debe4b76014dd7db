// SPDX-License-Identifier: Apache-2.0
#include "widgets/NumericKeypad.h"

#include "Theme.h"
#include "widgets/KeyButton.h"
#include "widgets/KeyboardTarget.h"
#include "widgets/SecretField.h"

#include <wx/button.h>
#include <wx/intl.h>
#include <wx/sizer.h>
#include <wx/textctrl.h>

namespace madoguchi::gui {

NumericKeypad::NumericKeypad(wxWindow* parent, const wxString& name) : wxPanel(parent, wxID_ANY) {
    SetName(name);
    const int gap = Theme::px(this, 10);
    auto* grid = new wxGridSizer(4, 3, gap, gap);
    const wxSize keySize(Theme::px(this, 120), Theme::px(this, 96));
    auto refocus = [this] {
        KeyboardTarget::keepFocus(m_target);
    };
    const char* order = "123456789";
    for (int i = 0; i < 9; ++i) {
        wxString digit(order[i]);
        auto* key = new KeyButton(this, digit, keySize);
        key->SetName("digit" + digit);
        key->SetFont(Theme::font(this, sizes::kHeadingText, true));
        key->Bind(wxEVT_BUTTON, [this, digit, refocus](wxCommandEvent&) {
            KeyboardTarget::insert(m_target, digit);
            refocus();
        });
        grid->Add(key, 0, wxEXPAND);
    }
    m_clear = new KeyButton(this, " ", keySize);
    m_clear->SetName("digitClear");
    m_clear->SetFont(Theme::font(this, sizes::kBodyText, true));
    m_clear->Bind(wxEVT_BUTTON, [this, refocus](wxCommandEvent&) {
        if (auto* secret = dynamic_cast<SecretField*>(m_target)) {
            secret->clear();
        } else if (auto* ctrl = dynamic_cast<wxTextCtrl*>(m_target)) {
            ctrl->Clear();
        }
        refocus();
    });
    grid->Add(m_clear, 0, wxEXPAND);
    auto* zero = new KeyButton(this, "0", keySize);
    zero->SetName("digit0");
    zero->SetFont(Theme::font(this, sizes::kHeadingText, true));
    zero->Bind(wxEVT_BUTTON, [this, refocus](wxCommandEvent&) {
        KeyboardTarget::insert(m_target, "0");
        refocus();
    });
    grid->Add(zero, 0, wxEXPAND);
    m_backspace = new KeyButton(this, " ", keySize);
    m_backspace->SetName("digitBackspace");
    m_backspace->SetFont(Theme::font(this, sizes::kBodyText, true));
    m_backspace->Bind(wxEVT_BUTTON, [this, refocus](wxCommandEvent&) {
        KeyboardTarget::backspace(m_target);
        refocus();
    });
    grid->Add(m_backspace, 0, wxEXPAND);
    SetSizer(grid);
    retranslate();
}

void NumericKeypad::retranslate() {
    // TRANSLATORS: keypad key that clears the whole field
    m_clear->SetLabel(_("Clear"));
    // TRANSLATORS: keypad key that deletes one digit
    m_backspace->SetLabel(_("Delete"));
}

} // namespace madoguchi::gui
