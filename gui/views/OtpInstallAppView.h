// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "views/ScreenView.h"

#include <array>
#include <string>

class wxStaticText;

namespace madoguchi::gui {

class QrPanel;

struct AppStoreLinks {
    std::string googleAppStore;
    std::string googlePlay;
    std::string microsoftAppStore;
    std::string microsoftPlay;
};

// ⑦ Install Google Authenticator or Microsoft Authenticator: the store pages as QR codes.
class OtpInstallAppView : public ScreenView {
public:
    OtpInstallAppView(wxWindow* parent, KioskContext& ctx, AppStoreLinks links);
    void retranslate() override;
    wxString mainActionLabel() const override;
    void onMainAction() override;

private:
    std::array<QrPanel*, 4> m_codes{};
    std::array<wxStaticText*, 4> m_captions{};
    wxStaticText* m_googleTitle;
    wxStaticText* m_microsoftTitle;
};

} // namespace madoguchi::gui
