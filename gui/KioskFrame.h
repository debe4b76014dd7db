// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "Async.h"
#include "KioskContext.h"
#include "flow/FlowState.h"
#include "flow/FlowTransition.h"

#include <wx/frame.h>
#include <wx/timer.h>

#include <map>
#include <memory>

class wxButton;
class wxSimplebook;
class wxStaticText;
class wxPanel;

namespace madoguchi::gui {

class ScreenView;
class OnScreenKeyboard;
class NumericKeypad;

struct ViewSettings;

struct FrameOptions {
    bool windowed = false;
    bool demo = false;
};

// The kiosk window: a progress header, one view per flow state, and a footer with "Back"
// and the screen's one main action. It owns the inactivity timer and the staff entry.
// The member cannot close it; staff can, from the staff panel.
class KioskFrame : public wxFrame {
public:
    KioskFrame(EnrollmentFlow& flow, kiosk::KioskController& controller, FrameOptions options,
               const ViewSettings& settings);
    ~KioskFrame() override;

    KioskContext& context() { return m_ctx; }
    // A token that is tripped when the member's visit ends (timeout, cancel, completion).
    CancellationToken visitToken() const { return m_visitToken; }
    void setBusy(bool busy);
    bool busy() const { return m_busy; }
    // Re-reads the current view's main action (label, enabled) after its input changed.
    void refreshFooter();
    void setMainActionEnabled(bool enabled);
    void toggleLanguage();
    void openStaffPanel();
    // Staff asked to quit (from the staff panel).
    void allowClose() { m_allowClose = true; }

private:
    void buildHeader(wxPanel* root, wxSizer* sizer);
    void buildFooter(wxPanel* root, wxSizer* sizer);
    void addView(FlowState state, ScreenView* view);
    void onTransition(const FlowTransition& transition);
    void showState(FlowState state);
    void retranslate();
    void onIdleTimer(wxTimerEvent& event);
    void onClose(wxCloseEvent& event);
    void onCharHook(wxKeyEvent& event);
    void updateHeader();
    void wipeAllViews();

    KioskContext m_ctx;
    FrameOptions m_options;
    std::map<FlowState, ScreenView*> m_views;
    std::uint64_t m_listenerId = 0;
    wxSimplebook* m_book = nullptr;
    wxStaticText* m_progress = nullptr;
    wxStaticText* m_orgName = nullptr;
    wxButton* m_language = nullptr;
    wxButton* m_staff = nullptr;
    wxButton* m_back = nullptr;
    wxButton* m_main = nullptr;
    wxButton* m_cancel = nullptr;
    wxPanel* m_warning = nullptr;
    wxStaticText* m_warningText = nullptr;
    wxButton* m_warningContinue = nullptr;
    wxStaticText* m_busyText = nullptr;
    wxTimer m_idleTimer;
    CancellationToken m_visitToken;
    bool m_busy = false;
    bool m_allowClose = false;
    class InputActivityFilter;
    std::unique_ptr<InputActivityFilter> m_activityFilter;
};

} // namespace madoguchi::gui
