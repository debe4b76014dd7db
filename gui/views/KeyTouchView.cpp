// SPDX-License-Identifier: Apache-2.0
#include "views/KeyTouchView.h"

#include "Theme.h"
#include "flow/EnrollmentFlow.h"
#include "kiosk/KioskController.h"
#include "screens/SecurityKeySession.h"

#include <wx/intl.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

namespace madoguchi::gui {

KeyTouchView::KeyTouchView(wxWindow* parent, KioskContext& ctx,
                           std::shared_ptr<SecurityKeySession> session)
    : ScreenView(parent, ctx, "keyTouchView"), m_session(std::move(session)) {
    m_instruction = addText(content(), "", sizes::kHeadingText, true);
    m_instruction->SetName("keyTouchInstruction");
    retranslate();
}

void KeyTouchView::retranslate() {
    const auto key = m_session->key();
    if (key && key->step && *key->step == devices::PinStep::None) {
        // Windows Hello (or a key's fingerprint reader) asks the member itself.
        setTitle(_("Confirm it is you"));
        setLead(_("The computer asks you to confirm: use your PIN, face or fingerprint as "
                  "the window on the screen says."));
        m_instruction->SetLabel(_("Please follow the window on the screen."));
        return;
    }
    setTitle(_("Touch your security key"));
    setLead(_("When the light on the key blinks, touch the key's button or metal part once. "
              "Keep the key in the port."));
    m_instruction->SetLabel(_("Please touch the key now."));
}

void KeyTouchView::onEnter() {
    retranslate();
    startRegistration();
}

wxString KeyTouchView::mainActionLabel() const {
    return _("Try again");
}

void KeyTouchView::onMainAction() {
    clearMessage();
    startRegistration();
}

void KeyTouchView::startRegistration() {
    const auto key = m_session->key();
    if (!key) {
        (void)m_ctx.flow.deviceError(Error{ErrorCode::DeviceNotFound, "no key opened"});
        return;
    }
    auto request = m_ctx.controller.securityKeyRequest();
    if (!request) {
        showError(request.code());
        return;
    }
    const devices::RegistrationRequest registration = registrationFor(*request);
    const std::uint64_t epoch = m_ctx.flow.epoch();
    runBusy([key, registration] { return key->enrollment->registerCredential(registration); },
            [this, epoch](Result<devices::EnrolledCredential> registered) {
                if (epoch != m_ctx.flow.epoch() || m_ctx.flow.state() != FlowState::KeyTouch) {
                    return;
                }
                if (!registered) {
                    (void)m_ctx.flow.deviceError(registered.error());
                    return;
                }
                m_ctx.controller.securityKeyRegistered(registered->credentialId);
                m_session->setCredential(std::move(registered).value());
                (void)m_ctx.flow.keyRegistered();
            });
}

} // namespace madoguchi::gui
