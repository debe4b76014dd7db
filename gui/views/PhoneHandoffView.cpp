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
    : ScreenView(parent, ctx, "phoneHandoffView"), m_timer(this),
      m_handoff(ctx.controller.clock()) {
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
            if (m_handoff.token().empty()) {
                return;
            }
            if (auto confirmed = m_ctx.frame.options().demoConfirmHandoff(m_handoff.token());
                !confirmed) {
                showError(confirmed.code());
                return;
            }
            if (auto token = m_handoff.pollNow()) {
                poll(std::move(*token)); // finds it confirmed
            }
        });
        right->Add(m_demoConfirm, 0, wxTOP, Theme::px(this, 20));
    }
    row->Add(right, 1);
    content()->Add(row, 1, wxEXPAND);
    Bind(wxEVT_TIMER, [this](wxTimerEvent&) { tick(); });
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
    m_timer.Stop();
    m_handoff.start();
    render();
    auto request = c.handoffRequest();
    const auto epoch = c.epoch();
    runBusy([&c, request] { return c.createHandoff(request); },
            [this, epoch](Result<protocol::HandoffCreateResponse> created) {
                if (epoch != m_ctx.controller.epoch()) {
                    return;
                }
                m_handoff.created(std::move(created));
                render();
                if (m_handoff.phase() == kiosk::PhoneHandoff::Phase::Waiting) {
                    // Ticks finer than the interval: the model says when a poll is due.
                    m_timer.Start(500);
                }
            });
}

void PhoneHandoffView::tick() {
    if (!IsShownOnScreen()) {
        m_timer.Stop();
        return;
    }
    auto token = m_handoff.pollDue();
    render(); // the kiosk's clock may have ended the code
    if (token) {
        poll(std::move(*token));
    }
}

void PhoneHandoffView::poll(std::string token) {
    auto& c = m_ctx.controller;
    const auto epoch = c.epoch();
    runAsync(
        m_ctx.jobs, this, m_ctx.frame.visitToken(),
        [&c, token = std::move(token)] { return c.pollHandoff(token); },
        [this, epoch](Result<protocol::HandoffPollResponse> answer) {
            if (epoch != m_ctx.controller.epoch()) {
                return;
            }
            m_handoff.polled(answer);
            render();
        });
}

void PhoneHandoffView::render() {
    using Phase = kiosk::PhoneHandoff::Phase;
    switch (m_handoff.phase()) {
    case Phase::Idle:
        m_qr->clear();
        m_status->SetLabel("");
        break;
    case Phase::Creating:
        m_qr->clear();
        m_status->SetLabel(_("Preparing the code..."));
        break;
    case Phase::Waiting:
        if (m_qr->empty()) {
            if (auto matrix = QrEncoder::encode(m_handoff.url()); matrix.ok()) {
                m_qr->setMatrix(std::move(matrix).value());
            }
        }
        m_status->SetLabel(_("Waiting for your phone..."));
        break;
    case Phase::Confirmed:
        m_timer.Stop();
        commit();
        break;
    case Phase::Expired:
        if (m_timer.IsRunning()) {
            m_timer.Stop();
            showError(ErrorCode::HandoffExpired);
        }
        break;
    case Phase::Failed:
        m_timer.Stop();
        m_status->SetLabel("");
        // Never a fake success: say plainly that this method cannot be used now.
        showError(m_handoff.error() == ErrorCode::Unsupported
                      ? _("Sign-in with your phone is not available on this kiosk. "
                          "Please choose another method.")
                      : MemberMessages::error(m_handoff.error().value_or(ErrorCode::Internal)));
        break;
    }
    Layout();
}

void PhoneHandoffView::commit() {
    if (!m_handoff.takeCommit()) {
        return;
    }
    auto& c = m_ctx.controller;
    const std::string name = c.options().defaultDeviceName;
    auto input = c.phoneBindingInput(m_handoff.token());
    if (!input) {
        showError(input.code());
        return;
    }
    auto shared = std::make_shared<kiosk::KioskController::MfaInput>(std::move(input).value());
    const auto epoch = c.epoch();
    runBusy([&c, shared](kiosk::JobContext& job) { return c.commitMfa(job.store(), *shared); },
            [&c, epoch, name](Status committed) { c.applyPhoneBound(epoch, name, committed); });
}

void PhoneHandoffView::wipe() {
    m_timer.Stop();
    m_handoff.wipe();
    m_qr->clear();
}

} // namespace madoguchi::gui
