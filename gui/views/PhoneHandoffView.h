// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "views/ScreenView.h"

#include <wx/timer.h>

#include <string>

class wxButton;
class wxStaticText;

namespace madoguchi::gui {

class QrPanel;

// ⑪-⑬ on the member's own phone: a hand-off QR code opens the portal on the phone, where
// the member makes a passkey; the kiosk polls the central service until it is confirmed.
class PhoneHandoffView : public ScreenView {
public:
    PhoneHandoffView(wxWindow* parent, KioskContext& ctx);
    void retranslate() override;
    void onEnter() override;
    void wipe() override;
    bool hasMainAction() const override { return false; }

private:
    void poll();
    QrPanel* m_qr;
    wxStaticText* m_status;
    wxButton* m_other;
    // Demo mode only: the embedded central core plays the phone.
    wxStaticText* m_demoNote = nullptr;
    wxButton* m_demoConfirm = nullptr;
    wxTimer m_timer;
    std::string m_token;
    bool m_polling = false;
};

} // namespace madoguchi::gui
