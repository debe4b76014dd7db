// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>

namespace madoguchi {

// What EnrollmentFlow::tick() asks the GUI to do about inactivity.
struct IdleAction {
    enum class Kind {
        Nothing,  // keep going
        Warn,     // show the "still there?" warning with secondsLeft
        TimedOut, // the draft was wiped and the state is Attract (listeners were told)
    };
    Kind kind = Kind::Nothing;
    std::chrono::seconds secondsLeft{0}; // rounded up; only meaningful for Warn
};

} // namespace madoguchi
