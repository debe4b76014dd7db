// SPDX-License-Identifier: Apache-2.0
#include "views/CompleteView.h"

#include "Async.h"
#include "SlipPrintout.h"
#include "TextWrap.h"
#include "Theme.h"
#include "flow/EnrollmentFlow.h"
#include "kiosk/KioskController.h"
#include "qr/QrEncoder.h"
#include "widgets/QrPanel.h"

#include <wx/button.h>
#include <wx/datetime.h>
#include <wx/intl.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

namespace madoguchi::gui {

CompleteView::CompleteView(wxWindow* parent, KioskContext& ctx, CompletionInfo info)
    : ScreenView(parent, ctx, "completeView"), m_info(std::move(info)), m_portalTimer(this) {
    Bind(wxEVT_TIMER, [this](wxTimerEvent&) { askPortal(); });
    // Left: the user ID large (what the member types next time), the method, printing.
    // Right: where to log in, as an address and a QR code for the phone's camera.
    auto* columns = new wxBoxSizer(wxHORIZONTAL);
    auto* left = new wxBoxSizer(wxVERTICAL);
    m_userIdCaption = addText(left, "", sizes::kBodyText);
    m_userId = addText(left, "", sizes::kTitleText, true);
    m_userId->SetName("completeUserId");
    m_summary = addText(left, "", sizes::kHeadingText);
    m_summary->SetName("summary");
    m_staffHint = addText(left, "", sizes::kSmallText);
    m_staffHint->SetName("staffHint");
    auto* right = new wxBoxSizer(wxVERTICAL);
    m_portalCaption = addText(right, "", sizes::kBodyText, true);
    m_portalQr = new QrPanel(this, "portalQr", 360);
    if (auto matrix = QrEncoder::encode(m_info.portalUrl); matrix.ok()) {
        m_portalQr->setMatrix(std::move(matrix).value());
    }
    right->Add(m_portalQr, 0, wxBOTTOM, Theme::px(this, 8));
    m_portalUrl = addText(right, wxString::FromUTF8(m_info.portalUrl), sizes::kBodyText, true);
    m_portalUrl->SetName("portalUrl");
    columns->Add(left, 1, wxRIGHT, Theme::px(this, 40));
    columns->Add(right, 0);
    content()->Add(columns, 0, wxEXPAND);
    m_print = new wxButton(this, wxID_ANY, "", wxDefaultPosition,
                           wxSize(Theme::px(this, 520), Theme::px(this, 96)));
    m_print->SetName("printButton");
    m_print->SetFont(Theme::font(this, sizes::kBodyText, true));
    m_print->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        const auto snapshot = m_ctx.flow.snapshot();
        SlipContent slip{m_info.organisation,
                         snapshot.userId,
                         methodLine().utf8_string(),
                         snapshot.deviceName,
                         m_info.portalUrl,
                         m_info.contactLine,
                         wxDateTime::Now().Format("%Y-%m-%d %H:%M").utf8_string(),
                         accountReadyNote(m_portal).utf8_string()};
        showInfo(_("Printing the slip..."));
        Update(); // printing blocks: the member sees that it started
        if (printSlip(this, std::move(slip), m_info.slipPdfPath)) {
            showInfo(_("The slip was printed. Please take it with you."));
        } else {
            showError(_("The slip could not be printed. Please ask the staff."));
        }
    });
    left->Add(m_print, 0, wxTOP, Theme::px(this, 30));
    retranslate();
}

wxString CompleteView::accountReadyNote(std::optional<protocol::PortalState> state) {
    using protocol::PortalState;
    if (state == PortalState::Ready) {
        return _("Your portal account is ready. You can log in now with your user ID, your "
                 "password and your multi-factor authentication.");
    }
    if (state == PortalState::Pending) {
        return _("Your registration is being passed to the portal now. This screen will say "
                 "when you can log in; it usually takes less than a minute.");
    }
    if (state == PortalState::Conflict) {
        return _("Your registration is saved, but your user ID was taken by someone else in the "
                 "meantime. The health insurance society will contact you about a new user ID.");
    }
    return _("Your registration is saved. Your portal account becomes usable after the "
             "health insurance society imports it, usually by the next business day. From "
             "then on, log in with your user ID, your password and your multi-factor "
             "authentication.");
}

wxString CompleteView::methodLine() const {
    switch (m_ctx.flow.snapshot().method) {
    case MfaMethod::Otp:
        return _("Authenticator app (one-time password)");
    case MfaMethod::SecurityKey:
        return _("Security key");
    case MfaMethod::PhonePasskey:
        return _("Passkey on your phone");
    case MfaMethod::None:
        break;
    }
    return _("Not set up yet");
}

void CompleteView::retranslate() {
    setTitle(_("Registration complete. Thank you!"));
    // "You can log in now" only once the central service confirmed the portal has the member;
    // until then, when it will (issue 12).
    setLead(accountReadyNote(m_portal));
    m_print->SetLabel(_("Print a slip"));
    m_userIdCaption->SetLabel(_("Your user ID:"));
    // TRANSLATORS: above the portal's address and its QR code on the completion screen
    TextWrap::setLabel(m_portalCaption, _("Log in to the member portal here:"),
                       Theme::px(this, 560));
    onEnter();
}

void CompleteView::showPortalState() {
    setLead(accountReadyNote(m_portal));
    Layout();
}

void CompleteView::askPortal() {
    const std::string enrollmentId = m_ctx.flow.snapshot().enrollmentId;
    // Only while the member looks at this screen (it may be built earlier, on an idle moment).
    if (m_asking || enrollmentId.empty() || m_ctx.flow.state() != FlowState::Complete) {
        return;
    }
    m_asking = true;
    auto& c = m_ctx.controller;
    runAsync(
        m_ctx.jobs, this, m_portalToken,
        [&c, enrollmentId]() { return c.portalStatus(enrollmentId); },
        [this](Result<protocol::PortalStatusResponse> answer) {
            m_asking = false;
            if (!answer) {
                // Unsupported: no central service to ask (the default note stays). Network
                // trouble: ask again a little later.
                if (answer.code() != ErrorCode::Unsupported) {
                    m_portalTimer.StartOnce(5000);
                }
                return;
            }
            m_portal = answer->state;
            showPortalState();
            if (answer->state == protocol::PortalState::Pending ||
                answer->state == protocol::PortalState::NotReceived) {
                m_portalTimer.StartOnce(3000);
            }
        });
}

void CompleteView::onEnter() {
    const auto snapshot = m_ctx.flow.snapshot();
    // retranslate() comes here too: ask afresh only for another member's enrollment.
    if (snapshot.enrollmentId != m_portalFor) {
        m_portalTimer.Stop();
        m_portalToken.cancel();
        m_portalToken = CancellationToken();
        m_asking = false;
        m_portal.reset();
        m_portalFor = snapshot.enrollmentId;
    }
    if (!m_portal && !m_portalTimer.IsRunning()) {
        askPortal();
    }
    showPortalState();
    m_userId->SetLabel(wxString::FromUTF8(snapshot.userId));
    wxString summary = wxString::Format(_("Second sign-in step: %s"), methodLine());
    if (!snapshot.deviceName.empty()) {
        summary +=
            "\n" + wxString::Format(_("Device name: %s"), wxString::FromUTF8(snapshot.deviceName));
    }
    TextWrap::setLabel(m_summary, summary, Theme::px(this, 1100));
    // A code from the neighbouring 30-second step was accepted: tell staff the phone's clock
    // is off, before the member relies on it elsewhere.
    const auto match = m_ctx.controller.lastOtpMatch();
    if (match && match->stepOffset != 0) {
        TextWrap::setLabel(
            m_staffHint,
            wxString::Format(
                match->stepOffset > 0
                    ? _("Staff: the phone's clock seems about %lld seconds ahead of the kiosk.")
                    : _("Staff: the phone's clock seems about %lld seconds behind the kiosk."),
                static_cast<long long>(std::abs(match->approximateClockSkew.count()))),
            Theme::px(this, 1100));
    } else {
        m_staffHint->SetLabel("");
    }
    Layout();
}

void CompleteView::wipe() {
    m_portalTimer.Stop();
    m_portalToken.cancel();
    m_portal.reset();
    m_portalFor.clear();
    m_asking = false;
    m_userId->SetLabel("");
    m_summary->SetLabel("");
    m_staffHint->SetLabel("");
}

wxString CompleteView::mainActionLabel() const {
    return _("Finish");
}

void CompleteView::onMainAction() {
    (void)m_ctx.flow.finish();
}

} // namespace madoguchi::gui
