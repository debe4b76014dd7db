// SPDX-License-Identifier: Apache-2.0
#include "views/AttractView.h"

#include "TextWrap.h"
#include "Theme.h"
#include "flow/EnrollmentFlow.h"

#include <wx/button.h>
#include <wx/intl.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

namespace madoguchi::gui {

AttractView::AttractView(wxWindow* parent, KioskContext& ctx)
    : ScreenView(parent, ctx, "attractView") {
    m_steps = addText(content(), "", sizes::kBodyText);
    content()->AddSpacer(Theme::px(this, 40));
    m_resume = new wxButton(this, wxID_ANY, "", wxDefaultPosition,
                            wxSize(Theme::px(this, 700), Theme::px(this, 96)));
    m_resume->SetName("resumeButton");
    m_resume->SetFont(Theme::font(this, sizes::kBodyText, true));
    m_resume->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { (void)m_ctx.flow.startResume(); });
    content()->Add(m_resume, 0);
    retranslate();
}

void AttractView::retranslate() {
    setTitle(_("Welcome. Let's register for the member portal."));
    setLead(_("Please have the letter with your temporary ID and temporary password ready. "
              "Staff are here to help at any time."));
    // Wrapped like the lead: the third line is longer than the screen in English.
    TextWrap::setLabel(m_steps,
                       _("1. Log in with the temporary ID from the letter\n"
                         "2. Choose your own user ID and password\n"
                         "3. Set up multi-factor authentication: a one-time password (an "
                         "app on your smartphone), biometrics on your smartphone, or a "
                         "security key"),
                       Theme::px(this, 1840));
    m_resume->SetLabel(_("Continue a registration I started"));
}

wxString AttractView::mainActionLabel() const {
    return _("Start registration");
}

void AttractView::onMainAction() {
    (void)m_ctx.flow.startEnrollment();
}

} // namespace madoguchi::gui
