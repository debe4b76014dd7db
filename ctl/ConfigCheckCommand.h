// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "Command.h"

namespace madoguchi::ctl {

// `madoguchictl config check [--config PATH]`: every problem in the kiosk's configuration
// (and its organisation profile), one per line with key, file and line, or "OK".
// Exit code 0 when the file is usable, 1 otherwise.
Command configCheckCommand();

} // namespace madoguchi::ctl
