// SPDX-License-Identifier: Apache-2.0
#include "views/SecurityKeyView.h"

#include "Theme.h"
#include "flow/EnrollmentFlow.h"

#include <wx/button.h>
#include <wx/intl.h>
#include <wx/sizer.h>

namespace madoguchi::gui {

SecurityKeyView::SecurityKeyView(wxWindow* parent, KioskContext& ctx, FlowState state)
    : ScreenView(parent, ctx, "securityKeyView"), m_state(state) {
    m_other = new wxButton(this, wxID_ANY, "", wxDefaultPosition,
                           wxSize(Theme::px(this, 600), Theme::px(this, 96)));
    m_other->SetName("otherMethodButton");
    m_other->SetFont(Theme::font(this, sizes::kBodyText, true));
    m_other->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { (void)m_ctx.flow.back(); });
    content()->Add(m_other, 0, wxTOP, Theme::px(this, 30));
    retranslate();
}

void SecurityKeyView::retranslate() {
    setTitle(_("Register a security key"));
    m_other->SetLabel(_("Choose another method"));
}

void SecurityKeyView::onEnter() {
    setLead(_("Security keys are not available on this kiosk yet. Please choose another "
              "method; staff can help."));
    showError(ErrorCode::Unsupported);
}

} // namespace madoguchi::gui
