// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kiosk/PhoneHandoff.h"
#include "views/ScreenView.h"

#include <wx/timer.h>

#include <string>

class wxButton;
class wxStaticText;

namespace madoguchi::gui {

class QrPanel;

// ⑪-⑬ on the member's own phone: a hand-off QR code opens the portal on the phone, where
// the member makes a passkey; the kiosk polls the central service until it is confirmed.
// When to poll, expiry and the commit are kiosk::PhoneHandoff's; this view renders it and runs
// the jobs it asks for.
class PhoneHandoffView : public ScreenView {
public:
    PhoneHandoffView(wxWindow* parent, KioskContext& ctx);
    void retranslate() override;
    void onEnter() override;
    void wipe() override;
    bool hasMainAction() const override { return false; }

private:
    void tick();
    void poll(std::string token);
    // Shows the model's phase (QR code, status, error) and commits once it is confirmed.
    void render();
    void commit();
    QrPanel* m_qr;
    wxStaticText* m_status;
    wxButton* m_other;
    // Demo mode only: the embedded central core plays the phone.
    wxStaticText* m_demoNote = nullptr;
    wxButton* m_demoConfirm = nullptr;
    wxTimer m_timer;
    kiosk::PhoneHandoff m_handoff;
};

} // namespace madoguchi::gui
