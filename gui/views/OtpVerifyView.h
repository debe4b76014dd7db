// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "views/ScreenView.h"

#include <wx/timer.h>

class wxButton;
class wxStaticText;

namespace madoguchi::gui {

class NumericKeypad;
class SecretField;

// ⑩ Type the 6-digit code from the app; a wrong code keeps the same QR code.
class OtpVerifyView : public ScreenView {
public:
    OtpVerifyView(wxWindow* parent, KioskContext& ctx);
    void retranslate() override;
    void onEnter() override;
    void wipe() override;
    wxString mainActionLabel() const override;
    void onMainAction() override;

private:
    void refreshStatus();
    wxStaticText* m_label;
    SecretField* m_code;
    wxStaticText* m_message;
    wxStaticText* m_status;
    wxButton* m_restart;
    NumericKeypad* m_keypad;
    wxTimer m_timer;
};

} // namespace madoguchi::gui
