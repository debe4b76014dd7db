// SPDX-License-Identifier: Apache-2.0
#include "views/KeyNameView.h"

#include "MemberMessages.h"
#include "Theme.h"
#include "crypto/Base64.h"
#include "flow/EnrollmentFlow.h"
#include "kiosk/KioskController.h"
#include "screens/SecurityKeySession.h"
#include "widgets/InputPad.h"

#include <wx/intl.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

namespace madoguchi::gui {

namespace {
// What the central service stores for the credential (protocol::WebAuthnBinding).
kiosk::SecurityKeyBinding toBinding(const devices::EnrolledCredential& credential,
                                    std::string deviceName) {
    kiosk::SecurityKeyBinding binding;
    auto& b = binding.credential;
    b.credentialId = crypto::Base64::encodeUrl(credential.credentialId);
    b.publicKeyCose = crypto::Base64::encode(credential.publicKeyCose);
    b.aaguid = devices::aaguidToString(credential.aaguid);
    b.signCount = credential.signCount;
    b.attestationFormat = credential.attestationFormat;
    b.transports = credential.transports;
    b.deviceName = std::move(deviceName);
    // For the central service to re-verify and for the identity provider's record.
    b.attestationStatement = crypto::Base64::encodeUrl(credential.attestationStatement);
    b.userHandle = crypto::Base64::encodeUrl(credential.userHandle);
    b.attestationTrust = std::string(devices::toString(credential.trust));
    b.modelName = credential.deviceName;
    return binding;
}
} // namespace

KeyNameView::KeyNameView(wxWindow* parent, KioskContext& ctx,
                         std::shared_ptr<SecurityKeySession> session)
    : ScreenView(parent, ctx, "keyNameView"), m_session(std::move(session)) {
    auto* columns = new wxBoxSizer(wxHORIZONTAL);
    auto* left = new wxBoxSizer(wxVERTICAL);
    m_model = addText(left, "", sizes::kBodyText);
    m_model->SetName("keyModel");
    m_label = addText(left, "", sizes::kBodyText, true);
    m_name = new wxTextCtrl(this, wxID_ANY, "", wxDefaultPosition,
                            wxSize(Theme::px(this, 600), Theme::px(this, sizes::kTouchTarget)));
    m_name->SetName("keyNameField");
    m_name->SetFont(Theme::font(this, sizes::kFieldText));
    // A convenience: the flow checks the rule (DeviceName).
    m_name->SetMaxLength(static_cast<unsigned long>(DeviceName::kMaxLength));
    left->Add(m_name, 0);
    m_pad = new InputPad(this, true);
    m_pad->attach(m_name, InputPad::Kind::Text);
    columns->Add(left, 0, wxRIGHT, Theme::px(this, 40));
    columns->Add(m_pad, 1);
    content()->Add(columns, 1, wxEXPAND);
    retranslate();
}

void KeyNameView::retranslate() {
    // TRANSLATORS: the key is registered at this point; only its name is left.
    setTitle(_("Your key is registered. Name it"));
    setLead(_("The portal shows this name so you can recognise this key later. You can keep "
              "the suggested name."));
    m_label->SetLabel(_("Key name"));
    const auto& credential = m_session->credential();
    const std::string model = credential ? credential->deviceName : std::string();
    m_model->SetLabel(model.empty()
                          ? wxString()
                          // TRANSLATORS: %s is the key's model, e.g. "YubiKey 5 NFC".
                          : wxString::Format(_("Your key: %s"), wxString::FromUTF8(model)));
    m_model->Show(!model.empty());
    Layout();
}

void KeyNameView::onEnter() {
    retranslate();
    if (m_name->IsEmpty()) {
        m_name->ChangeValue(wxString::FromUTF8(m_ctx.controller.options().defaultDeviceName));
    }
    m_name->SetFocus();
    m_name->SetInsertionPointEnd();
}

void KeyNameView::wipe() {
    m_name->Clear();
}

wxString KeyNameView::mainActionLabel() const {
    return _("Save this name");
}

void KeyNameView::onMainAction() {
    auto checked =
        DeviceName::check(m_name->GetValue().utf8_string(), DeviceName::Use::SecurityKey);
    if (!checked.ok()) {
        showError(MemberMessages::deviceName(*checked.problem));
        return;
    }
    const auto& credential = m_session->credential();
    if (!credential) {
        (void)m_ctx.flow.deviceError(Error{ErrorCode::DeviceNotFound, "no credential"});
        return;
    }
    auto& c = m_ctx.controller;
    std::string deviceName = std::move(checked.name);
    auto input = c.securityKeyBindingInput(toBinding(*credential, deviceName));
    if (!input) {
        showError(input.code());
        return;
    }
    auto shared = std::make_shared<kiosk::KioskController::MfaInput>(std::move(input).value());
    const auto epoch = c.epoch();
    runBusy([&c, shared](kiosk::JobContext& job) { return c.commitMfa(job.store(), *shared); },
            [&c, epoch, deviceName](Status committed) {
                c.applySecurityKeyBound(epoch, deviceName, committed);
            });
}

} // namespace madoguchi::gui
