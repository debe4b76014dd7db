// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "views/ScreenView.h"

class wxButton;

namespace madoguchi::gui {

// ⑪-⑬ with a security key (KeyInsert .. KeyTry). Until this kiosk has a FIDO2 device layer
// configured, it says plainly that the method is not available and offers the others.
class SecurityKeyView : public ScreenView {
public:
    SecurityKeyView(wxWindow* parent, KioskContext& ctx, FlowState state);
    void retranslate() override;
    void onEnter() override;
    bool hasMainAction() const override { return false; }

private:
    FlowState m_state;
    wxButton* m_other;
};

} // namespace madoguchi::gui
