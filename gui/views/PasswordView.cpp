// SPDX-License-Identifier: Apache-2.0
#include "views/PasswordView.h"

#include "MemberMessages.h"
#include "TextWrap.h"
#include "Theme.h"
#include "flow/EnrollmentFlow.h"
#include "kiosk/KioskController.h"
#include "widgets/InputPad.h"
#include "widgets/RuleChecklist.h"
#include "widgets/SecretField.h"

#include <wx/intl.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/tglbtn.h>

namespace madoguchi::gui {

PasswordView::PasswordView(wxWindow* parent, KioskContext& ctx)
    : ScreenView(parent, ctx, "passwordView") {
    auto* columns = new wxBoxSizer(wxHORIZONTAL);
    auto* left = new wxBoxSizer(wxVERTICAL);
    const wxSize fieldSize(Theme::px(this, 600), Theme::px(this, sizes::kTouchTarget));
    m_label = addText(left, "", sizes::kBodyText, true);
    auto* passwordRow = new wxBoxSizer(wxHORIZONTAL);
    m_password = new SecretField(this, "passwordField", 64);
    m_password->SetMinSize(fieldSize);
    m_show = new wxToggleButton(this, wxID_ANY, "", wxDefaultPosition,
                                wxSize(-1, Theme::px(this, sizes::kTouchTarget)));
    m_show->SetName("showPassword");
    m_show->SetFont(Theme::font(this, sizes::kSmallText));
    m_show->Bind(wxEVT_TOGGLEBUTTON, [this](wxCommandEvent&) {
        m_password->setRevealed(m_show->GetValue());
        m_confirm->setRevealed(m_show->GetValue());
        m_show->SetLabel(m_show->GetValue() ? _("Hide") : _("Show"));
        Layout();
    });
    passwordRow->Add(m_password, 0);
    passwordRow->Add(m_show, 0, wxALIGN_CENTER_VERTICAL | wxLEFT, Theme::px(this, 16));
    left->Add(passwordRow, 0);
    // One line kept under each field: with the checklist the column fills the screen.
    m_passwordMessage = addFieldMessage(left, "passwordMessage", 1);
    left->AddSpacer(Theme::px(this, 8));
    m_confirmLabel = addText(left, "", sizes::kBodyText, true);
    m_confirm = new SecretField(this, "passwordConfirmField", 64);
    m_confirm->SetMinSize(fieldSize);
    left->Add(m_confirm, 0);
    m_confirmMessage = addFieldMessage(left, "passwordConfirmMessage", 1);
    m_show->MoveAfterInTabOrder(m_confirm); // Tab goes from one password field to the other
    setMessageLine(m_passwordMessage);
    m_checklist = new RuleChecklist(this, "passwordChecklist", Field::Password,
                                    {RuleId::Length, RuleId::AllowedCharacters, RuleId::NotUserId,
                                     RuleId::NotTempPassword, RuleId::NotBirthDate,
                                     RuleId::NotCommon, RuleId::ConfirmationMatches});
    left->Add(m_checklist, 0);
    // The symbols this society's portal takes (the manual's list, or the profile's narrower
    // one): the member sees them before choosing, and the keyboard offers only those.
    auto* right = new wxBoxSizer(wxVERTICAL);
    m_symbols = new wxStaticText(this, wxID_ANY, "");
    m_symbols->SetFont(Theme::font(this, sizes::kSmallText));
    m_symbols->SetForegroundColour(Theme::colour(palette::kText));
    m_symbols->SetName("passwordSymbols");
    const auto& policy = m_ctx.controller.options().passwordPolicy;
    m_pad = new InputPad(this, policy.allowUppercase);
    m_pad->attach(m_password, InputPad::Kind::Text);
    m_pad->attach(m_confirm, InputPad::Kind::Text);
    m_pad->setKeyFilter([symbols = policy.allowedSymbols](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               symbols.find(c) != std::string::npos;
    });
    columns->Add(left, 0, wxRIGHT, Theme::px(this, 40));
    right->Add(m_pad, 0);
    right->Add(m_symbols, 0, wxTOP, Theme::px(this, 12));
    columns->Add(right, 1);
    content()->Add(columns, 1, wxEXPAND);
    m_password->Bind(wxEVT_TEXT, [this](wxCommandEvent&) { onChanged(); });
    m_confirm->Bind(wxEVT_TEXT, [this](wxCommandEvent&) { onChanged(); });
    retranslate();
}

void PasswordView::retranslate() {
    setTitle(_("Choose a new password"));
    setLead(_("Enter the same password twice. Please do not use your birth date or words "
              "that are easy to guess."));
    m_label->SetLabel(_("New password"));
    m_confirmLabel->SetLabel(_("New password again"));
    // TRANSLATORS: toggle beside a password field that shows (Show) or hides (Hide) the typed
    // characters; it names what a tap will do
    m_show->SetLabel(m_show->GetValue() ? _("Hide") : _("Show"));
    wxString symbols;
    for (char c : m_ctx.controller.options().passwordPolicy.allowedSymbols) {
        // '&' marks a mnemonic in a label: doubled, it shows as itself.
        symbols << (symbols.empty() ? "" : " ") << (c == '&' ? wxString("&&") : wxString(c));
    }
    // TRANSLATORS: followed by the symbols a password may contain, separated by spaces
    TextWrap::setLabel(m_symbols, _("Symbols you can use:") + " " + symbols, Theme::px(this, 1000));
    onChanged();
}

void PasswordView::onEnter() {
    onChanged();
    m_password->SetFocus();
}

void PasswordView::wipe() {
    m_password->clear();
    m_confirm->clear();
    m_show->SetValue(false);
    m_show->SetLabel(_("Show"));
    m_password->setRevealed(false);
    m_confirm->setRevealed(false);
    m_checklist->reset();
    setFieldMessage(m_passwordMessage, "");
    setFieldMessage(m_confirmMessage, "");
}

void PasswordView::onChanged() {
    auto result = m_ctx.controller.checkPassword(m_password->value(), m_confirm->value());
    m_checklist->update(result, m_password->value().empty());
    // A message about what was typed goes once the member changes it.
    setFieldMessage(m_passwordMessage, "");
    setFieldMessage(m_confirmMessage, "");
    Layout();
}

void PasswordView::onMainAction() {
    auto result = m_ctx.controller.checkPassword(m_password->value(), m_confirm->value());
    if (!result.ok()) {
        // Beside the field it is about: the second one when the two differ.
        setMessageLine(result.refusal->reason == RefusalReason::ConfirmationMismatch
                           ? m_confirmMessage
                           : m_passwordMessage);
        showError(MemberMessages::refusal(*result.refusal, Field::Password));
        setMessageLine(m_passwordMessage);
        return;
    }
    m_ctx.controller.applyPassword(std::move(result.normalized));
}

} // namespace madoguchi::gui
