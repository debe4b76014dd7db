// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "views/ScreenView.h"

namespace madoguchi::gui {

// ⑥ The basic registration is saved and queued; the second step follows.
class BasicDoneView : public ScreenView {
public:
    BasicDoneView(wxWindow* parent, KioskContext& ctx);
    void retranslate() override;
    void onEnter() override;
    void onMainAction() override;
};

} // namespace madoguchi::gui
