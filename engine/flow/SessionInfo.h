// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <string>

namespace madoguchi {

// What the machine needs to know about the enrollment session the central service opened
// at step ②. The session token itself stays with the controller.
struct SessionInfo {
    std::chrono::system_clock::time_point expiresAt;
    // The terms version the member must agree to; empty accepts any non-empty version.
    std::string termsVersion;
};

} // namespace madoguchi
