// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "views/ScreenView.h"

#include <memory>

class wxStaticText;
class wxTextCtrl;

namespace madoguchi::gui {

class InputPad;
class SecurityKeySession;

// ⑬ Name the key (the organisation's default name is suggested). Saving commits the sealed
// second-factor submission with the credential; then the member may try the key.
class KeyNameView : public ScreenView {
public:
    KeyNameView(wxWindow* parent, KioskContext& ctx, std::shared_ptr<SecurityKeySession> session);
    void retranslate() override;
    void onEnter() override;
    void wipe() override;
    wxString mainActionLabel() const override;
    bool showsBack() const override { return false; }
    void onMainAction() override;

private:
    std::shared_ptr<SecurityKeySession> m_session;
    wxStaticText* m_model; // the key's model from the metadata, else its product string
    wxStaticText* m_label;
    wxTextCtrl* m_name;
    InputPad* m_pad;
};

} // namespace madoguchi::gui
