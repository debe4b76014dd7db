// SPDX-License-Identifier: Apache-2.0
#include "views/EmailView.h"

#include "MemberMessages.h"
#include "TextWrap.h"
#include "Theme.h"
#include "flow/EnrollmentFlow.h"
#include "kiosk/KioskController.h"
#include "widgets/InputPad.h"

#include <wx/intl.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

namespace madoguchi::gui {

EmailView::EmailView(wxWindow* parent, KioskContext& ctx) : ScreenView(parent, ctx, "emailView") {
    auto* columns = new wxBoxSizer(wxHORIZONTAL);
    auto* left = new wxBoxSizer(wxVERTICAL);
    const wxSize fieldSize(Theme::px(this, 700), Theme::px(this, sizes::kTouchTarget));
    m_label = addText(left, "", sizes::kBodyText, true);
    m_email = new wxTextCtrl(this, wxID_ANY, "", wxDefaultPosition, fieldSize);
    m_email->SetName("emailField");
    m_email->SetFont(Theme::font(this, sizes::kFieldText));
    m_email->SetMaxLength(254);
    left->Add(m_email, 0);
    m_emailMessage = addFieldMessage(left, "emailMessage");
    m_confirmLabel = addText(left, "", sizes::kBodyText, true);
    m_confirm = new wxTextCtrl(this, wxID_ANY, "", wxDefaultPosition, fieldSize);
    m_confirm->SetName("emailConfirmField");
    m_confirm->SetFont(Theme::font(this, sizes::kFieldText));
    m_confirm->SetMaxLength(254);
    left->Add(m_confirm, 0);
    m_confirmMessage = addFieldMessage(left, "emailConfirmMessage");
    // Saving can fail (store, network before the commit): say so under the fields too.
    setMessageLine(m_confirmMessage);
    m_note = addText(left, "", sizes::kSmallText);
    for (auto* field : {m_email, m_confirm}) {
        field->Bind(wxEVT_TEXT, [this](wxCommandEvent& event) {
            setFieldMessage(m_emailMessage, "");
            setFieldMessage(m_confirmMessage, "");
            event.Skip();
        });
    }
    m_pad = new InputPad(this, false);
    m_pad->attach(m_email, InputPad::Kind::Text);
    m_pad->attach(m_confirm, InputPad::Kind::Text);
    columns->Add(left, 0, wxRIGHT, Theme::px(this, 40));
    columns->Add(m_pad, 1);
    content()->Add(columns, 1, wxEXPAND);
    retranslate();
}

void EmailView::retranslate() {
    setTitle(_("Your email address"));
    setLead(_("The society uses it only if you forget your ID or password. A personal "
              "address (Gmail, Yahoo and so on) is fine, and you can change it later."));
    m_label->SetLabel(_("Email address"));
    m_confirmLabel->SetLabel(_("Email address again"));
    TextWrap::setLabel(m_note, _("Press \"Register\" to save your registration."),
                       Theme::px(this, 700));
}

void EmailView::onEnter() {
    const auto& draft = m_ctx.flow.draft();
    if (m_email->IsEmpty() && !draft.email.empty()) {
        m_email->ChangeValue(wxString::FromUTF8(draft.email));
        m_confirm->ChangeValue(wxString::FromUTF8(draft.email));
    }
    m_email->SetFocus();
}

void EmailView::wipe() {
    m_email->Clear();
    m_confirm->Clear();
    setFieldMessage(m_emailMessage, "");
    setFieldMessage(m_confirmMessage, "");
}

wxString EmailView::mainActionLabel() const {
    return _("Register");
}

void EmailView::onMainAction() {
    auto& c = m_ctx.controller;
    auto result =
        c.checkEmail(m_email->GetValue().utf8_string(), m_confirm->GetValue().utf8_string());
    if (!result.ok()) {
        // Beside the field it is about: the second one when the two differ.
        setMessageLine(result.refusal->reason == RefusalReason::ConfirmationMismatch
                           ? m_confirmMessage
                           : m_emailMessage);
        showError(MemberMessages::refusal(*result.refusal, Field::Email));
        setMessageLine(m_confirmMessage);
        return;
    }
    if (result.changedByNormalization) {
        m_email->ChangeValue(wxString::FromUTF8(result.normalized));
        m_confirm->ChangeValue(wxString::FromUTF8(result.normalized));
    }
    auto input =
        std::make_shared<kiosk::KioskController::BasicInput>(c.basicInput(result.normalized));
    const auto epoch = c.epoch();
    const std::string email = result.normalized;
    runBusy([&c, input](kiosk::JobContext& job) { return c.commitBasic(job.store(), *input); },
            [&c, epoch, email](auto committed) {
                c.applyBasicCommitted(epoch, email, std::move(committed));
            });
}

} // namespace madoguchi::gui
