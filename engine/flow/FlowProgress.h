// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "flow/FlowState.h"

#include <optional>

namespace madoguchi {

// The member-visible steps ("ステップ 3 / 8"); the GUI translates the key.
enum class StepKey { Login, Terms, UserId, Method, Password, Email, SecondFactor, Done };

struct FlowProgress {
    int index = 0; // 1-based step number
    int total = 0; // number of steps (kFlowStepCount)
    StepKey key = StepKey::Login;
    int subIndex = 0; // 1-based screen within the second-factor step; 0 when none
    int subTotal = 0; // screens of the chosen method's path; 0 when none
};

inline constexpr int kFlowStepCount = 8;

// Attract and ResumeLogin are outside the numbered steps and have no progress.
std::optional<FlowProgress> progress(FlowState state);

} // namespace madoguchi
