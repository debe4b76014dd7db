// SPDX-License-Identifier: Apache-2.0
#include "ResumeLocksPanel.h"

#include "Async.h"
#include "Theme.h"
#include "kiosk/KioskController.h"

#include <wx/button.h>
#include <wx/datetime.h>
#include <wx/intl.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

#include <chrono>

namespace madoguchi::gui {

ResumeLocksPanel::ResumeLocksPanel(wxWindow* parent, KioskContext& ctx)
    : wxPanel(parent, wxID_ANY), m_ctx(ctx) {
    SetName("resumeLocksPanel");
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    auto* title = new wxStaticText(this, wxID_ANY, _("Registrations locked after wrong passwords"));
    title->SetFont(Theme::font(this, sizes::kBodyText, true));
    title->SetForegroundColour(Theme::colour(palette::kText));
    m_rows = new wxBoxSizer(wxVERTICAL);
    sizer->Add(title, 0, wxBOTTOM, Theme::px(this, 8));
    sizer->Add(m_rows, 0, wxEXPAND);
    SetSizer(sizer);
    reload();
}

void ResumeLocksPanel::reload() {
    m_rows->Clear(true);
    const int gap = Theme::px(this, 8);
    auto locks = m_ctx.controller.lockedResumes();
    auto addLine = [&](const wxString& text, const char* name) {
        auto* line = new wxStaticText(this, wxID_ANY, text);
        line->SetName(name);
        line->SetFont(Theme::font(this, sizes::kSmallText));
        line->SetForegroundColour(Theme::colour(palette::kText));
        m_rows->Add(line, 0, wxBOTTOM, gap);
    };
    if (!locks) {
        addLine(_("Locked registrations: unknown (store error)"), "resumeLocksNone");
    } else if (locks->empty()) {
        addLine(_("No registration is locked."), "resumeLocksNone");
    }
    for (const auto& lock : locks ? *locks : std::vector<store::ResumeLock>{}) {
        auto* row = new wxBoxSizer(wxHORIZONTAL);
        const auto seconds =
            std::chrono::duration_cast<std::chrono::seconds>(lock.lockedAt.time_since_epoch())
                .count();
        // TRANSLATORS: a locked registration in the staff panel: the member's user ID and when
        // it locked (month-day hour:minute time-zone).
        auto* text = new wxStaticText(
            this, wxID_ANY,
            wxString::Format(_("%s (locked %s)"), wxString::FromUTF8(lock.userId),
                             wxDateTime(static_cast<time_t>(seconds)).Format("%m-%d %H:%M %Z")));
        text->SetName("resumeLockRow");
        text->SetFont(Theme::font(this, sizes::kSmallText));
        text->SetForegroundColour(Theme::colour(palette::kText));
        auto* button = new wxButton(this, wxID_ANY, _("Unlock"), wxDefaultPosition,
                                    wxSize(-1, Theme::px(this, sizes::kTouchTarget)));
        button->SetName("resumeUnlockButton");
        button->SetFont(Theme::font(this, sizes::kSmallText, true));
        button->Bind(wxEVT_BUTTON,
                     [this, id = lock.enrollmentUuid](wxCommandEvent&) { unlock(id); });
        row->Add(text, 1, wxALIGN_CENTER_VERTICAL | wxRIGHT, Theme::px(this, 16));
        row->Add(button, 0);
        m_rows->Add(row, 0, wxEXPAND | wxBOTTOM, gap);
    }
    Layout();
    if (wxWindow* top = wxGetTopLevelParent(this)) {
        top->Layout();
    }
}

void ResumeLocksPanel::unlock(const std::string& enrollmentId) {
    if (m_unlocking) {
        return;
    }
    m_unlocking = true;
    auto& c = m_ctx.controller;
    runAsync(
        m_ctx.jobs, this, CancellationToken(),
        [&c, enrollmentId](kiosk::JobContext& job) {
            return c.unlockResume(job.store(), enrollmentId);
        },
        [this](Status) {
            m_unlocking = false;
            reload(); // a failed unlock leaves the row in the list
        });
}

} // namespace madoguchi::gui
