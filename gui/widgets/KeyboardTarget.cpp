// SPDX-License-Identifier: Apache-2.0
#include "widgets/KeyboardTarget.h"

#include "widgets/SecretField.h"

#include <wx/textctrl.h>

namespace madoguchi::gui {

void KeyboardTarget::insert(wxWindow* field, const wxString& text) {
    if (auto* secret = dynamic_cast<SecretField*>(field)) {
        secret->insertText(text);
    } else if (auto* ctrl = dynamic_cast<wxTextCtrl*>(field)) {
        // The on-screen keys cannot select text, so a selection here is the toolkit's (the
        // whole entry, selected when it gained the focus): type after it, not over it.
        long from = 0;
        long to = 0;
        ctrl->GetSelection(&from, &to);
        if (from != to) {
            ctrl->SetInsertionPoint(to);
        }
        ctrl->WriteText(text);
    }
}

void KeyboardTarget::keepFocus(wxWindow* field) {
    if (field == nullptr || wxWindow::FindFocus() == field) {
        return;
    }
    auto* ctrl = dynamic_cast<wxTextCtrl*>(field);
    const long caret = ctrl != nullptr ? ctrl->GetInsertionPoint() : 0;
    field->SetFocus();
    if (ctrl != nullptr) {
        ctrl->SetInsertionPoint(caret);
    }
}

void KeyboardTarget::backspace(wxWindow* field) {
    if (auto* secret = dynamic_cast<SecretField*>(field)) {
        secret->backspace();
    } else if (auto* ctrl = dynamic_cast<wxTextCtrl*>(field)) {
        long from = 0;
        long to = 0;
        ctrl->GetSelection(&from, &to);
        if (from != to) {
            ctrl->SetInsertionPoint(to); // as insert(): the toolkit's selection is not erased
        }
        to = ctrl->GetInsertionPoint();
        if (to > 0) {
            ctrl->Remove(to - 1, to);
        }
    }
}

void KeyboardTarget::enter(wxWindow* field) {
    if (field == nullptr) {
        return;
    }
    wxCommandEvent event(wxEVT_TEXT_ENTER, field->GetId());
    event.SetEventObject(field);
    field->ProcessWindowEvent(event);
}

} // namespace madoguchi::gui
