// SPDX-License-Identifier: Apache-2.0
#pragma once

// Private to devices/: the parts of an authenticator's CTAP replies that Madoguchi reads
// itself (libfido2 parses the rest). Kept apart so the fuzzer reaches them without a key.

#include "core/Result.h"
#include "devices/DeviceTypes.h"

#include <cstddef>
#include <string>
#include <vector>

namespace madoguchi::devices {

// A copy of libfido2's or libcbor's bytes (empty for a null pointer).
Bytes copyBytes(const unsigned char* ptr, std::size_t len);

// The COSE_Key that follows the credential ID in the attested credential data.
Result<Bytes> extractCoseKey(const Bytes& authData);
// libfido2 1.12 hands out an assertion's authData CBOR-wrapped (a byte string item).
Result<Bytes> unwrapCborBytes(const unsigned char* ptr, std::size_t len);
// The x5c certificates (DER, leaf first) of an attestation statement (CBOR map); empty when
// the statement has none.
Result<std::vector<Bytes>> x5cFromStatement(const Bytes& attStmt);

// A WebAuthn attestation object (CBOR map {"fmt": text, "authData": bytes, "attStmt": map}, as
// navigator.credentials.create() returns it), split into its parts; attStmt comes back as the
// CBOR encoding of the map. DeviceMalformedResponse when it is not that shape.
struct AttestationObjectParts {
    std::string fmt;
    Bytes authData;
    Bytes attStmt;
};
Result<AttestationObjectParts> parseAttestationObject(const Bytes& attestationObject);

} // namespace madoguchi::devices
