// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "Command.h"

namespace madoguchi::ctl {

// `madoguchictl config init --kiosk-id ID --central-url URL ... [--config PATH] [--force]`:
// writes the kiosk's configuration from its arguments (the one writer of kiosk.toml, used by
// IT and by the installers' instructions), refuses to overwrite an existing file without
// --force, creates it 0640 (the key it names should be 0600 or 0640), and checks what it wrote
// with the same checks as `config check`; nothing is left in place when a check fails.
// Exit code 0 when written, 1 when refused or invalid, 2 for a usage error.
Command configInitCommand();

} // namespace madoguchi::ctl
