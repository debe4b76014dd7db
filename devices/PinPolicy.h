// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Result.h"
#include "core/SecureBuffer.h"

#include <cstddef>

namespace madoguchi::devices {

// CTAP2 PIN rules checked before a key sees the PIN: valid UTF-8 without NUL, at least
// `minLength` code points (getInfo minPINLength, 4 by default), at most 63 bytes.
// Fails with DevicePinPolicy; the detail names the rule, never the PIN.
Status checkNewPin(const SecureBuffer& pin, std::size_t minLength);

// Number of UTF-8 code points, or -1 when the bytes are not valid UTF-8.
long countCodePoints(const SecureBuffer& pin);

} // namespace madoguchi::devices
