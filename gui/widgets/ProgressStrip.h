// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "flow/FlowProgress.h"

#include <wx/panel.h>

#include <optional>
#include <vector>

class wxStaticText;

namespace madoguchi::gui {

// Every step of the registration by name, the current one highlighted, finished ones ticked,
// so a member always sees where they are and what is left. Hidden outside the numbered
// steps (attract screen, resume log-in).
class ProgressStrip : public wxPanel {
public:
    ProgressStrip(wxWindow* parent, const wxString& name);
    void setProgress(std::optional<FlowProgress> progress);
    void retranslate();

private:
    std::optional<FlowProgress> m_progress;
    std::vector<wxPanel*> m_cells;
    std::vector<wxStaticText*> m_labels;
};

} // namespace madoguchi::gui
