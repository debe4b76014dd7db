// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Result.h"
#include "devices/DeviceTypes.h"

#include <string>

namespace madoguchi::devices {

// WebAuthn clientDataJSON built by the kiosk, which acts as the client. libfido2 hashes it
// (and on Windows webauthn.dll does), so we pass the JSON itself, never a hash.
// type is "webauthn.create" or "webauthn.get".
Bytes buildClientDataJson(const std::string& type, const Bytes& challenge,
                          const std::string& origin);

// 32 random bytes for a new account's WebAuthn user handle (RAND_bytes).
Result<Bytes> newUserHandle();

} // namespace madoguchi::devices
