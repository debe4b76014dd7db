// SPDX-License-Identifier: Apache-2.0
#include "widgets/KeyboardTarget.h"

#include "widgets/SecretField.h"

#include <wx/textctrl.h>

namespace madoguchi::gui {

void KeyboardTarget::insert(wxWindow* field, const wxString& text) {
    if (auto* secret = dynamic_cast<SecretField*>(field)) {
        secret->insertText(text);
    } else if (auto* ctrl = dynamic_cast<wxTextCtrl*>(field)) {
        ctrl->WriteText(text);
    }
}

void KeyboardTarget::backspace(wxWindow* field) {
    if (auto* secret = dynamic_cast<SecretField*>(field)) {
        secret->backspace();
    } else if (auto* ctrl = dynamic_cast<wxTextCtrl*>(field)) {
        const long to = ctrl->GetInsertionPoint();
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
