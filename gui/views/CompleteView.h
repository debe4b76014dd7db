// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "views/ScreenView.h"

#include <string>

class wxButton;
class wxStaticText;

namespace madoguchi::gui {

struct CompletionInfo {
    std::string organisation;
    std::string portalUrl;
    std::string contactLine;
    std::string slipPdfPath; // print to this PDF instead of the printer (empty: printer)
};

// The end: what was registered (never a secret), an optional printed slip, then "Finish"
// wipes everything and returns to the attract screen.
class CompleteView : public ScreenView {
public:
    // When the portal account works (the completion screen and the slip say the same).
    static wxString accountReadyNote();
    CompleteView(wxWindow* parent, KioskContext& ctx, CompletionInfo info);
    void retranslate() override;
    void onEnter() override;
    void wipe() override;
    wxString mainActionLabel() const override;
    void onMainAction() override;
    bool showsBack() const override { return false; }

private:
    wxString methodLine() const;
    CompletionInfo m_info;
    wxStaticText* m_summary;
    wxStaticText* m_staffHint;
    wxButton* m_print;
};

} // namespace madoguchi::gui
