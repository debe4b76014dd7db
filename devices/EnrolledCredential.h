// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Result.h"
#include "devices/DeviceTypes.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::devices {

// A registered security-key credential, as sealed into the enrollment result.
// Nothing here is secret; binary fields are base64url (no padding) in JSON.
struct EnrolledCredential {
    std::string rpId;
    Bytes credentialId;
    Bytes publicKeyCose;    // COSE_Key from the attested credential data
    Bytes publicKeyRaw;     // libfido2's raw form (EC point x||y, Ed25519, RSA n||e)
    int coseAlgorithm = -7; // COSE identifier (-7 ES256, -8 EdDSA, -257 RS256)
    Aaguid aaguid{};
    std::uint32_t signCount = 0;
    std::string attestationFormat; // "packed", "fido-u2f", "none", ...
    Bytes attestationStatement;    // attStmt, CBOR
    Bytes authenticatorData;       // raw authData, for the central service to re-verify
    Bytes clientDataJson;          // what the kiosk signed over (as the WebAuthn client)
    std::vector<std::string> transports;
    std::string deviceName; // model name from metadata, else the USB product string
    Bytes userHandle;
    bool discoverable = false; // registered as a resident key
    bool selfAttested = false; // packed without certificate
    AttestationTrust trust = AttestationTrust::NotChecked;
};

// "not_checked", "chained", "unverified" (the sealed result's attestation_trust).
std::string_view toString(AttestationTrust trust);
std::optional<AttestationTrust> attestationTrustFromString(std::string_view text);

nlohmann::json toJson(const EnrolledCredential& credential);
Result<EnrolledCredential> enrolledCredentialFromJson(const nlohmann::json& json);

// "01234567-89ab-cdef-0123-456789abcdef"
std::string aaguidToString(const Aaguid& aaguid);
Result<Aaguid> aaguidFromString(std::string_view text);

} // namespace madoguchi::devices
