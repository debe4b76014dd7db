// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Result.h"

#include <chrono>

namespace madoguchi {

// Tunables of the flow; the config area fills it from the kiosk's profile.
struct FlowConfig {
    // Idle time (no member input, no screen change) after which the member's data is wiped
    // and the kiosk returns to the attract screen. Applies to every state but Attract.
    std::chrono::seconds idleTimeout{120};
    // How long before idleTimeout the "are you still there?" warning shows.
    std::chrono::seconds warningLead{30};
    // Wrong one-time codes accepted on OtpVerify before it locks until staff restart it.
    int otpMaxAttempts = 5;

    // ConfigInvalid with a detail naming the field, for the config loader.
    Status validate() const;
};

} // namespace madoguchi
