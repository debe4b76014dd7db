// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "MemberMessages.h"
#include "rules/PolicyResult.h"

#include <wx/panel.h>

#include <vector>

class wxStaticText;

namespace madoguchi::gui {

// The live checklist beside a field: one line per rule, ticked while the member types.
class RuleChecklist : public wxPanel {
public:
    RuleChecklist(wxWindow* parent, const wxString& name, Field field, std::vector<RuleId> rules);
    // Updates ticks from a policy's report; an empty field shows every line unticked.
    void update(const RuleReport& report, bool fieldEmpty);
    void reset();
    void retranslate();

private:
    Field m_field;
    std::vector<RuleId> m_rules;
    std::vector<bool> m_passed;
    std::vector<wxStaticText*> m_lines;
};

} // namespace madoguchi::gui
