// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "views/ScreenView.h"

#include <memory>

class wxStaticText;

namespace madoguchi::gui {

class SecurityKeySession;

// ⑫ Touch the key: the registration starts as the screen opens and waits for the touch on a
// worker. A timeout or a refusal stays here with its message; "Try again" starts over.
class KeyTouchView : public ScreenView {
public:
    KeyTouchView(wxWindow* parent, KioskContext& ctx, std::shared_ptr<SecurityKeySession> session);
    void retranslate() override;
    void onEnter() override;
    wxString mainActionLabel() const override;
    void onMainAction() override;

private:
    void startRegistration();

    std::shared_ptr<SecurityKeySession> m_session;
    wxStaticText* m_instruction;
};

} // namespace madoguchi::gui
