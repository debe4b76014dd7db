// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Error.h"

#include <string_view>

namespace madoguchi::devices {

// The one place where a libfido2 return code (FIDO_ERR_*, CTAP status or internal negative
// code) becomes an ErrorCode. FIDO_ERR_RX maps to DeviceIo: the caller may refine it to
// DeviceRemoved or DeviceMalformedResponse once it knows whether the key is still there.
ErrorCode toDeviceError(int fidoRc);

// toDeviceError plus a detail "<operation>: <fido_strerr> (<rc>)" for logs.
Error fidoError(int fidoRc, std::string_view operation);

} // namespace madoguchi::devices
