// SPDX-License-Identifier: Apache-2.0
#include "views/PhoneHandoffView.h"

#include "MemberMessages.h"
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

PhoneHandoffView::PhoneHandoffView(wxWindow* parent, KioskContext& ctx)
    : ScreenView(parent, ctx, "phoneHandoffView"), m_timer(this) {
    auto* row = new wxBoxSizer(wxHORIZONTAL);
    m_qr = new QrPanel(this, "handoffQr", 480);
    row->Add(m_qr, 0, wxRIGHT, Theme::px(this, 60));
    auto* right = new wxBoxSizer(wxVERTICAL);
    m_status = addText(right, "", sizes::kBodyText);
    m_status->SetName("handoffStatus");
    m_other = new wxButton(this, wxID_ANY, "", wxDefaultPosition,
                           wxSize(-1, Theme::px(this, sizes::kTouchTarget)));
    m_other->SetName("otherMethodButton");
    m_other->SetFont(Theme::font(this, sizes::kBodyText));
    m_other->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { (void)m_ctx.flow.back(); });
    right->Add(m_other, 0, wxTOP, Theme::px(this, 30));
    if (m_ctx.frame.options().demoConfirmHandoff) {
        // The demo's hand-off URL leads nowhere: say so, and let the demo central confirm it
        // as the portal would once the phone has made its passkey. Never outside demo mode.
        right->AddSpacer(Theme::px(this, 24));
        m_demoNote = addText(right, "", sizes::kSmallText);
        m_demoNote->SetName("demoHandoffNote");
        m_demoConfirm = new wxButton(this, wxID_ANY, "", wxDefaultPosition,
                                     wxSize(-1, Theme::px(this, sizes::kTouchTarget)));
        m_demoConfirm->SetName("demoConfirmPhoneButton");
        m_demoConfirm->SetFont(Theme::font(this, sizes::kBodyText));
        m_demoConfirm->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
            if (m_token.empty()) {
                return;
            }
            if (auto confirmed = m_ctx.frame.options().demoConfirmHandoff(m_token); !confirmed) {
                showError(confirmed.code());
                return;
            }
            poll(); // the next poll finds it confirmed
        });
        right->Add(m_demoConfirm, 0, wxTOP, Theme::px(this, 20));
    }
    row->Add(right, 1);
    content()->Add(row, 1, wxEXPAND);
    Bind(wxEVT_TIMER, [this](wxTimerEvent&) { poll(); });
    retranslate();
}

void PhoneHandoffView::retranslate() {
    setTitle(_("Set up face or fingerprint sign-in on your phone"));
    setLead(_("Point your phone's camera at this code. The portal opens on your phone: log in "
              "with your new user ID and password, press \"Next\", and follow your phone."));
    m_other->SetLabel(_("Choose another method"));
    if (m_demoNote != nullptr) {
        TextWrap::setLabel(m_demoNote,
                           _("Demo mode: this code does not open a real portal. Press the "
                             "button below to play the phone's part."),
                           Theme::px(this, 1100));
        // TRANSLATORS: demo mode only; confirms the phone hand-off without a phone
        m_demoConfirm->SetLabel(_("Demo: the phone has finished"));
    }
    Layout();
}

void PhoneHandoffView::onEnter() {
    auto& c = m_ctx.controller;
    m_qr->clear();
    m_status->SetLabel(_("Preparing the code..."));
    const std::string session = c.sessionToken();
    const std::string enrollment = m_ctx.flow.draft().enrollmentId;
    const auto epoch = c.epoch();
    runBusy([&c, session, enrollment] { return c.createHandoff(session, enrollment); },
            [this, epoch](Result<protocol::HandoffCreateResponse> created) {
                if (epoch != m_ctx.controller.epoch()) {
                    return;
                }
                if (!created) {
                    m_status->SetLabel("");
                    // Never a fake success: say plainly that this method cannot be used now.
                    showError(created.code() == ErrorCode::Unsupported
                                  ? _("Sign-in with your phone is not available on this kiosk. "
                                      "Please choose another method.")
                                  : MemberMessages::error(created.code()));
                    return;
                }
                m_token = created->handoffToken;
                if (auto matrix = QrEncoder::encode(created->url); matrix.ok()) {
                    m_qr->setMatrix(std::move(matrix).value());
                }
                m_status->SetLabel(_("Waiting for your phone..."));
                m_timer.Start(2000);
            });
}

void PhoneHandoffView::poll() {
    if (!IsShownOnScreen() || m_token.empty()) {
        m_timer.Stop();
        return;
    }
    if (m_polling) {
        return;
    }
    m_polling = true;
    auto& c = m_ctx.controller;
    const std::string token = m_token;
    const auto epoch = c.epoch();
    runAsync(
        m_ctx.jobs, this, m_ctx.frame.visitToken(), [&c, token] { return c.pollHandoff(token); },
        [this, &c, token, epoch](Result<protocol::HandoffPollResponse> answer) {
            m_polling = false;
            if (epoch != c.epoch() || !answer) {
                return; // a failed poll is retried on the next tick
            }
            if (answer->status == protocol::HandoffStatus::Expired) {
                m_timer.Stop();
                showError(ErrorCode::HandoffExpired);
            } else if (answer->status == protocol::HandoffStatus::Confirmed) {
                m_timer.Stop();
                auto input = c.phoneBindingInput(token, c.options().defaultDeviceName);
                if (!input) {
                    showError(input.code());
                    return;
                }
                auto shared =
                    std::make_shared<kiosk::KioskController::MfaInput>(std::move(input).value());
                const std::string name = c.options().defaultDeviceName;
                runBusy([&c, shared](
                            kiosk::JobContext& job) { return c.commitMfa(job.store(), *shared); },
                        [&c, epoch, name](Status committed) {
                            c.applyPhoneBound(epoch, name, committed);
                        });
            }
        });
}

void PhoneHandoffView::wipe() {
    m_timer.Stop();
    m_token.clear();
    m_qr->clear();
    m_polling = false;
}

} // namespace madoguchi::gui
