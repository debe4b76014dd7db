// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "views/ScreenView.h"

#include <wx/timer.h>

class wxButton;
class wxStaticText;

namespace madoguchi::gui {

class QrPanel;

// ⑨ The otpauth:// QR code, drawn large and crisp, with the secret in groups of four for
// "if the code cannot be read", and the 30-second countdown of the app's codes.
class OtpScanView : public ScreenView {
public:
    OtpScanView(wxWindow* parent, KioskContext& ctx);
    void retranslate() override;
    void onEnter() override;
    void wipe() override;
    wxString mainActionLabel() const override;
    void onMainAction() override;

private:
    void refreshCountdown();
    QrPanel* m_qr;
    wxStaticText* m_steps;
    wxStaticText* m_fallbackTitle;
    wxStaticText* m_secret;
    wxStaticText* m_countdown;
    wxButton* m_restart;
    wxTimer m_timer;
};

} // namespace madoguchi::gui
