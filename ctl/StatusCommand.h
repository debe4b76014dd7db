// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "Command.h"

namespace madoguchi::ctl {

// `madoguchictl status [--config PATH]`: the local store as the sync worker left it: items
// waiting for delivery, the last delivery, the items parked for staff and whether the audit
// chain verifies. Reads the store read-only (safe while the kiosk runs); prints no payload.
// Exit code 0 when the store reads and its audit chain verifies, 1 otherwise.
Command statusCommand();

} // namespace madoguchi::ctl
