// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Result.h"
#include "devices/DeviceTypes.h"
#include "devices/EnrolledCredential.h"

#include <string>
#include <vector>

namespace madoguchi::devices {

// What a relying party expects of one registration ceremony.
struct RegistrationExpectation {
    std::string rpId;   // "portal.example.jp": authData's rpIdHash is SHA-256 of it
    std::string origin; // "https://enroll.portal.example.jp": clientDataJSON's origin, exactly
    Bytes challenge;    // the random challenge handed to this ceremony (once)
    bool requireUserVerification = true;
    // COSE algorithms offered in pubKeyCredParams (-7 ES256, -8 EdDSA, -257 RS256).
    std::vector<int> algorithms = {-7, -257};
    // The account's credentials already registered (the ceremony's excludeCredentials).
    std::vector<Bytes> excludeCredentialIds;
};

// What navigator.credentials.create() gave the page: response.clientDataJSON and
// response.attestationObject, bytes as the browser produced them.
struct WebAuthnRegistration {
    Bytes clientDataJson;
    Bytes attestationObject;
};

// Verifies a registration made by a browser, following WebAuthn Level 2 §7.1: clientDataJSON's
// type, challenge, origin (and crossOrigin not true); authData's rpIdHash, UP, UV when required,
// attested credential data (credential ID at most 1023 bytes, a COSE key of an offered
// algorithm); not an excluded credential; the attestation statement ("packed" with x5c or self,
// "fido-u2f", "tpm" through libfido2, "none" when the policy allows it) over authData and the
// hash of clientDataJSON; then the AAGUID policy and the attestation roots exactly as for a
// security key on the kiosk (AttestationPolicy). The credential comes back as the kiosk's
// security-key path records it (clientDataJson, authenticatorData and attestationStatement kept
// so they can be verified again); userHandle, transports and deviceName are the caller's.
//
// Refusals: WebAuthnClientDataInvalid, WebAuthnChallengeMismatch, WebAuthnOriginMismatch,
// WebAuthnRpIdMismatch, WebAuthnUserNotPresent, WebAuthnUserNotVerified,
// WebAuthnAlgorithmNotAllowed, WebAuthnAttestationFormatUnsupported, DeviceCredentialExcluded,
// DeviceMalformedResponse (not an attestation object), DeviceAttestationInvalid (a signature or
// statement that does not verify), DeviceAaguidDenied, DeviceAttestationUntrusted.
Result<EnrolledCredential> verifyRegistration(const WebAuthnRegistration& registration,
                                              const RegistrationExpectation& expected,
                                              const AttestationPolicy& policy);

} // namespace madoguchi::devices
