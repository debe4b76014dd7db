// SPDX-License-Identifier: Apache-2.0
#pragma once

// Private to devices/: the parts of an authenticator's CTAP replies that Madoguchi reads
// itself (libfido2 parses the rest). Kept apart so the fuzzer reaches them without a key.

#include "core/Result.h"
#include "devices/DeviceTypes.h"

#include <cstddef>
#include <vector>

namespace madoguchi::devices {

// The COSE_Key that follows the credential ID in the attested credential data.
Result<Bytes> extractCoseKey(const Bytes& authData);
// libfido2 1.12 hands out an assertion's authData CBOR-wrapped (a byte string item).
Result<Bytes> unwrapCborBytes(const unsigned char* ptr, std::size_t len);
// The x5c certificates (DER, leaf first) of an attestation statement (CBOR map); empty when
// the statement has none.
Result<std::vector<Bytes>> x5cFromStatement(const Bytes& attStmt);

} // namespace madoguchi::devices
