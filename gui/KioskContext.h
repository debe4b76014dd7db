// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace madoguchi {
class EnrollmentFlow;
namespace kiosk {
class JobRunner;
class KioskController;
class StaffPinGate;
} // namespace kiosk
} // namespace madoguchi

namespace madoguchi::gui {

class KioskFrame;

// What every view needs: the flow it shows, the controller that runs the services, the
// runtime's worker threads (runAsync), the staff-PIN gate, and the frame (for the keyboard,
// busy state and staff actions).
struct KioskContext {
    EnrollmentFlow& flow;
    kiosk::KioskController& controller;
    kiosk::JobRunner& jobs;
    kiosk::StaffPinGate& staffPin;
    KioskFrame& frame;
};

} // namespace madoguchi::gui
