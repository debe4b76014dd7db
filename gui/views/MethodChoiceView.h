// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "views/ScreenView.h"

class wxButton;
class wxStaticText;

namespace madoguchi::gui {

// ③ (and after ⑥) Choose the second sign-in step: an app on the phone, a security key, or
// a passkey on the member's own phone. Each choice is one large button.
class MethodChoiceView : public ScreenView {
public:
    MethodChoiceView(wxWindow* parent, KioskContext& ctx, bool afterCommit);
    void retranslate() override;
    void onEnter() override;
    bool hasMainAction() const override { return false; }

private:
    struct Choice {
        wxButton* button;
        wxStaticText* detail;
    };
    Choice addChoice(const char* name);
    bool m_afterCommit;
    Choice m_otp;
    Choice m_key;
    Choice m_phone;
    wxStaticText* m_advice = nullptr;
};

} // namespace madoguchi::gui
