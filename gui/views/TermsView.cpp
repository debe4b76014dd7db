// SPDX-License-Identifier: Apache-2.0
#include "views/TermsView.h"

#include "I18n.h"
#include "Theme.h"
#include "flow/EnrollmentFlow.h"

#include <wx/intl.h>
#include <wx/sizer.h>
#include <wx/textctrl.h>

#include <fstream>
#include <sstream>

namespace madoguchi::gui {

TermsView::TermsView(wxWindow* parent, KioskContext& ctx, std::filesystem::path termsJa,
                     std::filesystem::path termsEn, std::string termsVersion)
    : ScreenView(parent, ctx, "termsView"), m_termsJa(std::move(termsJa)),
      m_termsEn(std::move(termsEn)), m_version(std::move(termsVersion)) {
    m_text = new wxTextCtrl(this, wxID_ANY, "", wxDefaultPosition, wxDefaultSize,
                            wxTE_MULTILINE | wxTE_READONLY | wxTE_WORDWRAP);
    m_text->SetName("termsText");
    m_text->SetFont(Theme::font(this, sizes::kBodyText));
    content()->Add(m_text, 1, wxEXPAND | wxBOTTOM, Theme::px(this, 12));
    retranslate();
}

void TermsView::retranslate() {
    setTitle(_("Terms of use"));
    setLead(_("Please read the terms. Touch the text and scroll to read more. If you agree, "
              "press \"I agree\"."));
    // English falls back to the Japanese text when the society ships none.
    const auto& file =
        I18n::language() == Language::English && !m_termsEn.empty() ? m_termsEn : m_termsJa;
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    m_text->ChangeValue(in ? wxString::FromUTF8(text.str())
                           : _("The terms of use could not be loaded. Please ask the staff."));
}

wxString TermsView::mainActionLabel() const {
    return _("I agree");
}

void TermsView::onMainAction() {
    (void)m_ctx.flow.agreeTerms(m_version);
}

} // namespace madoguchi::gui
