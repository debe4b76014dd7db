// SPDX-License-Identifier: Apache-2.0
#include "views/MethodChoiceView.h"

#include "TextWrap.h"
#include "Theme.h"
#include "flow/EnrollmentFlow.h"

#include <wx/button.h>
#include <wx/intl.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

#include <algorithm>

namespace madoguchi::gui {

MethodChoiceView::MethodChoiceView(wxWindow* parent, KioskContext& ctx, bool afterCommit)
    : ScreenView(parent, ctx, afterCommit ? "methodChoiceAfterCommitView" : "methodChoiceView"),
      m_afterCommit(afterCommit), m_otp(addChoice("chooseOtp")), m_key(addChoice("chooseKey")),
      m_phone(addChoice("choosePhone")) {
    // The manual's note ※2: which method suits whom.
    m_advice = new wxStaticText(this, wxID_ANY, "");
    m_advice->SetName("methodAdvice");
    m_advice->SetFont(Theme::font(this, sizes::kBodyText));
    m_advice->SetForegroundColour(Theme::colour(palette::kText));
    content()->Add(m_advice, 0, wxTOP, Theme::px(this, 10));
    m_otp.button->Bind(wxEVT_BUTTON,
                       [this](wxCommandEvent&) { (void)m_ctx.flow.chooseMethod(MfaMethod::Otp); });
    m_key.button->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        (void)m_ctx.flow.chooseMethod(MfaMethod::SecurityKey);
    });
    m_phone.button->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        (void)m_ctx.flow.chooseMethod(MfaMethod::PhonePasskey);
    });
    retranslate();
}

MethodChoiceView::Choice MethodChoiceView::addChoice(const char* name) {
    auto* row = new wxBoxSizer(wxHORIZONTAL);
    auto* button = new wxButton(this, wxID_ANY, "", wxDefaultPosition,
                                wxSize(Theme::px(this, 720), Theme::px(this, 110)));
    button->SetName(name);
    button->SetFont(Theme::font(this, sizes::kHeadingText, true));
    auto* detail = new wxStaticText(this, wxID_ANY, "");
    detail->SetFont(Theme::font(this, sizes::kBodyText));
    detail->SetForegroundColour(Theme::colour(palette::kText));
    row->Add(button, 0, wxRIGHT, Theme::px(this, 30));
    row->Add(detail, 1, wxALIGN_CENTER_VERTICAL);
    content()->Add(row, 0, wxEXPAND | wxBOTTOM, Theme::px(this, 30));
    return {button, detail};
}

void MethodChoiceView::onEnter() {
    // Keyboard users start on the first choice; Enter or Space picks it.
    m_otp.button->SetFocus();
}

void MethodChoiceView::retranslate() {
    setTitle(m_afterCommit ? _("Choose your second sign-in step")
                           : _("How will you confirm it is you?"));
    setLead(_("Besides your password, the portal asks for one more step when you log in. "
              "Choose the one that suits you. Staff can help."));
    // The manual's names: ワンタイムパスワード（スマートフォンのアプリ）and 生体認証.
    m_otp.button->SetLabel(_("One-time password (smartphone app)"));
    m_key.button->SetLabel(_("A security key"));
    m_phone.button->SetLabel(_("Biometrics (smartphone)"));
    // The three buttons as wide as the longest label needs (at least 720 px), the details
    // wrapped into what is left of the row.
    int width = Theme::px(this, 720);
    for (const Choice* c : {&m_otp, &m_key, &m_phone}) {
        c->button->SetMinSize(wxSize(-1, Theme::px(this, 110)));
        width = std::max(width, c->button->GetBestSize().x + Theme::px(this, 48));
    }
    for (const Choice* c : {&m_otp, &m_key, &m_phone}) {
        c->button->SetMinSize(wxSize(width, Theme::px(this, 110)));
    }
    const int detailWidth = Theme::px(this, 1920 - 2 * sizes::kGap - 30) - width;
    TextWrap::setLabel(m_otp.detail,
                       _("Google Authenticator or Microsoft Authenticator shows a "
                         "6-digit code."),
                       detailWidth);
    TextWrap::setLabel(m_key.detail, _("A small USB key from the counter. No smartphone needed."),
                       detailWidth);
    TextWrap::setLabel(m_phone.detail,
                       _("You log in with your smartphone's face or fingerprint unlock. "
                         "Nothing to type."),
                       detailWidth);
    TextWrap::setLabel(m_advice,
                       _("Tip: if you use the portal on your smartphone, biometrics is "
                         "convenient. If you view or print on a PC without biometrics, choose "
                         "the one-time password."),
                       Theme::px(this, 1840));
    Layout();
}

} // namespace madoguchi::gui
