// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "Command.h"

namespace madoguchi::ctl {

// `madoguchictl qr TEXT --out FILE.png [--scale N]`: a QR code of TEXT as a PNG (e.g. a store
// link or the portal address for a poster). Refuses otpauth:// URIs: that PNG would be a TOTP
// secret on disk.
Command qrCommand();

} // namespace madoguchi::ctl
