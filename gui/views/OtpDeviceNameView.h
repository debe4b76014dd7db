// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "views/ScreenView.h"

class wxStaticText;
class wxTextCtrl;

namespace madoguchi::gui {

class InputPad;

// ⑧ The device name the portal will show for this app (default from the profile).
class OtpDeviceNameView : public ScreenView {
public:
    OtpDeviceNameView(wxWindow* parent, KioskContext& ctx);
    void retranslate() override;
    void onEnter() override;
    void wipe() override;
    void onMainAction() override;

private:
    wxStaticText* m_label;
    wxTextCtrl* m_name;
    wxStaticText* m_message;
    InputPad* m_pad;
};

} // namespace madoguchi::gui
