// SPDX-License-Identifier: Apache-2.0
#include "views/KeyInsertView.h"

#include "Theme.h"
#include "flow/EnrollmentFlow.h"
#include "screens/SecurityKeySession.h"

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
    : ScreenView(parent, ctx, "keyInsertView"), m_session(std::move(session)),
      m_screen(ctx.flow, *m_session), m_timer(this) {
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
    if (m_screen.status() != KeyInsertScreen::Status::Unavailable) {
        setLead(_("Insert the security key into the USB port of this kiosk. The screen moves on "
                  "by itself when the key is found."));
    } else {
        setLead(_("Security keys are not available on this kiosk. Please choose another "
                  "method; staff can help."));
    }
}

void KeyInsertView::onEnter() {
    stop();
    m_token = CancellationToken();
    m_screen.enter();
    retranslate();
    render();
    if (m_screen.status() == KeyInsertScreen::Status::Unavailable) {
        return;
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
}

void KeyInsertView::render() {
    using Status = KeyInsertScreen::Status;
    switch (m_screen.status()) {
    case Status::Unavailable:
        m_timer.Stop();
        m_status->SetLabel("");
        retranslate();
        break;
    case Status::Looking:
        m_status->SetLabel(_("Looking for a security key…"));
        break;
    case Status::NoKey:
        m_status->SetLabel(_("No security key found yet. Please insert your key."));
        break;
    case Status::RemoveKey: {
        const std::string& model = m_screen.refusedModel();
        m_status->SetLabel(model.empty()
                               ? _("Please remove this key from the kiosk.")
                               // TRANSLATORS: %s is the key's model, e.g. "YubiKey 5 NFC".
                               : wxString::Format(_("%s: please remove this key from the kiosk."),
                                                  wxString::FromUTF8(model)));
        break;
    }
    case Status::Opening:
        m_status->SetLabel(_("A security key was found. Please wait…"));
        break;
    case Status::Done:
        break;
    }
    if (auto error = m_screen.takeError()) {
        showError(*error);
    }
    Layout();
}

void KeyInsertView::poll() {
    if (m_ctx.flow.state() != FlowState::KeyInsert || !IsShownOnScreen()) {
        stop();
        return;
    }
    if (!m_screen.lookDue()) {
        return; // the previous look or open has not answered yet
    }
    auto manager = m_session->manager();
    runAsync(
        m_ctx.jobs, this, m_token, [manager] { return manager->list(); },
        [this](Result<std::vector<devices::DeviceEntry>> listed) {
            auto path = m_screen.looked(std::move(listed));
            render();
            if (path) {
                open(*path);
            }
        });
}

void KeyInsertView::open(const std::string& path) {
    m_timer.Stop();
    const std::uint64_t epoch = m_ctx.flow.epoch();
    runAsync(
        m_ctx.jobs, this, m_token, [session = m_session, path] { return session->open(path); },
        [this, epoch, path](Result<std::shared_ptr<SecurityKeySession::Key>> opened) {
            if (epoch != m_ctx.flow.epoch()) {
                return;
            }
            m_screen.opened(path, std::move(opened));
            if (m_screen.status() == KeyInsertScreen::Status::RemoveKey) {
                render(); // refused: the frame shows why; keep looking for its removal
                m_timer.Start(kPollMs);
            }
        });
}

} // namespace madoguchi::gui
