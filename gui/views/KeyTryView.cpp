// SPDX-License-Identifier: Apache-2.0
#include "views/KeyTryView.h"

#include "Theme.h"
#include "flow/EnrollmentFlow.h"
#include "kiosk/KioskController.h"
#include "screens/SecurityKeySession.h"

#include <wx/button.h>
#include <wx/intl.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

namespace madoguchi::gui {

KeyTryView::KeyTryView(wxWindow* parent, KioskContext& ctx,
                       std::shared_ptr<SecurityKeySession> session)
    : ScreenView(parent, ctx, "keyTryView"), m_session(std::move(session)) {
    m_instruction = addText(content(), "", sizes::kHeadingText, true);
    m_instruction->SetName("keyTryInstruction");
    m_skip = new wxButton(this, wxID_ANY, "", wxDefaultPosition,
                          wxSize(Theme::px(this, 600), Theme::px(this, 96)));
    m_skip->SetName("skipKeyTryButton");
    m_skip->SetFont(Theme::font(this, sizes::kBodyText));
    m_skip->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { (void)m_ctx.flow.skipKeyTry(); });
    content()->Add(m_skip, 0, wxTOP, Theme::px(this, 30));
    retranslate();
}

void KeyTryView::retranslate() {
    setTitle(_("Try your key"));
    setLead(_("Let us check that the key works: press the button below, then touch the key "
              "when it blinks."));
    m_instruction->SetLabel(_("Your key is already registered."));
    m_skip->SetLabel(_("Skip this check"));
}

void KeyTryView::onEnter() {
    retranslate();
}

wxString KeyTryView::mainActionLabel() const {
    return _("Try the key");
}

void KeyTryView::onMainAction() {
    const auto key = m_session->key();
    const auto& credential = m_session->credential();
    if (!key || !credential) {
        (void)m_ctx.flow.deviceError(Error{ErrorCode::DeviceNotFound, "no key or credential"});
        return;
    }
    auto challenge = kiosk::KioskController::newChallenge();
    if (!challenge) {
        showError(challenge.code());
        return;
    }
    m_instruction->SetLabel(_("Please touch the key now."));
    Layout();
    const std::string origin = "https://" + credential->rpId;
    const std::uint64_t epoch = m_ctx.flow.epoch();
    runBusy([key, credential = *credential, challenge = std::move(challenge).value(),
             origin] { return key->enrollment->tryKey(credential, challenge, origin); },
            [this, epoch](Result<devices::AssertionResult> tried) {
                if (epoch != m_ctx.flow.epoch() || m_ctx.flow.state() != FlowState::KeyTry) {
                    return;
                }
                m_instruction->SetLabel(_("Your key is already registered."));
                if (!tried) {
                    (void)m_ctx.flow.deviceError(tried.error());
                    return;
                }
                if (!tried->signatureVerified) {
                    (void)m_ctx.flow.deviceError(
                        Error{ErrorCode::DeviceAttestationInvalid, "assertion not verified"});
                    return;
                }
                (void)m_ctx.flow.keyTrySucceeded();
            });
}

} // namespace madoguchi::gui
