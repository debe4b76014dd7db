// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "views/ScreenView.h"

class wxToggleButton;
class wxStaticText;
class wxTextCtrl;

namespace madoguchi::gui {

class InputPad;
class SecretField;

// The seed's "timeout" case: a member interrupted after ⑥ continues with the new user ID
// and password.
class ResumeLoginView : public ScreenView {
public:
    ResumeLoginView(wxWindow* parent, KioskContext& ctx);
    void retranslate() override;
    void onEnter() override;
    void wipe() override;
    wxString mainActionLabel() const override;
    void onMainAction() override;

private:
    wxStaticText* m_userIdLabel;
    wxTextCtrl* m_userId;
    wxStaticText* m_passwordLabel;
    SecretField* m_password;
    wxStaticText* m_message;
    wxToggleButton* m_show;
    InputPad* m_pad;
};

} // namespace madoguchi::gui
