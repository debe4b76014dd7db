// SPDX-License-Identifier: Apache-2.0
#include "StaffDialog.h"

#include "Async.h"
#include "KioskFrame.h"
#include "ResumeLocksPanel.h"
#include "SlipPrintout.h"
#include "StepNames.h"
#include "TempIdUnlockPanel.h"
#include "TextWrap.h"
#include "Theme.h"
#include "flow/EnrollmentFlow.h"
#include "kiosk/KioskController.h"
#include "kiosk/StaffPinGate.h"
#include "widgets/NumericKeypad.h"
#include "widgets/SecretField.h"

#include <wx/button.h>
#include <wx/datetime.h>
#include <wx/intl.h>
#include <wx/panel.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include <cstdlib>

namespace madoguchi::gui {

namespace {
wxButton* bigButton(wxWindow* parent, const wxString& label, const char* name) {
    auto* b = new wxButton(parent, wxID_ANY, label, wxDefaultPosition,
                           wxSize(Theme::px(parent, 560), Theme::px(parent, sizes::kTouchTarget)));
    b->SetName(name);
    b->SetFont(Theme::font(parent, sizes::kBodyText, true));
    return b;
}
} // namespace

StaffDialog::StaffDialog(wxWindow* parent, KioskContext& ctx)
    : wxDialog(parent, wxID_ANY, _("Staff"), wxDefaultPosition, wxDefaultSize,
               wxCAPTION | wxSTAY_ON_TOP | wxBORDER_SIMPLE),
      m_ctx(ctx), m_lockTimer(this) {
    SetName("staffDialog");
    // Set apart from the member's screen behind it (a kiosk has no window frames).
    SetBackgroundColour(Theme::colour(palette::kHeaderBackground));
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    const int gap = Theme::px(this, sizes::kGap);

    m_pinPage = new wxPanel(this, wxID_ANY);
    auto* ps = new wxBoxSizer(wxVERTICAL);
    auto* title = new wxStaticText(m_pinPage, wxID_ANY, _("Staff PIN"));
    title->SetFont(Theme::font(this, sizes::kHeadingText, true));
    m_pin = new SecretField(m_pinPage, "staffPinField", 16);
    m_pin->setDigitsOnly(true);
    m_pin->SetMinSize(wxSize(Theme::px(this, 400), Theme::px(this, sizes::kTouchTarget)));
    m_keypad = new NumericKeypad(m_pinPage, "staffKeypad");
    m_keypad->setTarget(m_pin);
    m_pinMessage = new wxStaticText(m_pinPage, wxID_ANY, "");
    m_pinMessage->SetName("staffPinMessage");
    m_pinMessage->SetFont(Theme::font(this, sizes::kBodyText, true));
    m_pinMessage->SetForegroundColour(Theme::colour(palette::kError));
    m_unlock = bigButton(m_pinPage, _("Open the staff panel"), "staffUnlockButton");
    m_unlock->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { checkPin(); });
    m_pin->Bind(wxEVT_TEXT_ENTER, [this](wxCommandEvent&) { checkPin(); });
    auto* close = bigButton(m_pinPage, _("Close"), "staffCloseButton");
    close->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { finish(); });
    ps->Add(title, 0, wxALL, gap);
    ps->Add(m_pin, 0, wxLEFT | wxRIGHT, gap);
    ps->Add(m_pinMessage, 0, wxALL, gap);
    ps->Add(m_keypad, 0, wxLEFT | wxRIGHT, gap);
    ps->Add(m_unlock, 0, wxALL, gap);
    ps->Add(close, 0, wxLEFT | wxRIGHT | wxBOTTOM, gap);
    m_pinPage->SetSizer(ps);

    m_panelPage = new wxPanel(this, wxID_ANY);
    auto* pp = new wxBoxSizer(wxVERTICAL);
    m_status = new wxStaticText(m_panelPage, wxID_ANY, "");
    m_status->SetName("staffStatus");
    m_status->SetFont(Theme::font(this, sizes::kBodyText));
    m_status->SetForegroundColour(Theme::colour(palette::kText));
    auto* reset = bigButton(m_panelPage, _("Reset this session"), "staffResetButton");
    reset->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        if (m_ctx.flow.state() == FlowState::Attract) {
            say(_("No registration is in progress: nothing to reset."));
            return;
        }
        (void)m_ctx.flow.cancel();
        finish();
    });
    auto* restartOtp =
        bigButton(m_panelPage, _("Restart the one-time password step"), "staffRestartOtpButton");
    restartOtp->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        if (!m_ctx.flow.staffRestartOtp()) {
            say(_("The member is not on a one-time password screen: nothing to restart."));
            return;
        }
        finish();
    });
    auto* moreTime =
        bigButton(m_panelPage, _("Give the member 10 more minutes"), "staffMoreTimeButton");
    moreTime->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        if (m_ctx.flow.state() == FlowState::Attract) {
            say(_("No registration is in progress: no time to extend."));
            return;
        }
        m_ctx.frame.giveMoreTime(std::chrono::minutes(10));
        finish();
    });
    auto* reprint = bigButton(m_panelPage, _("Print the last slip again"), "staffReprintButton");
    reprint->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        const auto printed = reprintLastSlip(this);
        if (!printed) {
            say(_("No slip has been printed since the kiosk started."));
        } else {
            say(*printed ? _("The last slip was printed again.")
                         : _("The slip could not be printed. Check the printer."));
        }
    });
    m_panelMessage = new wxStaticText(m_panelPage, wxID_ANY, "");
    m_panelMessage->SetName("staffPanelMessage");
    m_panelMessage->SetFont(Theme::font(this, sizes::kBodyText, true));
    m_panelMessage->SetForegroundColour(Theme::colour(palette::kText));
    auto* quit = bigButton(m_panelPage, _("Quit the kiosk"), "staffQuitButton");
    quit->Bind(wxEVT_BUTTON, [this, quit](wxCommandEvent&) {
        if (!m_quitAsked) { // a second tap confirms: quitting ends the kiosk for everyone
            m_quitAsked = true;
            quit->SetLabel(_("Tap again to quit the kiosk"));
            return;
        }
        KioskFrame& frame = m_ctx.frame;
        frame.allowClose();
        finish();
        frame.Close();
    });
    auto* back = bigButton(m_panelPage, _("Close"), "staffPanelCloseButton");
    back->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { finish(); });
    pp->Add(m_status, 0, wxALL, gap);
    pp->Add(m_panelMessage, 0, wxLEFT | wxRIGHT | wxBOTTOM, gap);
    pp->Add(new ResumeLocksPanel(m_panelPage, m_ctx), 0, wxLEFT | wxRIGHT | wxBOTTOM, gap);
    pp->Add(new TempIdUnlockPanel(m_panelPage, m_ctx), 0, wxLEFT | wxRIGHT | wxBOTTOM, gap);
    // Two columns: six actions in one column would not fit a 1080-pixel screen.
    auto* actions = new wxGridSizer(2, gap / 2, gap);
    for (auto* b : {reset, restartOtp, moreTime, reprint, quit, back}) {
        actions->Add(b, 0, wxEXPAND);
    }
    pp->Add(actions, 0, wxLEFT | wxRIGHT | wxBOTTOM, gap);
    m_panelPage->SetSizer(pp);
    m_panelPage->Hide();

    sizer->Add(m_pinPage, 1, wxEXPAND);
    sizer->Add(m_panelPage, 1, wxEXPAND);
    SetSizer(sizer);
    Bind(wxEVT_TIMER, [this](wxTimerEvent&) { refreshLock(); });
    Bind(wxEVT_CLOSE_WINDOW, [this](wxCloseEvent&) { finish(); });
    // Esc closes the panel, as its Close button does (issue 12).
    Bind(wxEVT_CHAR_HOOK, [this](wxKeyEvent& event) {
        if (event.GetKeyCode() == WXK_ESCAPE) {
            finish();
            return;
        }
        event.Skip();
    });
    refreshLock();
    fitToPage();
    // And again whenever the page needs another size: GTK measures labels and buttons in the
    // default font until they are shown, and answers (a lock, an unlock) add lines. A dialog
    // fitted once came out too short: the PIN page's Close button and the panel's actions
    // were cut off or squashed (issue 12).
    Bind(wxEVT_IDLE, [this](wxIdleEvent& event) {
        // Against the size last asked for, not the one granted: a window manager that grants
        // another size must not make this refit on every idle event.
        if (!m_finished && GetSizer()->ComputeFittingWindowSize(this) != m_fitted) {
            fitToPage();
        }
        event.Skip();
    });
    m_pin->SetFocus();
}

void StaffDialog::finish() {
    if (m_finished) {
        return;
    }
    m_finished = true;
    m_lockTimer.Stop();
    Hide();
    m_ctx.frame.staffPanelClosed();
    Destroy();
}

void StaffDialog::fitToPage() {
    // SetSizerAndFit would make the first page's size the dialog's minimum, leaving a blank
    // area under the smaller panel page: fit to the page shown, nothing more.
    SetMinSize(wxDefaultSize);
    const wxSize size = GetSizer()->ComputeFittingWindowSize(this);
    m_fitted = size;
    // Size and place in one request: on GTK a separate Centre() would send the old size
    // again before the new one has arrived.
    const wxRect parent = GetParent()->GetScreenRect();
    SetSize(wxRect(parent.GetPosition() + (parent.GetSize() - size) / 2, size));
    Layout();
}

void StaffDialog::refreshLock() {
    const kiosk::StaffPinGate& gate = m_ctx.staffPin;
    const bool locked = gate.locked();
    m_pin->Enable(!locked);
    m_keypad->Enable(!locked);
    m_unlock->Enable(gate.accepting());
    if (locked) {
        const auto until = wxDateTime::Now() + wxTimeSpan::Seconds(gate.lockedFor()->count());
        setPinMessage(
            wxString::Format(_("The PIN was wrong %d times. The staff panel is locked until %s."),
                             gate.maxFailures(), until.Format("%H:%M %Z")));
        m_lockTimer.Start(1000);
    } else if (m_lockTimer.IsRunning()) {
        // The lock has just run out.
        m_lockTimer.Stop();
        setPinMessage("");
    }
}

void StaffDialog::setPinMessage(const wxString& text) {
    TextWrap::setLabel(m_pinMessage, text, Theme::px(this, 560));
    m_pinPage->Layout();
    if (GetSizer()->ComputeFittingWindowSize(this) != GetSize()) {
        fitToPage();
    }
}

void StaffDialog::checkPin() {
    kiosk::StaffPinGate& gate = m_ctx.staffPin;
    auto begun = gate.begin(m_pin->value().clone());
    m_pin->clear();
    if (!begun.check) {
        if (begun.refused == kiosk::StaffPinGate::Refusal::NotConfigured) {
            setPinMessage(_("No staff PIN is configured on this kiosk."));
        }
        refreshLock(); // while locked, no PIN is checked at all
        return;
    }
    m_unlock->Disable();
    auto check = std::make_shared<kiosk::StaffPinGate::Check>(std::move(*begun.check));
    // PBKDF2 with 600,000 iterations: off the UI thread. The answer is counted by the gate even
    // when the panel was closed meanwhile (closing it does not undo a wrong PIN).
    wxWeakRef<StaffDialog> self(this);
    runAsync(
        m_ctx.jobs, &m_ctx.frame, CancellationToken(),
        [check] { return kiosk::StaffPinGate::verify(*check); },
        [self, &gate](Result<bool> matches) {
            const auto outcome = gate.finish(matches);
            if (self.get() == nullptr) {
                return;
            }
            if (outcome == kiosk::StaffPinGate::Outcome::Open) {
                self->showPanel();
                return;
            }
            self->setPinMessage(wxString::Format(_("The staff PIN is not correct. Tries left: %d."),
                                                 gate.attemptsLeft()));
            self->refreshLock();
        });
}

void StaffDialog::say(const wxString& text) {
    m_panelMessage->SetLabel(text);
    fitToPage();
}

wxString StaffDialog::statusText() const {
    auto& c = m_ctx.controller;
    wxString status;
    auto depth = c.outboxDepth();
    status += depth ? wxString::Format(_("Results waiting to be sent: %lld"),
                                       static_cast<long long>(*depth))
                    : wxString(_("Results waiting to be sent: unknown (store error)"));
    if (const auto& syncStatus = m_ctx.frame.options().syncStatus) {
        // Refused for good or taken with a conflict: the worker will not retry these.
        status += "\n" + wxString::Format(_("Results that need staff: %lld (please tell IT)"),
                                          static_cast<long long>(syncStatus().staffItems.size()));
    }
    status += "\n";
    auto last = c.lastDeliveredAt();
    if (last && *last) {
        const auto seconds =
            std::chrono::duration_cast<std::chrono::seconds>((*last)->time_since_epoch()).count();
        status += wxString::Format(
            _("Last result sent: %s"),
            wxDateTime(static_cast<time_t>(seconds)).Format("%Y-%m-%d %H:%M:%S %Z"));
    } else {
        status += _("Last result sent: none yet");
    }
    status +=
        "\n" + wxString::Format(_("Current screen: %s"), StepNames::screen(m_ctx.flow.state()));
    // The name the society holds for this temporary ID: staff confirm it is the member.
    if (const std::string kana = c.kanaName(); !kana.empty()) {
        status += "\n" + wxString::Format(_("Member (kana): %s"), wxString::FromUTF8(kana));
    }
    // A code from the neighbouring 30-second step was accepted: the phone's clock is off.
    const auto match = c.lastOtpMatch();
    if (match && match->stepOffset != 0) {
        status += "\n" + wxString::Format(
                             match->stepOffset > 0
                                 ? _("Staff: the phone's clock seems about %lld seconds ahead "
                                     "of the kiosk.")
                                 : _("Staff: the phone's clock seems about %lld seconds behind "
                                     "the kiosk."),
                             static_cast<long long>(std::abs(match->approximateClockSkew.count())));
    }
    return status;
}

void StaffDialog::showPanel() {
    m_lockTimer.Stop();
    m_pinPage->Hide();
    m_panelPage->Show();
    TextWrap::setLabel(m_status, statusText(), Theme::px(this, 900));
    fitToPage();
    CallAfter([this] { fitToPage(); });
}

} // namespace madoguchi::gui
