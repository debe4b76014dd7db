// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "views/ScreenView.h"

class wxButton;
class wxStaticText;

namespace madoguchi::gui {

// ① The attract screen: start a registration, or continue an interrupted one.
class AttractView : public ScreenView {
public:
    AttractView(wxWindow* parent, KioskContext& ctx);
    void retranslate() override;
    wxString mainActionLabel() const override;
    void onMainAction() override;
    bool showsBack() const override { return false; }

private:
    wxStaticText* m_steps;
    wxButton* m_resume;
};

} // namespace madoguchi::gui
