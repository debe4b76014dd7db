// SPDX-License-Identifier: Apache-2.0
#include "views/ResumeLoginView.h"

#include "MemberMessages.h"
#include "Theme.h"
#include "flow/EnrollmentFlow.h"
#include "kiosk/KioskController.h"
#include "widgets/InputPad.h"
#include "widgets/SecretField.h"

#include <wx/intl.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/tglbtn.h>

namespace madoguchi::gui {

ResumeLoginView::ResumeLoginView(wxWindow* parent, KioskContext& ctx)
    : ScreenView(parent, ctx, "resumeLoginView") {
    auto* columns = new wxBoxSizer(wxHORIZONTAL);
    auto* left = new wxBoxSizer(wxVERTICAL);
    const wxSize fieldSize(Theme::px(this, 600), Theme::px(this, sizes::kTouchTarget));
    m_userIdLabel = addText(left, "", sizes::kBodyText, true);
    m_userId = new wxTextCtrl(this, wxID_ANY, "", wxDefaultPosition, fieldSize);
    m_userId->SetName("resumeUserIdField");
    m_userId->SetFont(Theme::font(this, sizes::kFieldText));
    m_userId->SetMaxLength(40);
    left->Add(m_userId, 0, wxBOTTOM, Theme::px(this, 12));
    m_passwordLabel = addText(left, "", sizes::kBodyText, true);
    m_password = new SecretField(this, "resumePasswordField", 64);
    m_password->SetMinSize(fieldSize);
    m_show = new wxToggleButton(this, wxID_ANY, "", wxDefaultPosition,
                                wxSize(-1, Theme::px(this, sizes::kTouchTarget)));
    m_show->SetName("showResumePassword");
    m_show->SetFont(Theme::font(this, sizes::kSmallText));
    m_show->Bind(wxEVT_TOGGLEBUTTON,
                 [this](wxCommandEvent&) { m_password->setRevealed(m_show->GetValue()); });
    auto* passwordRow = new wxBoxSizer(wxHORIZONTAL);
    passwordRow->Add(m_password, 0);
    passwordRow->Add(m_show, 0, wxALIGN_CENTER_VERTICAL | wxLEFT, Theme::px(this, 16));
    left->Add(passwordRow, 0);
    m_message = addFieldMessage(left, "resumeMessage");
    setMessageLine(m_message);
    m_pad = new InputPad(this, true);
    m_pad->attach(m_userId, InputPad::Kind::Text);
    m_pad->attach(m_password, InputPad::Kind::Text);
    columns->Add(left, 0, wxRIGHT, Theme::px(this, 40));
    columns->Add(m_pad, 1);
    content()->Add(columns, 1, wxEXPAND);
    retranslate();
}

void ResumeLoginView::retranslate() {
    setTitle(_("Continue your registration"));
    setLead(_("Log in with the user ID and the new password you chose. You will continue with "
              "the second sign-in step."));
    m_userIdLabel->SetLabel(_("User ID"));
    m_passwordLabel->SetLabel(_("New password"));
    m_show->SetLabel(_("Show"));
}

void ResumeLoginView::onEnter() {
    m_userId->SetFocus();
}

void ResumeLoginView::wipe() {
    m_userId->Clear();
    m_password->clear();
    m_show->SetValue(false);
    m_password->setRevealed(false);
    setFieldMessage(m_message, "");
}

wxString ResumeLoginView::mainActionLabel() const {
    return _("Log in");
}

void ResumeLoginView::onMainAction() {
    auto& c = m_ctx.controller;
    auto id = c.checkUserId(m_userId->GetValue().utf8_string());
    if (!id.ok()) {
        showError(MemberMessages::refusal(*id.refusal, Field::UserId));
        return;
    }
    auto password = std::make_shared<SecureBuffer>(m_password->value().clone());
    const std::string userId = id.normalized;
    const auto epoch = c.epoch();
    runBusy([&c, userId, password](
                kiosk::JobContext& job) { return c.verifyResume(job.store(), userId, *password); },
            [&c, epoch](auto found) { c.applyResume(epoch, std::move(found)); });
}

} // namespace madoguchi::gui
