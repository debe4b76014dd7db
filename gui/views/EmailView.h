// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "views/ScreenView.h"

class wxStaticText;
class wxTextCtrl;

namespace madoguchi::gui {

class InputPad;

// ⑤ The contact email, twice; the main action commits the basic registration (⑥).
class EmailView : public ScreenView {
public:
    EmailView(wxWindow* parent, KioskContext& ctx);
    void retranslate() override;
    void onEnter() override;
    void wipe() override;
    wxString mainActionLabel() const override;
    void onMainAction() override;

private:
    wxStaticText* m_label;
    wxTextCtrl* m_email;
    wxStaticText* m_emailMessage;
    wxStaticText* m_confirmLabel;
    wxTextCtrl* m_confirm;
    wxStaticText* m_confirmMessage;
    wxStaticText* m_note;
    InputPad* m_pad;
};

} // namespace madoguchi::gui
