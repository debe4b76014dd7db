// SPDX-License-Identifier: Apache-2.0
#include "views/ScreenView.h"

#include "MemberMessages.h"
#include "Theme.h"

#include <wx/intl.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

namespace madoguchi::gui {

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
    const int gap = Theme::px(this, sizes::kGap);
    outer->Add(m_title, 0, wxLEFT | wxRIGHT | wxTOP, gap);
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

void ScreenView::setLead(const wxString& lead) {
    m_lead->SetLabel(lead);
    m_lead->Wrap(Theme::px(this, 1700));
}

wxStaticText* ScreenView::addText(wxSizer* sizer, const wxString& text, int pixels, bool bold) {
    auto* label = new wxStaticText(this, wxID_ANY, text);
    label->SetFont(Theme::font(this, pixels > 0 ? pixels : sizes::kBodyText, bold));
    label->SetForegroundColour(Theme::colour(palette::kText));
    sizer->Add(label, 0, wxBOTTOM, Theme::px(this, 8));
    return label;
}

void ScreenView::showError(const wxString& text) {
    m_message->SetForegroundColour(Theme::colour(palette::kError));
    m_message->SetLabel(text.IsEmpty() ? wxString() : wxString::FromUTF8("\xE2\x9A\xA0 ") + text);
    m_message->Wrap(Theme::px(this, 1700));
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
    m_message->SetForegroundColour(Theme::colour(palette::kText));
    m_message->SetLabel(text);
    m_message->Wrap(Theme::px(this, 1700));
    Layout();
}

void ScreenView::clearMessage() {
    m_message->SetLabel("");
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
