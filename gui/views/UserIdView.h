// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "views/ScreenView.h"

class wxStaticText;
class wxTextCtrl;

namespace madoguchi::gui {

class InputPad;
class RuleChecklist;

// ③ Choose a user ID: live checklist, normalised value shown back, availability checked.
class UserIdView : public ScreenView {
public:
    UserIdView(wxWindow* parent, KioskContext& ctx);
    void retranslate() override;
    void onEnter() override;
    void wipe() override;
    void onMainAction() override;

private:
    void onChanged();
    wxStaticText* m_label;
    wxTextCtrl* m_field;
    wxStaticText* m_normalized;
    wxStaticText* m_fieldMessage;
    RuleChecklist* m_checklist;
    InputPad* m_pad;
};

} // namespace madoguchi::gui
