// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Cancellation.h"
#include "protocol/StaffUnlock.h"
#include "views/ScreenView.h"

#include <wx/timer.h>

#include <optional>
#include <string>

class wxButton;
class wxStaticText;

namespace madoguchi::gui {

class QrPanel;

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
    // When the portal account works (the completion screen and the slip say the same): ready
    // now once the central service confirmed the push to the portal, else when the society
    // imports it (or what else the central service knows).
    static wxString accountReadyNote(std::optional<protocol::PortalState> state = std::nullopt);
    CompleteView(wxWindow* parent, KioskContext& ctx, CompletionInfo info);
    void retranslate() override;
    void onEnter() override;
    void wipe() override;
    wxString mainActionLabel() const override;
    void onMainAction() override;
    bool showsBack() const override { return false; }

private:
    wxString methodLine() const;
    // Asks the central service (a job) whether the account works yet; asks again while it is
    // on its way to the portal.
    void askPortal();
    void showPortalState();
    CompletionInfo m_info;
    std::optional<protocol::PortalState> m_portal;
    std::string m_portalFor; // the enrollment m_portal is about
    wxTimer m_portalTimer;
    CancellationToken m_portalToken;
    bool m_asking = false;
    wxStaticText* m_userIdCaption;
    wxStaticText* m_userId;
    wxStaticText* m_portalCaption;
    QrPanel* m_portalQr;
    wxStaticText* m_portalUrl;
    wxStaticText* m_summary;
    wxStaticText* m_staffHint;
    wxButton* m_print;
};

} // namespace madoguchi::gui
