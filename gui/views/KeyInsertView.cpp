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
} // namespace

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
    // A later screen sent the member back because of this key: it stays refused until it has
    // been removed, so that the message can be read and a re-plug is a real one.
    std::string refusedPath;
    const auto& error = m_ctx.flow.lastError();
    if (const auto key = m_session->key(); key && error && deviceErrorRefusesKey(error->code)) {
        refusedPath = key->path();
    }
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
    m_rejectedPath = refusedPath;
    if (!m_rejectedPath.empty()) {
        m_status->SetLabel(_("Please remove this key from the kiosk."));
    }
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
        m_ctx.jobs, this, m_token, [manager] { return manager->list(); },
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
            // The refusal stays on screen until the key is removed.
            m_status->SetLabel(_("Please remove this key from the kiosk."));
            Layout();
            return;
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
    const std::uint64_t epoch = m_ctx.flow.epoch();
    runAsync(
        m_ctx.jobs, this, m_token, [session = m_session, path] { return session->open(path); },
        [this, epoch, path](Result<std::shared_ptr<SecurityKeySession::Key>> opened) {
            m_opening = false;
            if (epoch != m_ctx.flow.epoch() || m_ctx.flow.state() != FlowState::KeyInsert) {
                return;
            }
            if (!opened) {
                // Unplugged while opening, or not a FIDO2 key: say so and keep looking.
                refuse(path, opened.error(), {});
                return;
            }
            auto key = std::move(opened).value();
            if (!key->step) {
                // A refused model, a blocked PIN, no way to verify the member.
                refuse(path, key->step.error(), key->modelName);
                return;
            }
            const devices::PinStep step = *key->step;
            m_session->setKey(std::move(key));
            switch (step) {
            case devices::PinStep::ChooseNewPin:
                (void)m_ctx.flow.keyDetected(false);
                break;
            case devices::PinStep::EnterPin:
                (void)m_ctx.flow.keyDetected(true);
                break;
            case devices::PinStep::None:
                // Windows Hello (or the key's own biometrics) asks for the member's PIN or
                // fingerprint itself.
                (void)m_ctx.flow.keyVerifiesItself();
                break;
            }
        });
}

void KeyInsertView::refuse(const std::string& path, const Error& why,
                           const std::string& modelName) {
    m_rejectedPath = path;
    m_status->SetLabel(modelName.empty()
                           ? _("Please remove this key from the kiosk.")
                           // TRANSLATORS: %s is the key's model, e.g. "YubiKey 5 NFC".
                           : wxString::Format(_("%s: please remove this key from the kiosk."),
                                              wxString::FromUTF8(modelName)));
    (void)m_ctx.flow.deviceError(why); // stays here; the frame shows why
    Layout();
    m_timer.Start(kPollMs);
}

} // namespace madoguchi::gui
