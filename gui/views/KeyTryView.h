// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "views/ScreenView.h"

#include <memory>

class wxButton;
class wxStaticText;

namespace madoguchi::gui {

class SecurityKeySession;

// ⑬ Try your key: one sign-in with the new credential (touch again), verified with its public
// key, proves the key works. The member may skip it; the key is registered either way.
class KeyTryView : public ScreenView {
public:
    KeyTryView(wxWindow* parent, KioskContext& ctx, std::shared_ptr<SecurityKeySession> session);
    void retranslate() override;
    void onEnter() override;
    wxString mainActionLabel() const override;
    bool showsBack() const override { return false; }
    void onMainAction() override;

private:
    std::shared_ptr<SecurityKeySession> m_session;
    wxStaticText* m_instruction;
    wxButton* m_skip;
};

} // namespace madoguchi::gui
