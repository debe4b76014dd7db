// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace madoguchi {
class EnrollmentFlow;
namespace kiosk {
class KioskController;
}
} // namespace madoguchi

namespace madoguchi::gui {

class KioskFrame;

// What every view needs: the flow it shows, the controller that runs the services, and the
// frame (for the keyboard, busy state and staff actions).
struct KioskContext {
    EnrollmentFlow& flow;
    kiosk::KioskController& controller;
    KioskFrame& frame;
};

} // namespace madoguchi::gui
