// SPDX-License-Identifier: Apache-2.0
#include "views/KeyInsertView.h"

#include "Theme.h"
#include "flow/EnrollmentFlow.h"
#include "views/SecurityKeySession.h"

#include <wx/button.h>
#include <wx/intl.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

namespace madoguchi::gui {

namespace {
constexpr int kPollMs = 1000;
}

KeyInsertView::KeyInsertView(wxWindow* parent, KioskContext& ctx,
                             std::shared_ptr<SecurityKeySession> session)
    : ScreenView(parent, ctx, "keyInsertView"), m_session(std::move(session)), m_timer(this) {
    m_status = addText(content(), "", sizes::kHeadingText, true);
    m_status->SetName("keyStatus");
    m_other = new wxButton(this, wxID_ANY, "", wxDefaultPosition,
                           wxSize(Theme::px(this, 600), Theme::px(this, 96)));
    m_other->SetName("otherMethodButton");
    m_other->SetFont(Theme::font(this, sizes::kBodyText, true));
    m_other->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        stop();
        (void)m_ctx.flow.back();
    });
    content()->Add(m_other, 0, wxTOP, Theme::px(this, 30));
    Bind(wxEVT_TIMER, [this](wxTimerEvent&) { poll(); });
    retranslate();
}

void KeyInsertView::retranslate() {
    setTitle(_("Insert your security key"));
    m_other->SetLabel(_("Choose another method"));
    if (m_session->available()) {
        setLead(_("Insert the security key into the USB port of this kiosk. The screen moves on "
                  "by itself when the key is found."));
    } else {
        setLead(_("Security keys are not available on this kiosk. Please choose another "
                  "method; staff can help."));
    }
}

void KeyInsertView::onEnter() {
    // Possibly another key: nothing learnt about the previous one holds.
    m_session->reset();
    retranslate();
    if (!m_session->available()) {
        m_status->SetLabel("");
        showError(ErrorCode::Unsupported);
        return;
    }
    m_status->SetLabel(_("Looking for a security key…"));
    m_token.cancel();
    m_token = CancellationToken();
    m_polling = false;
    m_opening = false;
    m_rejectedPath.clear();
    poll();
    m_timer.Start(kPollMs);
}

void KeyInsertView::wipe() {
    stop();
    m_session->reset();
}

void KeyInsertView::stop() {
    m_timer.Stop();
    m_token.cancel();
    m_polling = false;
    m_opening = false;
}

void KeyInsertView::poll() {
    if (m_ctx.flow.state() != FlowState::KeyInsert || !IsShownOnScreen()) {
        stop();
        return;
    }
    if (m_polling || m_opening) {
        return; // the previous look has not answered yet
    }
    m_polling = true;
    auto manager = m_session->manager();
    runAsync(
        this, m_token, [manager] { return manager->list(); },
        [this](Result<std::vector<devices::DeviceEntry>> listed) {
            m_polling = false;
            onListed(std::move(listed));
        });
}

void KeyInsertView::onListed(Result<std::vector<devices::DeviceEntry>> listed) {
    if (m_ctx.flow.state() != FlowState::KeyInsert) {
        return;
    }
    if (!listed) {
        if (listed.code() == ErrorCode::DeviceUnsupported) {
            stop();
            setLead(_("Security keys are not available on this kiosk. Please choose another "
                      "method; staff can help."));
        }
        showError(listed.code());
        return;
    }
    std::vector<devices::DeviceEntry> keys;
    bool rejectedStillThere = false;
    for (auto& entry : *listed) {
        if (entry.path == m_rejectedPath) {
            rejectedStillThere = true;
        } else {
            keys.push_back(std::move(entry));
        }
    }
    if (!rejectedStillThere) {
        m_rejectedPath.clear();
    }
    if (keys.empty()) {
        if (rejectedStillThere) {
            return; // the refusal stays on screen until the key is removed
        }
        m_status->SetLabel(_("No security key found yet. Please insert your key."));
        Layout();
        return;
    }
    m_timer.Stop();
    m_opening = true;
    m_status->SetLabel(_("A security key was found. Please wait…"));
    Layout();
    const std::string path = keys.front().path;
    auto manager = m_session->manager();
    const std::uint64_t epoch = m_ctx.flow.epoch();
    runAsync(
        this, m_token, [manager, path] { return SecurityKeySession::open(*manager, path); },
        [this, epoch, path](Result<std::shared_ptr<SecurityKeySession::Key>> opened) {
            m_opening = false;
            if (epoch != m_ctx.flow.epoch() || m_ctx.flow.state() != FlowState::KeyInsert) {
                return;
            }
            if (!opened) {
                // Unplugged while opening, or not a FIDO2 key: say so and keep looking.
                m_rejectedPath = path;
                (void)m_ctx.flow.deviceError(opened.error());
                m_timer.Start(kPollMs);
                return;
            }
            const devices::PinState pin = (*opened)->pin.state;
            if (pin != devices::PinState::NotSet && pin != devices::PinState::Set) {
                // The kiosk asks the member for a PIN; a key without one cannot verify them.
                m_rejectedPath = path;
                (void)m_ctx.flow.deviceError(
                    Error{ErrorCode::DeviceUnsupported, "key without a client PIN"});
                m_timer.Start(kPollMs);
                return;
            }
            m_session->setKey(std::move(opened).value());
            (void)m_ctx.flow.keyDetected(pin == devices::PinState::Set);
        });
}

} // namespace madoguchi::gui
