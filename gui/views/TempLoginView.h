// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "views/ScreenView.h"

class wxBoxSizer;
class wxChoice;
class wxStaticText;
class wxTextCtrl;
class wxButton;
class wxToggleButton;

namespace madoguchi::gui {

class SecretField;
class InputPad;

// ② Temporary ID, temporary password and birth date (8 digits, with the 和暦 helper).
class TempLoginView : public ScreenView {
public:
    TempLoginView(wxWindow* parent, KioskContext& ctx);
    void retranslate() override;
    void onEnter() override;
    void wipe() override;
    wxString mainActionLabel() const override;
    void onMainAction() override;

private:
    void onBirthDateChanged();
    void applyWareki();
    void showWareki(bool show);

    wxStaticText* m_tempIdLabel;
    wxTextCtrl* m_tempId;
    wxStaticText* m_tempIdMessage;
    wxStaticText* m_tempPasswordLabel;
    SecretField* m_tempPassword;
    wxToggleButton* m_showPassword;
    wxStaticText* m_tempPasswordMessage;
    wxStaticText* m_birthDateLabel;
    SecretField* m_birthDate;
    wxStaticText* m_birthDateEcho;
    wxStaticText* m_birthDateMessage;
    wxBoxSizer* m_wareki;
    wxStaticText* m_warekiLabel;
    wxChoice* m_era;
    wxButton* m_gannen = nullptr;
    SecretField* m_eraYear;
    SecretField* m_month;
    SecretField* m_day;
    wxStaticText* m_eraYearUnit;
    wxStaticText* m_monthUnit;
    wxStaticText* m_dayUnit;
    wxButton* m_useWareki;
    InputPad* m_pad;
};

} // namespace madoguchi::gui
