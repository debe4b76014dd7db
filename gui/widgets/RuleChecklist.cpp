// SPDX-License-Identifier: Apache-2.0
#include "widgets/RuleChecklist.h"

#include "Theme.h"

#include <wx/sizer.h>
#include <wx/stattext.h>

namespace madoguchi::gui {

RuleChecklist::RuleChecklist(wxWindow* parent, const wxString& name, Field field,
                             std::vector<RuleId> rules)
    : wxPanel(parent, wxID_ANY), m_field(field), m_rules(std::move(rules)),
      m_passed(m_rules.size(), false) {
    SetName(name);
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    for (std::size_t i = 0; i < m_rules.size(); ++i) {
        auto* line = new wxStaticText(this, wxID_ANY, "");
        line->SetName(wxString::FromUTF8(std::string(toString(m_rules[i]))));
        line->SetFont(Theme::font(this, sizes::kSmallText));
        sizer->Add(line, 0, wxBOTTOM, Theme::px(this, 2));
        m_lines.push_back(line);
    }
    SetSizer(sizer);
    retranslate();
}

void RuleChecklist::update(const RuleReport& report, bool fieldEmpty) {
    for (std::size_t i = 0; i < m_rules.size(); ++i) {
        m_passed[i] = !fieldEmpty && report.passed(m_rules[i]);
    }
    retranslate();
}

void RuleChecklist::reset() {
    std::fill(m_passed.begin(), m_passed.end(), false);
    retranslate();
}

void RuleChecklist::retranslate() {
    for (std::size_t i = 0; i < m_rules.size(); ++i) {
        // A tick and a word, not colour alone, so the state reads without colour vision.
        const wxString mark = m_passed[i] ? wxString::FromUTF8("\xE2\x9C\x93 ")  // ✓
                                          : wxString::FromUTF8("\xE3\x83\xBB "); // ・
        m_lines[i]->SetLabel(mark + MemberMessages::ruleLine(m_rules[i], m_field));
        m_lines[i]->SetForegroundColour(
            Theme::colour(m_passed[i] ? palette::kSuccess : palette::kMutedText));
    }
    Layout();
}

} // namespace madoguchi::gui
