// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "KioskContext.h"

#include <wx/panel.h>

class wxBoxSizer;

namespace madoguchi::gui {

// A part of the staff panel: the registrations whose resume locked after too many wrong
// passwords, each with an "Unlock" button (the only way to lift such a lock). The unlock runs
// on a worker and is written to the audit log; the list is read again after it.
class ResumeLocksPanel : public wxPanel {
public:
    ResumeLocksPanel(wxWindow* parent, KioskContext& ctx);

private:
    void reload();
    void unlock(const std::string& enrollmentId);

    KioskContext& m_ctx;
    wxBoxSizer* m_rows;
    bool m_unlocking = false;
};

} // namespace madoguchi::gui
