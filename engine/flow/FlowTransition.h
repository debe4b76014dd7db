// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "flow/EnrollmentSnapshot.h"
#include "flow/FlowState.h"

#include <functional>
#include <optional>

namespace madoguchi {

// Told to listeners after every state change, and with from == to (reason Error) when an
// event was rejected on the current screen so the view can show lastError().
struct FlowTransition {
    FlowState from = FlowState::Attract;
    FlowState to = FlowState::Attract;
    TransitionReason reason = TransitionReason::Forward;
    // The draft was wiped (cancel, timeout, completion, back to Attract): the controller
    // trips its cancellation tokens and forgets what it held for this member.
    bool wiped = false;
    // Set when a wipe left a committed but unfinished enrollment behind: the resume record
    // the local store keeps so the member can continue later.
    std::optional<EnrollmentSnapshot> resumable;
};

using FlowListener = std::function<void(const FlowTransition&)>;

} // namespace madoguchi
