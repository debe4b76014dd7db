// SPDX-License-Identifier: Apache-2.0
#include "views/OtpVerifyView.h"

#include "TextWrap.h"
#include "Theme.h"
#include "flow/EnrollmentFlow.h"
#include "kiosk/KioskController.h"
#include "widgets/NumericKeypad.h"
#include "widgets/SecretField.h"

#include <wx/button.h>
#include <wx/intl.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

namespace madoguchi::gui {

OtpVerifyView::OtpVerifyView(wxWindow* parent, KioskContext& ctx)
    : ScreenView(parent, ctx, "otpVerifyView"), m_timer(this) {
    auto* row = new wxBoxSizer(wxHORIZONTAL);
    auto* left = new wxBoxSizer(wxVERTICAL);
    m_label = addText(left, "", sizes::kBodyText, true);
    m_code = new SecretField(this, "otpCodeField", 6);
    m_code->setDigitsOnly(true);
    m_code->setRevealed(true);
    m_code->SetFont(Theme::font(this, sizes::kTitleText, true));
    m_code->SetMinSize(wxSize(Theme::px(this, 420), Theme::px(this, 110)));
    left->Add(m_code, 0, wxBOTTOM, Theme::px(this, 8));
    // A wrong or old number is reported right under the number the member typed.
    m_message = addFieldMessage(left, "otpMessage");
    setMessageLine(m_message);
    m_status = addText(left, "", sizes::kBodyText);
    m_status->SetName("otpStatus");
    m_restart = new wxButton(this, wxID_ANY, "", wxDefaultPosition,
                             wxSize(-1, Theme::px(this, sizes::kTouchTarget)));
    m_restart->SetName("restartOtpButton");
    m_restart->SetFont(Theme::font(this, sizes::kSmallText));
    m_restart->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { (void)m_ctx.flow.restartOtp(); });
    left->Add(m_restart, 0, wxTOP, Theme::px(this, 20));
    m_keypad = new NumericKeypad(this, "keypad");
    m_keypad->setTarget(m_code);
    row->Add(left, 0, wxRIGHT, Theme::px(this, 60));
    row->Add(m_keypad, 0);
    content()->Add(row, 1, wxEXPAND);
    Bind(wxEVT_TIMER, [this](wxTimerEvent&) { refreshStatus(); });
    retranslate();
}

void OtpVerifyView::retranslate() {
    setTitle(_("Enter the 6-digit number from the app"));
    setLead(_("Type the number the app shows now. It changes every 30 seconds; if it changes "
              "while you type, the new number works too."));
    m_label->SetLabel(_("One-time password"));
    m_restart->SetLabel(_("Show the QR code again"));
    m_keypad->retranslate();
    refreshStatus();
}

void OtpVerifyView::onEnter() {
    m_code->clear();
    m_code->SetFocus();
    refreshStatus();
    m_timer.Start(500);
}

void OtpVerifyView::wipe() {
    m_timer.Stop();
    m_code->clear();
    setFieldMessage(m_message, "");
}

void OtpVerifyView::refreshStatus() {
    if (!IsShownOnScreen()) {
        m_timer.Stop();
        return;
    }
    auto& c = m_ctx.controller;
    wxString text = wxString::Format(_("Next change in %d s."), c.otpSecondsLeftInPeriod());
    if (m_ctx.flow.otpLocked()) {
        text = _("This step is locked after too many wrong numbers. Please ask the staff.");
    } else if (c.otpAttemptsLeft() < m_ctx.controller.options().otpMaxAttempts) {
        text += " " + wxString::Format(_("Tries left: %d."), c.otpAttemptsLeft());
    }
    // Wrapped to the message line's width: a longer status must not push the keypad aside.
    TextWrap::setLabel(m_status, text, Theme::px(this, 780));
    Layout();
}

wxString OtpVerifyView::mainActionLabel() const {
    return _("Confirm");
}

void OtpVerifyView::onMainAction() {
    auto& c = m_ctx.controller;
    auto match = c.verifyOtpCode(m_code->value().view());
    m_code->clear();
    if (!match) {
        // The controller told the flow; the frame shows the flow's error. Keep the same QR.
        refreshStatus();
        return;
    }
    auto input = c.otpBindingInput();
    if (!input) {
        showError(input.code());
        return;
    }
    auto shared = std::make_shared<kiosk::KioskController::MfaInput>(std::move(input).value());
    const auto epoch = c.epoch();
    runBusy([&c, shared](kiosk::JobContext& job) { return c.commitMfa(job.store(), *shared); },
            [&c, epoch](Status committed) { c.applyOtpBound(epoch, committed); });
}

} // namespace madoguchi::gui
