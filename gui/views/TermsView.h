// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "views/ScreenView.h"

#include <filesystem>

class wxTextCtrl;

namespace madoguchi::gui {

// ③ The terms of use, in the member's language; "I agree" moves on.
class TermsView : public ScreenView {
public:
    TermsView(wxWindow* parent, KioskContext& ctx, std::filesystem::path termsJa,
              std::filesystem::path termsEn, std::string termsVersion);
    void retranslate() override;
    wxString mainActionLabel() const override;
    void onMainAction() override;

private:
    wxTextCtrl* m_text;
    std::filesystem::path m_termsJa;
    std::filesystem::path m_termsEn;
    std::string m_version;
};

} // namespace madoguchi::gui
