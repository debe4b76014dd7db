// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "views/ScreenView.h"

class wxToggleButton;
class wxStaticText;

namespace madoguchi::gui {

class InputPad;
class RuleChecklist;
class SecretField;

// ④ The new password, twice, with a live checklist and Show/Hide.
class PasswordView : public ScreenView {
public:
    PasswordView(wxWindow* parent, KioskContext& ctx);
    void retranslate() override;
    void onEnter() override;
    void wipe() override;
    void onMainAction() override;

private:
    void onChanged();
    wxStaticText* m_label;
    SecretField* m_password;
    wxStaticText* m_passwordMessage;
    wxStaticText* m_confirmLabel;
    SecretField* m_confirm;
    wxStaticText* m_confirmMessage;
    wxToggleButton* m_show;
    RuleChecklist* m_checklist;
    wxStaticText* m_symbols;
    InputPad* m_pad;
};

} // namespace madoguchi::gui
