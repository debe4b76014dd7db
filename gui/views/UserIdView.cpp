// SPDX-License-Identifier: Apache-2.0
#include "views/UserIdView.h"

#include "MemberMessages.h"
#include "Theme.h"
#include "flow/EnrollmentFlow.h"
#include "kiosk/KioskController.h"
#include "rules/UserIdPolicy.h"
#include "widgets/InputPad.h"
#include "widgets/RuleChecklist.h"

#include <wx/intl.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

namespace madoguchi::gui {

UserIdView::UserIdView(wxWindow* parent, KioskContext& ctx)
    : ScreenView(parent, ctx, "userIdView") {
    auto* columns = new wxBoxSizer(wxHORIZONTAL);
    auto* left = new wxBoxSizer(wxVERTICAL);
    m_label = addText(left, "", sizes::kBodyText, true);
    m_field = new wxTextCtrl(this, wxID_ANY, "", wxDefaultPosition,
                             wxSize(Theme::px(this, 600), Theme::px(this, sizes::kTouchTarget)));
    m_field->SetName("userIdField");
    m_field->SetFont(Theme::font(this, sizes::kFieldText));
    m_field->SetMaxLength(40);
    left->Add(m_field, 0, wxBOTTOM, Theme::px(this, 8));
    m_fieldMessage = addFieldMessage(left, "userIdMessage");
    m_normalized = addText(left, "", sizes::kSmallText);
    m_normalized->SetName("userIdNormalized");
    m_checklist = new RuleChecklist(this, "userIdChecklist", Field::UserId,
                                    {RuleId::Length, RuleId::AllowedCharacters});
    left->Add(m_checklist, 0, wxTOP, Theme::px(this, 12));
    m_pad = new InputPad(this, false);
    m_pad->attach(m_field, InputPad::Kind::Text);
    // Only keys a user ID may hold: no , / : ; to type by mistake.
    m_pad->setKeyFilter([](char c) { return UserIdPolicy::isAllowed(static_cast<char32_t>(c)); });
    setMessageLine(m_fieldMessage);
    columns->Add(left, 0, wxRIGHT, Theme::px(this, 40));
    columns->Add(m_pad, 1);
    content()->Add(columns, 1, wxEXPAND);
    m_field->Bind(wxEVT_TEXT, [this](wxCommandEvent&) { onChanged(); });
    retranslate();
}

void UserIdView::retranslate() {
    setTitle(_("Choose your user ID"));
    setLead(_("You will use this ID to log in to the member portal. "
              "Example: yamada.taro"));
    m_label->SetLabel(_("User ID"));
    m_checklist->retranslate();
    onChanged();
}

void UserIdView::onEnter() {
    const auto& draft = m_ctx.flow.draft();
    if (m_field->IsEmpty() && !draft.userId.empty()) {
        m_field->ChangeValue(wxString::FromUTF8(draft.userId));
    }
    onChanged();
    m_field->SetFocus();
}

void UserIdView::wipe() {
    m_field->Clear();
    m_checklist->reset();
    m_normalized->SetLabel("");
    setFieldMessage(m_fieldMessage, "");
}

void UserIdView::onChanged() {
    const std::string typed = m_field->GetValue().utf8_string();
    auto result = m_ctx.controller.checkUserId(typed);
    m_checklist->update(result, typed.empty());
    // Full-width or capital letters were changed: show the member what will be used.
    m_normalized->SetLabel(result.changedByNormalization && !result.normalized.empty()
                               ? wxString::Format(_("Will be registered as: %s"),
                                                  wxString::FromUTF8(result.normalized))
                               : wxString());
    setFieldMessage(m_fieldMessage, !typed.empty() && result.refusal &&
                                            result.refusal->reason != RefusalReason::TooShort
                                        ? MemberMessages::refusal(*result.refusal, Field::UserId)
                                        : wxString());
    Layout();
}

void UserIdView::onMainAction() {
    auto& c = m_ctx.controller;
    auto result = c.checkUserId(m_field->GetValue().utf8_string());
    if (!result.ok()) {
        showError(MemberMessages::refusal(*result.refusal, Field::UserId));
        return;
    }
    m_field->ChangeValue(wxString::FromUTF8(result.normalized));
    const std::string userId = result.normalized;
    const std::string token = c.sessionToken();
    const auto epoch = c.epoch();
    runBusy([&c, token, userId] { return c.checkUserIdAvailable(token, userId); },
            [&c, userId, epoch](Status answer) { c.applyUserId(epoch, userId, answer); });
}

} // namespace madoguchi::gui
