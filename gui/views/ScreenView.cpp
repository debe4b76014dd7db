// SPDX-License-Identifier: Apache-2.0
#include "views/ScreenView.h"

#include "MemberMessages.h"
#include "TextWrap.h"
#include "Theme.h"
#include "widgets/NumericKeypad.h"
#include "widgets/OnScreenKeyboard.h"

#include <wx/intl.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

#include <algorithm>

namespace madoguchi::gui {

namespace {
// The width of a message line beside a field: it shares the screen with the keyboard.
constexpr int kFieldMessageWidth = 780;
constexpr int kFieldMessageLines = 2;
} // namespace

ScreenView::ScreenView(wxWindow* parent, KioskContext& ctx, const char* name)
    : wxPanel(parent, wxID_ANY), m_ctx(ctx) {
    SetName(name);
    SetBackgroundColour(Theme::colour(palette::kBackground));
    auto* outer = new wxBoxSizer(wxVERTICAL);
    m_title = new wxStaticText(this, wxID_ANY, "");
    m_title->SetName("title");
    m_title->SetFont(Theme::font(this, sizes::kHeadingText, true));
    m_title->SetForegroundColour(Theme::colour(palette::kText));
    m_lead = new wxStaticText(this, wxID_ANY, "");
    m_lead->SetName("lead");
    m_lead->SetFont(Theme::font(this, sizes::kBodyText));
    m_lead->SetForegroundColour(Theme::colour(palette::kText));
    m_content = new wxBoxSizer(wxVERTICAL);
    m_message = new wxStaticText(this, wxID_ANY, "");
    m_message->SetName("message");
    m_message->SetFont(Theme::font(this, sizes::kBodyText, true));
    m_message->Hide(); // takes room only when there is something to say
    const int gap = Theme::px(this, sizes::kGap);
    m_manualStep = new wxStaticText(this, wxID_ANY, "");
    m_manualStep->SetName("manualStep");
    m_manualStep->SetFont(Theme::font(this, sizes::kSmallText));
    m_manualStep->SetForegroundColour(Theme::colour(palette::kMutedText));
    auto* titleRow = new wxBoxSizer(wxHORIZONTAL);
    titleRow->Add(m_title, 1, wxALIGN_BOTTOM);
    titleRow->Add(m_manualStep, 0, wxALIGN_TOP | wxLEFT, gap);
    outer->Add(titleRow, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, gap);
    outer->Add(m_lead, 0, wxLEFT | wxRIGHT | wxTOP, gap);
    outer->Add(m_content, 1, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, gap);
    outer->Add(m_message, 0, wxALL, gap);
    SetSizer(outer);
}

wxString ScreenView::mainActionLabel() const {
    // TRANSLATORS: the main button that moves to the next screen
    return _("Next");
}

void ScreenView::setTitle(const wxString& title) {
    m_title->SetLabel(title);
}

void ScreenView::setManualStep(const wxString& text) {
    m_manualStep->SetLabel(text);
    Layout();
}

void ScreenView::setLead(const wxString& lead) {
    TextWrap::setLabel(m_lead, lead, Theme::px(this, 1840));
}

wxStaticText* ScreenView::addText(wxSizer* sizer, const wxString& text, int pixels, bool bold) {
    auto* label = new wxStaticText(this, wxID_ANY, text);
    label->SetFont(Theme::font(this, pixels > 0 ? pixels : sizes::kBodyText, bold));
    label->SetForegroundColour(Theme::colour(palette::kText));
    sizer->Add(label, 0, wxBOTTOM, Theme::px(this, 8));
    return label;
}

wxStaticText* ScreenView::addFieldMessage(wxSizer* sizer, const char* name, int lines) {
    auto* line = new wxStaticText(this, wxID_ANY, "");
    line->SetName(name);
    m_reservedLines[line] = lines;
    line->SetFont(Theme::font(this, sizes::kSmallText, true));
    line->SetForegroundColour(Theme::colour(palette::kError));
    sizer->Add(line, 0, wxBOTTOM, Theme::px(this, 8));
    fitFieldMessage(line);
    return line;
}

int ScreenView::reservedLines(wxStaticText* line) const {
    auto it = m_reservedLines.find(line);
    return it == m_reservedLines.end() ? kFieldMessageLines : it->second;
}

void ScreenView::fitFieldMessage(wxStaticText* line) {
    const int lineHeight = line->GetTextExtent(wxString::FromUTF8("\xE6\xBC\xA2"
                                                                  "Ag"))
                               .GetHeight();
    line->SetMinSize(wxDefaultSize);
    line->InvalidateBestSize();
    const wxSize best = line->GetBestSize();
    line->SetMinSize(wxSize(std::max(best.x, Theme::px(this, kFieldMessageWidth)),
                            std::max(best.y, reservedLines(line) * lineHeight)));
}

void ScreenView::setFieldMessage(wxStaticText* line, const wxString& text) {
    line->SetForegroundColour(Theme::colour(palette::kError));
    TextWrap::setLabel(line, text, Theme::px(this, kFieldMessageWidth));
    fitFieldMessage(line);
    Layout();
}

namespace {
void retranslateInputsIn(wxWindow* window) {
    for (wxWindow* child : window->GetChildren()) {
        if (auto* keyboard = dynamic_cast<OnScreenKeyboard*>(child)) {
            keyboard->retranslate();
        } else if (auto* keypad = dynamic_cast<NumericKeypad*>(child)) {
            keypad->retranslate();
        } else {
            retranslateInputsIn(child);
        }
    }
}
} // namespace

void ScreenView::retranslateInputs() {
    retranslateInputsIn(this);
}

void ScreenView::showError(const wxString& text) {
    const wxString line =
        text.IsEmpty() ? wxString() : wxString::FromUTF8("\xE2\x9A\xA0 ") + text; // ⚠
    wxStaticText* target = m_messageLine != nullptr ? m_messageLine : m_message;
    target->SetForegroundColour(Theme::colour(palette::kError));
    if (m_messageLine != nullptr) {
        TextWrap::setLabel(target, line, Theme::px(this, kFieldMessageWidth));
        fitFieldMessage(target);
    } else {
        TextWrap::setLabel(target, line, Theme::px(this, 1840));
        target->Show(!line.IsEmpty());
    }
    Layout();
}

void ScreenView::showError(ErrorCode code) {
    wxString text = MemberMessages::error(code);
    wxString hint = MemberMessages::staffHint(code);
    if (!hint.IsEmpty()) {
        text += "\n" + hint;
    }
    showError(text);
}

void ScreenView::showInfo(const wxString& text) {
    wxStaticText* target = m_messageLine != nullptr ? m_messageLine : m_message;
    target->SetForegroundColour(Theme::colour(palette::kText));
    if (m_messageLine != nullptr) {
        TextWrap::setLabel(target, text, Theme::px(this, kFieldMessageWidth));
        fitFieldMessage(target);
    } else {
        TextWrap::setLabel(target, text, Theme::px(this, 1840));
        target->Show(!text.IsEmpty());
    }
    Layout();
}

void ScreenView::clearMessage() {
    m_message->SetLabel("");
    m_message->Hide();
    if (m_messageLine != nullptr) {
        m_messageLine->SetLabel("");
        fitFieldMessage(m_messageLine);
    }
    Layout();
}

void ScreenView::beginBusy() {
    m_ctx.frame.setBusy(true);
}
void ScreenView::endBusy() {
    m_ctx.frame.setBusy(false);
}
CancellationToken ScreenView::currentToken() const {
    return m_ctx.frame.visitToken();
}

} // namespace madoguchi::gui
