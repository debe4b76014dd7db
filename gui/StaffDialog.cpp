// SPDX-License-Identifier: Apache-2.0
#include "StaffDialog.h"

#include "Async.h"
#include "KioskFrame.h"
#include "Theme.h"
#include "crypto/PasswordHasher.h"
#include "flow/EnrollmentFlow.h"
#include "kiosk/KioskController.h"
#include "widgets/NumericKeypad.h"
#include "widgets/SecretField.h"

#include <wx/button.h>
#include <wx/datetime.h>
#include <wx/intl.h>
#include <wx/panel.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

namespace madoguchi::gui {

namespace {
std::string& pinHash() {
    static std::string hash;
    return hash;
}

wxButton* bigButton(wxWindow* parent, const wxString& label, const char* name) {
    auto* b = new wxButton(parent, wxID_ANY, label, wxDefaultPosition,
                           wxSize(Theme::px(parent, 560), Theme::px(parent, sizes::kTouchTarget)));
    b->SetName(name);
    b->SetFont(Theme::font(parent, sizes::kBodyText, true));
    return b;
}
} // namespace

void StaffDialog::setPinHash(std::string hash) {
    pinHash() = std::move(hash);
}

StaffDialog::StaffDialog(wxWindow* parent, KioskContext& ctx)
    : wxDialog(parent, wxID_ANY, _("Staff"), wxDefaultPosition, wxDefaultSize,
               wxCAPTION | wxSTAY_ON_TOP),
      m_ctx(ctx) {
    SetName("staffDialog");
    SetBackgroundColour(Theme::colour(palette::kBackground));
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    const int gap = Theme::px(this, sizes::kGap);

    m_pinPage = new wxPanel(this, wxID_ANY);
    auto* ps = new wxBoxSizer(wxVERTICAL);
    auto* title = new wxStaticText(m_pinPage, wxID_ANY, _("Staff PIN"));
    title->SetFont(Theme::font(this, sizes::kHeadingText, true));
    m_pin = new SecretField(m_pinPage, "staffPinField", 16);
    m_pin->setDigitsOnly(true);
    m_pin->SetMinSize(wxSize(Theme::px(this, 400), Theme::px(this, sizes::kTouchTarget)));
    m_keypad = new NumericKeypad(m_pinPage, "staffKeypad");
    m_keypad->setTarget(m_pin);
    m_pinMessage = new wxStaticText(m_pinPage, wxID_ANY, "");
    m_pinMessage->SetFont(Theme::font(this, sizes::kBodyText, true));
    m_pinMessage->SetForegroundColour(Theme::colour(palette::kError));
    m_unlock = bigButton(m_pinPage, _("Open the staff panel"), "staffUnlockButton");
    m_unlock->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { checkPin(); });
    m_pin->Bind(wxEVT_TEXT_ENTER, [this](wxCommandEvent&) { checkPin(); });
    auto* close = bigButton(m_pinPage, _("Close"), "staffCloseButton");
    close->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { EndModal(wxID_CANCEL); });
    ps->Add(title, 0, wxALL, gap);
    ps->Add(m_pin, 0, wxLEFT | wxRIGHT, gap);
    ps->Add(m_pinMessage, 0, wxALL, gap);
    ps->Add(m_keypad, 0, wxLEFT | wxRIGHT, gap);
    ps->Add(m_unlock, 0, wxALL, gap);
    ps->Add(close, 0, wxLEFT | wxRIGHT | wxBOTTOM, gap);
    m_pinPage->SetSizer(ps);

    m_panelPage = new wxPanel(this, wxID_ANY);
    auto* pp = new wxBoxSizer(wxVERTICAL);
    m_status = new wxStaticText(m_panelPage, wxID_ANY, "");
    m_status->SetName("staffStatus");
    m_status->SetFont(Theme::font(this, sizes::kBodyText));
    auto* reset = bigButton(m_panelPage, _("Reset this session"), "staffResetButton");
    reset->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        (void)m_ctx.flow.cancel();
        EndModal(wxID_OK);
    });
    auto* restartOtp =
        bigButton(m_panelPage, _("Restart the one-time password step"), "staffRestartOtpButton");
    restartOtp->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        (void)m_ctx.flow.staffRestartOtp();
        EndModal(wxID_OK);
    });
    auto* quit = bigButton(m_panelPage, _("Quit the kiosk"), "staffQuitButton");
    quit->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        m_ctx.frame.allowClose();
        EndModal(wxID_OK);
        m_ctx.frame.Close();
    });
    auto* back = bigButton(m_panelPage, _("Close"), "staffPanelCloseButton");
    back->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { EndModal(wxID_OK); });
    pp->Add(m_status, 0, wxALL, gap);
    for (auto* b : {reset, restartOtp, quit, back}) {
        pp->Add(b, 0, wxLEFT | wxRIGHT | wxBOTTOM, gap);
    }
    m_panelPage->SetSizer(pp);
    m_panelPage->Hide();

    sizer->Add(m_pinPage, 1, wxEXPAND);
    sizer->Add(m_panelPage, 1, wxEXPAND);
    SetSizerAndFit(sizer);
    CentreOnParent();
    m_pin->SetFocus();
}

void StaffDialog::checkPin() {
    if (pinHash().empty()) {
        m_pinMessage->SetLabel(_("No staff PIN is configured on this kiosk."));
        return;
    }
    auto pin = std::make_shared<SecureBuffer>(m_pin->value().clone());
    m_pin->clear();
    m_unlock->Disable();
    const std::string hash = pinHash();
    // PBKDF2 with 600,000 iterations: off the UI thread.
    runAsync(
        this, CancellationToken(),
        [hash, pin] { return crypto::PasswordHasher::verify(hash, *pin); },
        [this](Result<bool> matches) {
            m_unlock->Enable();
            if (matches && *matches) {
                showPanel();
            } else {
                m_pinMessage->SetLabel(_("The staff PIN is not correct."));
                Layout();
            }
        });
}

void StaffDialog::showPanel() {
    auto& c = m_ctx.controller;
    wxString status;
    auto depth = c.outboxDepth();
    status += depth ? wxString::Format(_("Results waiting to be sent: %lld"),
                                       static_cast<long long>(*depth))
                    : wxString(_("Results waiting to be sent: unknown (store error)"));
    status += "\n";
    auto last = c.lastDeliveredAt();
    if (last && *last) {
        const auto seconds =
            std::chrono::duration_cast<std::chrono::seconds>((*last)->time_since_epoch()).count();
        status +=
            wxString::Format(_("Last result sent: %s"),
                             wxDateTime(static_cast<time_t>(seconds)).Format("%Y-%m-%d %H:%M:%S"));
    } else {
        status += _("Last result sent: none yet");
    }
    status +=
        "\n" + wxString::Format(_("Current screen: %s"),
                                wxString::FromUTF8(std::string(toString(m_ctx.flow.state()))));
    m_status->SetLabel(status);
    m_pinPage->Hide();
    m_panelPage->Show();
    Fit();
    Layout();
}

} // namespace madoguchi::gui
