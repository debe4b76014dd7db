// SPDX-License-Identifier: Apache-2.0
#include "views/OtpScanView.h"

#include "TextWrap.h"
#include "Theme.h"
#include "flow/EnrollmentFlow.h"
#include "kiosk/KioskController.h"
#include "qr/QrEncoder.h"
#include "widgets/QrPanel.h"

#include <wx/button.h>
#include <wx/intl.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

namespace madoguchi::gui {

OtpScanView::OtpScanView(wxWindow* parent, KioskContext& ctx)
    : ScreenView(parent, ctx, "otpScanView"), m_timer(this) {
    auto* row = new wxBoxSizer(wxHORIZONTAL);
    // 520 px: at 45-57 modules that is 9-11 px per module, easy for a phone camera.
    m_qr = new QrPanel(this, "otpQr", 520);
    row->Add(m_qr, 0, wxRIGHT, Theme::px(this, 60));
    auto* right = new wxBoxSizer(wxVERTICAL);
    m_steps = addText(right, "", sizes::kBodyText);
    right->AddSpacer(Theme::px(this, 20));
    m_fallbackTitle = addText(right, "", sizes::kSmallText, true);
    m_secret = new wxStaticText(this, wxID_ANY, "");
    m_secret->SetName("otpSecretGroups");
    m_secret->SetFont(Theme::monoFont(this, sizes::kFieldText));
    right->Add(m_secret, 0, wxBOTTOM, Theme::px(this, 20));
    m_countdown = addText(right, "", sizes::kBodyText);
    m_countdown->SetName("otpCountdown");
    m_restart = new wxButton(this, wxID_ANY, "", wxDefaultPosition,
                             wxSize(-1, Theme::px(this, sizes::kTouchTarget)));
    m_restart->SetName("restartOtpButton");
    m_restart->SetFont(Theme::font(this, sizes::kSmallText));
    m_restart->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { (void)m_ctx.flow.restartOtp(); });
    right->Add(m_restart, 0, wxTOP, Theme::px(this, 20));
    row->Add(right, 1);
    content()->Add(row, 1, wxEXPAND);
    Bind(wxEVT_TIMER, [this](wxTimerEvent&) { refreshCountdown(); });
    retranslate();
}

void OtpScanView::retranslate() {
    setTitle(_("Scan this code with the app"));
    setLead(_("In the app, choose \"Add a code\" (Google), or \"Add account\" and then "
              "\"Other account (Google, Facebook, etc.)\" (Microsoft); then \"Scan a QR "
              "code\", and point the phone at this code."));
    TextWrap::setLabel(m_steps,
                       _("When the app shows a 6-digit number for this account, press "
                         "\"I see a code\"."),
                       Theme::px(this, 1200));
    TextWrap::setLabel(m_fallbackTitle, _("If the code cannot be read, type this key in the app:"),
                       Theme::px(this, 1200));
    m_restart->SetLabel(_("Start this step over"));
    refreshCountdown();
}

void OtpScanView::onEnter() {
    auto& c = m_ctx.controller;
    if (m_ctx.flow.otpNeedsNewSecret() || !c.otpauthUri().ok()) {
        if (auto issued = c.issueOtpSecret(); !issued) {
            showError(issued.code());
            return;
        }
    }
    auto uri = c.otpauthUri();
    if (!uri) {
        showError(uri.code());
        return;
    }
    // Quartile: the code is read off a screen, where glare and moiré cost modules.
    auto matrix = QrEncoder::encode(*uri, QrOptions{QrErrorCorrection::Quartile, 4});
    if (!matrix) {
        showError(matrix.code());
        return;
    }
    m_qr->setMatrix(std::move(matrix).value());
    const SecureBuffer groups = c.otpSecretGroups();
    m_secret->SetLabel(wxString::FromUTF8(groups.view().data(), groups.size()));
    refreshCountdown();
    m_timer.Start(500);
}

void OtpScanView::wipe() {
    m_timer.Stop();
    m_qr->clear();
    m_secret->SetLabel("");
}

void OtpScanView::refreshCountdown() {
    if (!IsShownOnScreen()) {
        m_timer.Stop();
        return;
    }
    m_countdown->SetLabel(wxString::Format(_("The app's number changes every 30 seconds "
                                             "(next change in %d s)."),
                                           m_ctx.controller.otpSecondsLeftInPeriod()));
}

wxString OtpScanView::mainActionLabel() const {
    return _("I see a code");
}

void OtpScanView::onMainAction() {
    (void)m_ctx.flow.next();
}

} // namespace madoguchi::gui
