// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "flow/FlowState.h"
#include "flow/MfaMethod.h"

#include <optional>
#include <string_view>

namespace madoguchi::kiosk {

// How the kiosk's enums are spelled in its local store (enrollments.state, .method): fixed
// names written out here, never the C++ enumerators' spellings or toString() (renaming an
// enumerator or a log name must not orphan the rows a member comes back to). Store schema v4
// rewrote the spellings earlier kiosks stored ("BasicDone", "security-key").
std::string_view storedName(FlowState state);
std::optional<FlowState> flowStateFromStored(std::string_view name);
std::string_view storedName(MfaMethod method);
std::optional<MfaMethod> mfaMethodFromStored(std::string_view name);

} // namespace madoguchi::kiosk
