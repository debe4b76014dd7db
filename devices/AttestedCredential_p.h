// SPDX-License-Identifier: Apache-2.0
#pragma once

// Private to devices/: the one check of a newly attested credential, shared by the kiosk's
// security-key path (the key's makeCredential answer) and the relying party's check of a
// browser registration (RegistrationVerifier.h).

#include "core/Result.h"
#include "devices/DeviceTypes.h"
#include "devices/EnrolledCredential.h"

#include <string>
#include <vector>

namespace madoguchi::devices {

struct AttestedParts {
    std::string rpId;
    std::string fmt;      // attestation statement format
    Bytes authData;       // raw authenticator data (not CBOR-wrapped)
    Bytes attStmt;        // the statement, a CBOR map
    Bytes clientDataJson; // the statement signs authData || SHA-256(clientDataJson)
    bool requireUserVerification = true;
    std::vector<int> algorithms; // COSE algorithms accepted for the credential's key
};

// authData's rpIdHash, UP, UV (when required) and attested credential data (credential ID at
// most 1023 bytes, a COSE key of an accepted algorithm), then the statement through libfido2
// (fido_cred_verify, or fido_cred_verify_self for packed without x5c; "none" only when the
// policy allows it), then the AAGUID policy and the attestation roots. Fills every field of
// EnrolledCredential but userHandle, transports, deviceName and discoverable.
Result<EnrolledCredential> verifyAttested(const AttestedParts& parts,
                                          const AttestationPolicy& policy);

} // namespace madoguchi::devices
