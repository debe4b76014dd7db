// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "flow/FlowProgress.h"
#include "flow/FlowState.h"

#include <wx/string.h>

namespace madoguchi::gui {

// Names of the member's steps (the progress strip) and of every screen (the staff panel),
// in the current language.
struct StepNames {
    static wxString step(StepKey key);
    static wxString screen(FlowState state);
    // The step of the society's paper manual (①-⑬) a screen belongs to, for a clerk holding
    // the manual ("Manual ⑦"); empty for screens the manual has no step for.
    static wxString manualStep(FlowState state);
};

} // namespace madoguchi::gui
