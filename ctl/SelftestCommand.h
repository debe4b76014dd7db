// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "Command.h"

namespace madoguchi::ctl {

// `madoguchictl selftest [--config PATH] [--offline]`: the checklist IT runs after installing
// a kiosk. One line per check, PASS, FAIL or SKIP with the reason: configuration, store
// (integrity and audit chain), password blocklist, Japanese font, TLS and sealing key files,
// and (unless --offline) the central service. Exit code 0 only if nothing FAILed.
Command selftestCommand();

} // namespace madoguchi::ctl
