// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "Command.h"

namespace madoguchi::ctl {

// `madoguchictl devices [--mds-blob FILE --mds-root FILE]`: attached FIDO2 keys with AAGUID,
// model name (when a verified metadata blob is given), versions, PIN state and options.
Command devicesCommand();

} // namespace madoguchi::ctl
