// SPDX-License-Identifier: Apache-2.0
#include "views/BasicDoneView.h"

#include "flow/EnrollmentFlow.h"

#include <wx/intl.h>

namespace madoguchi::gui {

BasicDoneView::BasicDoneView(wxWindow* parent, KioskContext& ctx)
    : ScreenView(parent, ctx, "basicDoneView") {
    retranslate();
}

void BasicDoneView::retranslate() {
    setTitle(_("Your basic registration is saved"));
    onEnter();
}

void BasicDoneView::onEnter() {
    const auto& userId = m_ctx.flow.draft().userId;
    setLead(wxString::Format(_("Your user ID is %s. Next, set up the second sign-in step. If "
                               "you stop now, you can continue later with this user ID and "
                               "your new password."),
                             wxString::FromUTF8(userId)));
}

void BasicDoneView::onMainAction() {
    (void)m_ctx.flow.next();
}

} // namespace madoguchi::gui
