// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "Command.h"

namespace madoguchi::ctl {

// `madoguchictl devices [--config FILE] [--mds-blob FILE --mds-root FILE]`: attached FIDO2
// keys with AAGUID, model name (from a verified metadata blob: the --mds-* files, else the
// configuration's mds_blob/mds_root_cert when --config or MADOGUCHI_CONFIG names one),
// versions, PIN state and options.
Command devicesCommand();

} // namespace madoguchi::ctl
