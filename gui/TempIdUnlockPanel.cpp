// SPDX-License-Identifier: Apache-2.0
#include "TempIdUnlockPanel.h"

#include "Async.h"
#include "TextWrap.h"
#include "Theme.h"
#include "kiosk/KioskController.h"

#include <wx/button.h>
#include <wx/intl.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include <algorithm>

namespace madoguchi::gui {

namespace {

// What staff read after an unlock that did not go through: what to do, never a code alone.
wxString refusalText(ErrorCode code) {
    switch (code) {
    case ErrorCode::RateLimited:
        return _("Too many unlocks from this kiosk. Please wait a few minutes and try again.");
    case ErrorCode::NetworkUnavailable:
    case ErrorCode::NetworkTimeout:
    case ErrorCode::TlsFailure:
    case ErrorCode::ServerError:
    case ErrorCode::StorageBusy:
        return _("The central service could not be reached. Check the network and try again.");
    case ErrorCode::InvalidArgument:
    case ErrorCode::RequestRefused:
        return _("The central service refused the request. Check the temporary ID and the "
                 "kiosk's clock.");
    case ErrorCode::KioskNotAuthorized:
        return _("The central service does not accept this kiosk. Please call IT.");
    default:
        break;
    }
    return wxString::Format(_("The temporary ID could not be unlocked (%s). Please call IT."),
                            wxString::FromUTF8(std::string(toString(code))));
}

} // namespace

TempIdUnlockPanel::TempIdUnlockPanel(wxWindow* parent, KioskContext& ctx)
    : wxPanel(parent, wxID_ANY), m_ctx(ctx) {
    SetName("tempIdUnlockPanel");
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    auto* title = new wxStaticText(this, wxID_ANY, _("Temporary ID locked after wrong entries"));
    title->SetFont(Theme::font(this, sizes::kBodyText, true));
    title->SetForegroundColour(Theme::colour(palette::kText));
    auto* row = new wxBoxSizer(wxHORIZONTAL);
    m_tempId = new wxTextCtrl(this, wxID_ANY, wxString::FromUTF8(m_ctx.controller.lockedTempId()),
                              wxDefaultPosition,
                              wxSize(Theme::px(this, 320), Theme::px(this, sizes::kTouchTarget)));
    m_tempId->SetName("staffTempIdField");
    m_tempId->SetFont(Theme::font(this, sizes::kSmallText));
    m_button = new wxButton(this, wxID_ANY, _("Unlock the temporary ID"), wxDefaultPosition,
                            wxSize(-1, Theme::px(this, sizes::kTouchTarget)));
    m_button->SetName("staffTempUnlockButton");
    m_button->SetFont(Theme::font(this, sizes::kSmallText, true));
    m_button->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { unlock(); });
    row->Add(m_tempId, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, Theme::px(this, 16));
    row->Add(m_button, 0);
    m_message = new wxStaticText(this, wxID_ANY, "");
    m_message->SetName("staffTempUnlockMessage");
    m_message->SetFont(Theme::font(this, sizes::kSmallText));
    m_message->SetForegroundColour(Theme::colour(palette::kText));
    // Room for two wrapped lines, kept while empty or shorter: the panel does not change size
    // (and no button moves) when an answer appears.
    TextWrap::setLabel(m_message, "M\nM", Theme::px(this, kMessageWidth));
    m_messageHeight = m_message->GetMinSize().GetHeight();
    say(m_ctx.controller.lockedTempId().empty()
            ? _("No temporary ID was refused as locked in this visit. Enter the member's "
                "temporary ID to unlock it.")
            : wxString(),
        false);
    sizer->Add(title, 0, wxBOTTOM, Theme::px(this, 8));
    sizer->Add(row, 0, wxBOTTOM, Theme::px(this, 8));
    sizer->Add(m_message, 0, wxEXPAND);
    SetSizer(sizer);
}

void TempIdUnlockPanel::say(const wxString& text, bool error) {
    m_message->SetForegroundColour(Theme::colour(error ? palette::kError : palette::kText));
    TextWrap::setLabel(m_message, text, Theme::px(this, kMessageWidth));
    m_message->SetMinSize(wxSize(Theme::px(this, kMessageWidth),
                                 std::max(m_messageHeight, m_message->GetMinSize().GetHeight())));
    Layout();
    if (wxWindow* top = wxGetTopLevelParent(this)) {
        top->Layout();
    }
}

void TempIdUnlockPanel::unlock() {
    if (m_unlocking) {
        return;
    }
    const std::string tempId = m_tempId->GetValue().Strip(wxString::both).utf8_string();
    if (tempId.empty()) {
        say(_("Enter the temporary ID to unlock."), true);
        return;
    }
    m_unlocking = true;
    m_button->Disable();
    say(_("Asking the central service..."), false);
    auto& c = m_ctx.controller;
    runAsync(
        m_ctx.jobs, this, CancellationToken(),
        [&c, tempId](kiosk::JobContext& job) { return c.unlockTempId(job.store(), tempId); },
        [this, tempId](Result<protocol::StaffUnlockResponse> answer) {
            m_unlocking = false;
            m_button->Enable();
            const wxString id = wxString::FromUTF8(tempId);
            if (!answer) {
                say(refusalText(answer.code()), true);
            } else if (answer->unlocked) {
                say(wxString::Format(_("The temporary ID %s was unlocked. The member can try "
                                       "again."),
                                     id),
                    false);
            } else {
                say(wxString::Format(_("The temporary ID %s was not locked: nothing to unlock."),
                                     id),
                    false);
            }
        });
}

} // namespace madoguchi::gui
