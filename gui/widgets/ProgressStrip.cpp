// SPDX-License-Identifier: Apache-2.0
#include "widgets/ProgressStrip.h"

#include "StepNames.h"
#include "Theme.h"

#include <wx/intl.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

#include <array>

namespace madoguchi::gui {

namespace {
constexpr std::array<StepKey, kFlowStepCount> kSteps{
    StepKey::Login,    StepKey::Terms, StepKey::UserId,       StepKey::Method,
    StepKey::Password, StepKey::Email, StepKey::SecondFactor, StepKey::Done};
} // namespace

ProgressStrip::ProgressStrip(wxWindow* parent, const wxString& name) : wxPanel(parent, wxID_ANY) {
    SetName(name);
    SetBackgroundColour(Theme::colour(palette::kHeaderBackground));
    auto* sizer = new wxBoxSizer(wxHORIZONTAL);
    const int pad = Theme::px(this, 10);
    for (std::size_t i = 0; i < kSteps.size(); ++i) {
        auto* cell = new wxPanel(this, wxID_ANY);
        cell->SetName(wxString::Format("progressStep%zu", i + 1));
        auto* cs = new wxBoxSizer(wxHORIZONTAL);
        auto* label = new wxStaticText(cell, wxID_ANY, "");
        label->SetName(wxString::Format("progressStepLabel%zu", i + 1));
        cs->Add(label, 0, wxALIGN_CENTER_VERTICAL | wxLEFT | wxRIGHT, pad);
        cs->SetMinSize(wxSize(-1, Theme::px(this, 46)));
        cell->SetSizer(cs);
        sizer->Add(cell, 0, wxEXPAND | wxRIGHT, Theme::px(this, 6));
        m_cells.push_back(cell);
        m_labels.push_back(label);
    }
    SetSizer(sizer);
    retranslate();
}

void ProgressStrip::setProgress(std::optional<FlowProgress> progress) {
    m_progress = progress;
    retranslate();
}

void ProgressStrip::retranslate() {
    const int current = m_progress ? m_progress->index : 0;
    for (std::size_t i = 0; i < kSteps.size(); ++i) {
        const int number = static_cast<int>(i) + 1;
        const bool done = number < current;
        const bool here = number == current;
        // A tick for finished steps and bold reverse video for the current one: the state
        // reads without colour vision.
        const wxString mark = done ? wxString::FromUTF8("\xE2\x9C\x93") // ✓
                                   : wxString::Format("%d.", number);
        wxStaticText* label = m_labels[i];
        label->SetLabel(mark + " " + StepNames::step(kSteps[i]));
        label->SetFont(Theme::font(this, sizes::kSmallText, here));
        label->SetForegroundColour(Theme::colour(here   ? palette::kOnPrimary
                                                 : done ? palette::kSuccess
                                                        : palette::kMutedText));
        m_cells[i]->SetBackgroundColour(
            Theme::colour(here ? palette::kPrimary : palette::kHeaderBackground));
        m_cells[i]->Refresh();
    }
    Layout();
}

} // namespace madoguchi::gui
