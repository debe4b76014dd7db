// SPDX-License-Identifier: Apache-2.0
#include "KioskFrame.h"

#include "I18n.h"
#include "StaffDialog.h"
#include "StepNames.h"
#include "TextWrap.h"
#include "Theme.h"
#include "ViewFactory.h"
#include "flow/EnrollmentFlow.h"
#include "flow/FlowProgress.h"
#include "kiosk/KioskController.h"
#include "views/ScreenView.h"
#include "widgets/ProgressStrip.h"

#include <wx/app.h>
#include <wx/button.h>
#include <wx/display.h>
#include <wx/eventfilter.h>
#include <wx/intl.h>
#include <wx/panel.h>
#include <wx/simplebook.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

namespace madoguchi::gui {

// Every key press, click or touch anywhere in the application counts as activity.
class KioskFrame::InputActivityFilter : public wxEventFilter {
public:
    explicit InputActivityFilter(EnrollmentFlow& flow) : m_flow(flow) {
        wxEvtHandler::AddFilter(this);
    }
    ~InputActivityFilter() override { wxEvtHandler::RemoveFilter(this); }
    int FilterEvent(wxEvent& event) override {
        const wxEventType t = event.GetEventType();
        if (t == wxEVT_KEY_DOWN || t == wxEVT_LEFT_DOWN || t == wxEVT_CHAR || t == wxEVT_BUTTON) {
            m_flow.touch();
        }
        return Event_Skip;
    }

private:
    EnrollmentFlow& m_flow;
};

KioskFrame::KioskFrame(EnrollmentFlow& flow, kiosk::KioskController& controller,
                       kiosk::JobRunner& jobs, kiosk::StaffPinGate& staffPin, FrameOptions options,
                       const ViewSettings& settings)
    : wxFrame(nullptr, wxID_ANY, "Madoguchi", wxDefaultPosition, wxDefaultSize,
              options.windowed ? wxDEFAULT_FRAME_STYLE : (wxBORDER_NONE | wxSTAY_ON_TOP)),
      m_ctx{flow, controller, jobs, staffPin, *this}, m_options(options), m_idleTimer(this) {
    SetName("kioskFrame");
    SetBackgroundColour(Theme::colour(palette::kBackground));
    auto* root = new wxPanel(this, wxID_ANY);
    m_root = root;
    root->SetBackgroundColour(Theme::colour(palette::kBackground));
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    buildHeader(root, sizer);

    // The inactivity warning takes the header's place, at the header's height, so the screen
    // below it does not move or shrink while the member reads it.
    m_warning = new wxPanel(root, wxID_ANY);
    m_warning->SetName("idleWarning");
    m_warning->SetBackgroundColour(Theme::colour(palette::kWarningBackground));
    auto* warnSizer = new wxBoxSizer(wxHORIZONTAL);
    m_warningText = new wxStaticText(m_warning, wxID_ANY, "");
    m_warningText->SetFont(Theme::font(this, sizes::kBodyText, true));
    m_warningText->SetForegroundColour(Theme::colour(palette::kText));
    m_warningContinue = new wxButton(m_warning, wxID_ANY, "", wxDefaultPosition,
                                     wxSize(-1, Theme::px(this, sizes::kTouchTarget)));
    m_warningContinue->SetName("continueButton");
    m_warningContinue->SetFont(Theme::font(this, sizes::kBodyText, true));
    m_warningContinue->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        m_ctx.flow.touch();
        showIdleWarning(false);
    });
    warnSizer->Add(m_warningText, 1, wxALIGN_CENTER_VERTICAL | wxALL, Theme::px(this, 16));
    warnSizer->Add(m_warningContinue, 0, wxALL, Theme::px(this, 12));
    m_warning->SetSizer(warnSizer);
    m_warning->Hide();
    sizer->Add(m_warning, 0, wxEXPAND);

    m_book = new wxSimplebook(root, wxID_ANY);
    m_book->SetName("screens");
    sizer->Add(m_book, 1, wxEXPAND);
    // Takes the screens' and the footer's place while the staff panel is open: nothing of the
    // member's (screen, typed data, the footer's actions) shows beside or behind the panel.
    m_staffCover = new wxPanel(root, wxID_ANY);
    m_staffCover->SetName("staffCover");
    m_staffCover->SetBackgroundColour(Theme::colour(palette::kBackground));
    m_staffCover->Hide();
    sizer->Add(m_staffCover, 1, wxEXPAND);
    buildFooter(root, sizer);
    root->SetSizer(sizer);

    for (auto& [state, make] : viewMakers(m_ctx, settings)) {
        m_makers.emplace(state, std::move(make));
    }

    m_listenerId = m_ctx.flow.addListener(
        [this](const FlowTransition& transition) { onTransition(transition); });
    m_activityFilter = std::make_unique<InputActivityFilter>(m_ctx.flow);
    Bind(wxEVT_TIMER, &KioskFrame::onIdleTimer, this);
    Bind(wxEVT_CLOSE_WINDOW, &KioskFrame::onClose, this);
    Bind(wxEVT_CHAR_HOOK, &KioskFrame::onCharHook, this);
    m_idleTimer.Start(1000);

    // A kiosk covers the whole display. Under Xvfb there is no window manager, so place the
    // window ourselves rather than relying on ShowFullScreen.
    const wxRect screen = wxDisplay(0U).GetGeometry();
    if (m_options.windowed) {
        SetSize(wxSize(std::min(screen.width, 1600), std::min(screen.height, 1000)));
        Centre();
    } else {
        SetSize(screen);
        SetPosition(screen.GetTopLeft());
    }
    retranslate();
    // Only the screen the member sees first is built before the window is shown; the rest
    // follow one per idle moment (or at once, when the flow enters a state first).
    showState(m_ctx.flow.state());
    Bind(wxEVT_IDLE, &KioskFrame::onIdleBuild, this);
}

KioskFrame::~KioskFrame() {
    m_idleTimer.Stop();
    m_visitToken.cancel();
    m_ctx.flow.removeListener(m_listenerId);
}

void KioskFrame::buildHeader(wxPanel* root, wxSizer* sizer) {
    auto* header = new wxPanel(root, wxID_ANY);
    header->SetName("header");
    m_header = header;
    header->SetBackgroundColour(Theme::colour(palette::kHeaderBackground));
    auto* rows = new wxBoxSizer(wxVERTICAL);
    auto* hs = new wxBoxSizer(wxHORIZONTAL);
    m_orgName = new wxStaticText(header, wxID_ANY, "");
    m_orgName->SetName("headerTitle");
    m_orgName->SetFont(Theme::font(this, sizes::kBodyText, true));
    m_orgName->SetForegroundColour(Theme::colour(palette::kText));
    // Ellipsized rather than drawn over its neighbours if a translation is ever too long.
    m_progress = new wxStaticText(header, wxID_ANY, "", wxDefaultPosition, wxDefaultSize,
                                  wxST_ELLIPSIZE_END);
    m_progress->SetName("progress");
    m_progress->SetFont(Theme::font(this, sizes::kBodyText, true));
    m_progress->SetForegroundColour(Theme::colour(palette::kPrimary));
    m_language = new wxButton(header, wxID_ANY, "", wxDefaultPosition,
                              wxSize(Theme::px(this, 220), Theme::px(this, sizes::kTouchTarget)));
    m_language->SetName("languageButton");
    m_language->SetFont(Theme::font(this, sizes::kBodyText, true));
    m_language->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { toggleLanguage(); });
    m_staff = new wxButton(header, wxID_ANY, "", wxDefaultPosition,
                           wxSize(Theme::px(this, 160), Theme::px(this, sizes::kTouchTarget)));
    m_staff->SetName("staffButton");
    m_staff->SetFont(Theme::font(this, sizes::kSmallText));
    m_staff->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { openStaffPanel(); });
    const int pad = Theme::px(this, 16);
    hs->Add(m_orgName, 0, wxALIGN_CENTER_VERTICAL | wxLEFT | wxRIGHT, Theme::px(this, 24));
    hs->Add(m_progress, 1, wxALIGN_CENTER_VERTICAL | wxLEFT | wxRIGHT, pad);
    hs->Add(m_language, 0, wxALIGN_CENTER_VERTICAL | wxALL, pad / 4);
    hs->Add(m_staff, 0, wxALIGN_CENTER_VERTICAL | wxALL, pad / 4);
    // Every step by name, the current one highlighted: where the member is and what is left.
    m_steps = new ProgressStrip(header, "progressSteps");
    rows->Add(hs, 0, wxEXPAND);
    rows->Add(m_steps, 0, wxLEFT | wxRIGHT | wxBOTTOM, Theme::px(this, 8));
    header->SetSizer(rows);
    sizer->Add(header, 0, wxEXPAND);
}

void KioskFrame::buildFooter(wxPanel* root, wxSizer* sizer) {
    auto* footer = new wxPanel(root, wxID_ANY);
    footer->SetName("footer");
    m_footer = footer;
    footer->SetBackgroundColour(Theme::colour(palette::kHeaderBackground));
    auto* fs = new wxBoxSizer(wxHORIZONTAL);
    const wxSize big(Theme::px(this, 320), Theme::px(this, 96));
    m_back = new wxButton(footer, wxID_ANY, "", wxDefaultPosition, big);
    m_back->SetName("backButton");
    m_back->SetFont(Theme::font(this, sizes::kHeadingText, true));
    m_back->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        if (!m_busy) {
            (void)m_ctx.flow.back();
        }
    });
    m_cancel = new wxButton(footer, wxID_ANY, "", wxDefaultPosition,
                            wxSize(Theme::px(this, 300), Theme::px(this, 96)));
    m_cancel->SetName("cancelButton");
    m_cancel->SetFont(Theme::font(this, sizes::kBodyText));
    m_cancel->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        m_askingStop = true;
        refreshFooter();
    });
    m_confirmStop =
        new wxButton(footer, wxID_ANY, "", wxDefaultPosition, wxSize(-1, Theme::px(this, 96)));
    m_confirmStop->SetName("confirmStopButton");
    m_confirmStop->SetFont(Theme::font(this, sizes::kBodyText, true));
    m_confirmStop->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        m_askingStop = false;
        m_visitToken.cancel();
        (void)m_ctx.flow.cancel();
    });
    m_keepGoing =
        new wxButton(footer, wxID_ANY, "", wxDefaultPosition, wxSize(-1, Theme::px(this, 96)));
    m_keepGoing->SetName("keepGoingButton");
    m_keepGoing->SetFont(Theme::font(this, sizes::kBodyText, true));
    m_keepGoing->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        m_askingStop = false;
        refreshFooter();
    });
    m_busyText = new wxStaticText(footer, wxID_ANY, "");
    m_busyText->SetName("busy");
    m_busyText->SetFont(Theme::font(this, sizes::kBodyText, true));
    m_busyText->SetForegroundColour(Theme::colour(palette::kText));
    m_main = new wxButton(footer, wxID_ANY, "", wxDefaultPosition,
                          wxSize(Theme::px(this, 520), Theme::px(this, 96)));
    m_main->SetName("mainButton");
    m_main->SetFont(Theme::font(this, sizes::kHeadingText, true));
    m_main->SetBackgroundColour(Theme::colour(palette::kPrimary));
    m_main->SetForegroundColour(Theme::colour(palette::kOnPrimary));
    m_main->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        auto it = m_views.find(m_ctx.flow.state());
        if (!m_busy && it != m_views.end()) {
            it->second->onMainAction();
        }
    });
    const int pad = Theme::px(this, 12);
    fs->Add(m_back, 0, wxALL, pad);
    fs->Add(m_cancel, 0, wxALL, pad);
    fs->Add(m_confirmStop, 0, wxALL, pad);
    fs->Add(m_keepGoing, 0, wxALL, pad);
    fs->Add(m_busyText, 1, wxALIGN_CENTER_VERTICAL | wxALL, pad);
    fs->Add(m_main, 0, wxALL, pad);
    footer->SetSizer(fs);
    sizer->Add(footer, 0, wxEXPAND);
}

ScreenView* KioskFrame::view(FlowState state) {
    if (auto it = m_views.find(state); it != m_views.end()) {
        return it->second;
    }
    auto maker = m_makers.find(state);
    if (maker == m_makers.end()) {
        return nullptr;
    }
    ScreenView* built = maker->second(m_book);
    m_makers.erase(maker);
    m_views[state] = built;
    m_book->AddPage(built, wxString::FromUTF8(std::string(toString(state))));
    built->retranslate();
    built->retranslateInputs();
    built->setManualStep(StepNames::manualStep(state));
    return built;
}

void KioskFrame::onIdleBuild(wxIdleEvent& event) {
    event.Skip();
    if (m_makers.empty()) {
        Unbind(wxEVT_IDLE, &KioskFrame::onIdleBuild, this);
        return;
    }
    if (!IsShownOnScreen()) {
        return; // not before the first screen is up
    }
    view(m_makers.begin()->first);
    event.RequestMore(!m_makers.empty());
}

void KioskFrame::onTransition(const FlowTransition& transition) {
    if (transition.wiped) {
        // End of a visit: trip every running job, clear every widget.
        m_visitToken.cancel();
        m_visitToken = CancellationToken();
        m_busy = false;
        wipeAllViews();
        showIdleWarning(false);
        if (I18n::language() != m_options.defaultLanguage) {
            // The next member starts in the kiosk's configured language.
            I18n::setLanguage(m_options.defaultLanguage);
            retranslate();
        }
    }
    if (transition.from == transition.to && transition.reason == TransitionReason::Error) {
        auto it = m_views.find(transition.to);
        if (it != m_views.end() && m_ctx.flow.lastError()) {
            it->second->showError(m_ctx.flow.lastError()->code);
        }
        return;
    }
    showState(transition.to);
    auto it = m_views.find(transition.to);
    if (it != m_views.end() && m_ctx.flow.lastError()) {
        it->second->showError(m_ctx.flow.lastError()->code);
    }
}

void KioskFrame::showState(FlowState state) {
    if (view(state) == nullptr) {
        return;
    }
    auto it = m_views.find(state);
    m_askingStop = false;
    for (std::size_t i = 0; i < m_book->GetPageCount(); ++i) {
        if (m_book->GetPage(i) == it->second) {
            m_book->ChangeSelection(i);
            break;
        }
    }
    it->second->clearMessage();
    it->second->onEnter();
    updateHeader();
    refreshFooter();
    m_root->Layout();
    it->second->Layout();
    // Keyboard users need the focus somewhere on the new screen: a screen without a field
    // gives it to the main action, so Enter moves on.
    wxWindow* focus = wxWindow::FindFocus();
    bool onScreen = false;
    for (wxWindow* w = focus; w != nullptr; w = w->GetParent()) {
        if (w == it->second) {
            onScreen = focus->IsShownOnScreen();
            break;
        }
    }
    if (!onScreen) {
        if (m_main->IsShown()) {
            m_main->SetFocus();
        } else {
            it->second->SetFocus();
        }
    }
}

void KioskFrame::refreshFooter() {
    auto it = m_views.find(m_ctx.flow.state());
    if (it == m_views.end()) {
        return;
    }
    ScreenView* view = it->second;
    m_main->Show(view->hasMainAction());
    m_main->SetLabel(view->mainActionLabel());
    m_back->Show(view->showsBack() && m_ctx.flow.canGoBack());
    const bool canStop =
        m_ctx.flow.state() != FlowState::Attract && m_ctx.flow.state() != FlowState::Complete;
    m_askingStop = m_askingStop && canStop && !m_busy;
    m_cancel->Show(canStop && !m_askingStop);
    m_confirmStop->Show(m_askingStop);
    m_keepGoing->Show(m_askingStop);
    m_main->Enable(!m_busy);
    m_back->Enable(!m_busy);
    m_busyText->SetLabel(m_busy         ? _("Please wait...")
                         : m_askingStop ? _("Stop and erase what you entered?")
                                        : wxString());
    m_main->GetParent()->Layout();
}

void KioskFrame::setMainActionEnabled(bool enabled) {
    m_main->Enable(enabled && !m_busy);
}

void KioskFrame::setBusy(bool busy) {
    m_busy = busy;
    auto it = m_views.find(m_ctx.flow.state());
    if (it != m_views.end()) {
        it->second->Enable(!busy);
    }
    refreshFooter();
}

void KioskFrame::updateHeader() {
    auto p = progress(m_ctx.flow.state());
    if (p) {
        m_progress->SetLabel(
            // TRANSLATORS: progress header, e.g. "Step 3 / 8: User ID"
            wxString::Format(_("Step %d / %d: %s"), p->index, p->total, StepNames::step(p->key)));
    } else {
        m_progress->SetLabel("");
    }
    m_steps->setProgress(p);
    m_header->Layout();
}

void KioskFrame::showIdleWarning(bool show) {
    if (show == m_warning->IsShown()) {
        return;
    }
    if (show) {
        m_warning->SetMinSize(wxSize(-1, m_header->GetSize().y));
    }
    m_header->Show(!show);
    m_warning->Show(show);
    m_root->Layout();
}

void KioskFrame::retranslate() {
    m_orgName->SetLabel(_("Member portal registration"));
    // TRANSLATORS: the language toggle shows the OTHER language, in that language
    m_language->SetLabel(I18n::language() == Language::Japanese ? wxString("English")
                                                                : wxString::FromUTF8("日本語"));
    m_staff->SetLabel(_("Staff"));
    m_back->SetLabel(_("Back"));
    m_cancel->SetLabel(_("Stop"));
    m_confirmStop->SetLabel(_("Yes, stop"));
    m_keepGoing->SetLabel(_("No, continue"));
    m_warningContinue->SetLabel(_("Continue"));
    for (auto& [state, view] : m_views) {
        view->retranslate();
        view->retranslateInputs(); // keyboard and keypad keys follow the language too
        view->setManualStep(StepNames::manualStep(state));
    }
    m_steps->retranslate();
    updateHeader();
    refreshFooter();
    m_root->Layout();
}

void KioskFrame::toggleLanguage() {
    I18n::setLanguage(I18n::language() == Language::Japanese ? Language::English
                                                             : Language::Japanese);
    retranslate();
}

void KioskFrame::wipeAllViews() {
    for (auto& [state, view] : m_views) {
        view->wipe();
        view->clearMessage();
    }
}

void KioskFrame::giveMoreTime(std::chrono::seconds extra) {
    m_moreTimeUntil = std::chrono::steady_clock::now() + extra;
    m_ctx.flow.touch();
    showIdleWarning(false);
}

void KioskFrame::onIdleTimer(wxTimerEvent&) {
    if (std::chrono::steady_clock::now() < m_moreTimeUntil) {
        m_ctx.flow.touch(); // staff gave more time: the member is not idle
    }
    IdleAction action = m_ctx.flow.tick();
    switch (action.kind) {
    case IdleAction::Kind::Nothing:
        showIdleWarning(false);
        break;
    case IdleAction::Kind::Warn:
        // Wrapped to the room beside "Continue", so it stays within the header's height.
        TextWrap::setLabel(
            m_warningText,
            wxString::Format(_("Are you still there? The screen will be cleared in %lld "
                               "seconds to protect your information."),
                             static_cast<long long>(action.secondsLeft.count())),
            GetClientSize().x - m_warningContinue->GetBestSize().x - Theme::px(this, 80));
        showIdleWarning(true);
        m_warning->Layout();
        break;
    case IdleAction::Kind::TimedOut:
        // The flow already wiped and moved to Attract; listeners cleared the views.
        showIdleWarning(false);
        break;
    }
}

void KioskFrame::onClose(wxCloseEvent& event) {
    if (!m_allowClose && event.CanVeto()) {
        event.Veto(); // members cannot close the kiosk; staff can from the staff panel
        return;
    }
    m_idleTimer.Stop();
    Destroy();
}

void KioskFrame::onCharHook(wxKeyEvent& event) {
    // Alt+F4 and Escape must not end the kiosk; Enter triggers the main action unless a
    // multi-line control wants it.
    if (event.GetKeyCode() == WXK_F4 && event.AltDown()) {
        return;
    }
    if ((event.GetKeyCode() == WXK_RETURN || event.GetKeyCode() == WXK_NUMPAD_ENTER) && !m_busy &&
        m_main->IsShown() && m_main->IsEnabled()) {
        wxWindow* focus = wxWindow::FindFocus();
        if (focus == nullptr || focus->GetName() != "keepEnter") {
            auto it = m_views.find(m_ctx.flow.state());
            if (it != m_views.end()) {
                it->second->onMainAction();
                return;
            }
        }
    }
    event.Skip();
}

void KioskFrame::openStaffPanel() {
    if (m_staffDialog != nullptr) {
        m_staffDialog->Raise();
        return;
    }
    // Modeless: the kiosk's timers and the worker's results go on while staff look, but the
    // member's screens cannot be used until the panel closes.
    m_root->Disable();
    // The member's screen, data and footer stay out of sight behind the panel.
    m_book->Hide();
    m_footer->Hide();
    m_staffCover->Show();
    m_root->Layout();
    m_staffDialog = new StaffDialog(this, m_ctx);
    m_staffDialog->Show();
    m_staffDialog->Raise();
}

void KioskFrame::staffPanelClosed() {
    m_staffDialog = nullptr;
    m_staffCover->Hide();
    m_book->Show();
    m_footer->Show();
    m_root->Layout();
    m_root->Enable();
}

} // namespace madoguchi::gui
