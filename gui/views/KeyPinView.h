// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "screens/KeyPinScreen.h"
#include "views/ScreenView.h"

#include <memory>

class wxStaticText;

namespace madoguchi::gui {

class NumericKeypad;
class SecretField;

// ⑪ The key's PIN: a new key gets its first PIN on the spot (typed twice, at least the key's
// minimum length); a key that has one asks for it, and a wrong PIN shows the tries left.
// The PIN lives only in SecretField/SecureBuffer and in the visit's SecurityKeyEnrollment (the
// devices layer); the flow only learns that it was accepted. The rules are KeyPinScreen's.
class KeyPinView : public ScreenView {
public:
    KeyPinView(wxWindow* parent, KioskContext& ctx, std::shared_ptr<SecurityKeySession> session);
    void retranslate() override;
    void onEnter() override;
    void wipe() override;
    wxString mainActionLabel() const override;
    void onMainAction() override;

private:
    // Both fields cleared, the keypad on the first.
    void startOver();

    std::shared_ptr<SecurityKeySession> m_session;
    KeyPinScreen m_screen;
    wxStaticText* m_pinLabel;
    SecretField* m_pin;
    wxStaticText* m_confirmLabel;
    SecretField* m_confirm;
    wxStaticText* m_hint;
    NumericKeypad* m_keypad;
};

} // namespace madoguchi::gui
