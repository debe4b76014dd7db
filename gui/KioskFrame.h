// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "Async.h"
#include "I18n.h"
#include "KioskContext.h"
#include "core/Result.h"
#include "flow/FlowState.h"
#include "flow/FlowTransition.h"
#include "sync/SyncStatus.h"

#include <wx/frame.h>
#include <wx/timer.h>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>

class wxButton;
class wxIdleEvent;
class wxSimplebook;
class wxStaticText;
class wxPanel;

namespace madoguchi::gui {

class ScreenView;
class ProgressStrip;
class StaffDialog;

struct ViewSettings;

struct FrameOptions {
    bool windowed = false;
    bool demo = false;
    // The language every visit starts in (the config's or --lang), also after a wipe.
    Language defaultLanguage = Language::Japanese;
    // The outbox worker's state for the staff panel; null: not shown.
    std::function<sync::SyncStatus()> syncStatus;
    // Demo mode only: confirms a phone hand-off in the embedded central core, as the portal
    // does when the phone has made its passkey. Null outside demo mode.
    std::function<Status(const std::string& handoffToken)> demoConfirmHandoff;
};

// The kiosk window: a progress header, one view per flow state, and a footer with "Back"
// and the screen's one main action. It owns the inactivity timer and the staff entry.
// The member cannot close it; staff can, from the staff panel.
class KioskFrame : public wxFrame {
public:
    KioskFrame(EnrollmentFlow& flow, kiosk::KioskController& controller, kiosk::JobRunner& jobs,
               kiosk::StaffPinGate& staffPin, FrameOptions options, const ViewSettings& settings);
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
    // Opens the staff panel over the screens (which stay disabled until it closes).
    void openStaffPanel();
    void staffPanelClosed();
    // Staff asked to quit (from the staff panel).
    void allowClose() { m_allowClose = true; }
    const FrameOptions& options() const { return m_options; }

private:
    void buildHeader(wxPanel* root, wxSizer* sizer);
    void buildFooter(wxPanel* root, wxSizer* sizer);
    // The view of `state`, built now if it was not yet (null: the flow has no such screen).
    ScreenView* view(FlowState state);
    // Builds one screen not yet built, in idle time after the first paint.
    void onIdleBuild(wxIdleEvent& event);
    void onTransition(const FlowTransition& transition);
    void showState(FlowState state);
    void retranslate();
    void onIdleTimer(wxTimerEvent& event);
    void onClose(wxCloseEvent& event);
    void onCharHook(wxKeyEvent& event);
    void updateHeader();
    void showIdleWarning(bool show);

public:
    // Staff give the member more time (installing an app takes a while): the inactivity
    // wipe waits until `extra` has passed without counting the member's idle time.
    void giveMoreTime(std::chrono::seconds extra);

private:
    std::chrono::steady_clock::time_point m_moreTimeUntil{};
    void wipeAllViews();

    KioskContext m_ctx;
    FrameOptions m_options;
    std::map<FlowState, ScreenView*> m_views;                            // the screens built so far
    std::map<FlowState, std::function<ScreenView*(wxWindow*)>> m_makers; // the others
    std::uint64_t m_listenerId = 0;
    wxPanel* m_root = nullptr;
    wxPanel* m_header = nullptr;
    wxSimplebook* m_book = nullptr;
    wxPanel* m_footer = nullptr;
    wxPanel* m_staffCover = nullptr;
    wxStaticText* m_progress = nullptr;
    ProgressStrip* m_steps = nullptr;
    wxStaticText* m_orgName = nullptr;
    wxButton* m_language = nullptr;
    wxButton* m_staff = nullptr;
    wxButton* m_back = nullptr;
    wxButton* m_main = nullptr;
    wxButton* m_cancel = nullptr;
    // "Stop" asks first: a stray tap must not erase what the member typed.
    wxButton* m_confirmStop = nullptr;
    wxButton* m_keepGoing = nullptr;
    bool m_askingStop = false;
    wxPanel* m_warning = nullptr;
    wxStaticText* m_warningText = nullptr;
    wxButton* m_warningContinue = nullptr;
    wxStaticText* m_busyText = nullptr;
    wxTimer m_idleTimer;
    CancellationToken m_visitToken;
    bool m_busy = false;
    bool m_allowClose = false;
    StaffDialog* m_staffDialog = nullptr; // while open
    class InputActivityFilter;
    std::unique_ptr<InputActivityFilter> m_activityFilter;
};

} // namespace madoguchi::gui
