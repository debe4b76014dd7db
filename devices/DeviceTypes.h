// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace madoguchi::devices {

using Bytes = std::vector<std::uint8_t>;
using Aaguid = std::array<std::uint8_t, 16>;

// COSE algorithm identifiers we accept for new credentials, in order of preference.
enum class CoseAlgorithm : int { ES256 = -7, EdDSA = -8, RS256 = -257 };

// How the key is attached.
enum class DeviceTransport { Usb, Nfc, Platform, Other };

// One attached key as enumeration sees it, before it is opened.
struct DeviceEntry {
    std::string path; // libfido2 path ("/dev/hidraw3", "pcsc://slot0", "windows://hello")
    std::string manufacturer;
    std::string product;
    std::uint16_t vendorId = 0;
    std::uint16_t productId = 0;
    DeviceTransport transport = DeviceTransport::Usb;

    bool operator==(const DeviceEntry&) const = default;
};

enum class PinState {
    NotSupported,      // the key has no clientPIN at all
    NotSet,            // supports a PIN, none set yet: set one on the spot
    Set,               // a PIN exists: ask for it
    ManagedByPlatform, // Windows Hello asks for its own PIN or biometric
};

struct PinStatus {
    PinState state = PinState::NotSupported;
    std::optional<int> retriesLeft; // known only when a PIN is set
    std::size_t minLength = 4;      // code points; getInfo minPINLength, default 4
};

// What the key says about itself (getInfo), plus where it is.
struct DeviceInfo {
    DeviceEntry entry;
    std::vector<std::string> versions;                 // "FIDO_2_0", "FIDO_2_1", "U2F_V2"
    std::vector<std::string> extensions;               // "credProtect", "hmac-secret", ...
    std::vector<std::pair<std::string, bool>> options; // "rk", "up", "uv", "clientPin", ...
    std::vector<std::string> transports;               // "usb", "nfc", ...
    std::vector<int> algorithms;                       // COSE identifiers
    std::vector<int> pinProtocols;
    Aaguid aaguid{};
    std::uint64_t maxMessageSize = 0;
    std::uint64_t firmwareVersion = 0;
    std::size_t minPinLength = 4;
    PinState pinState = PinState::NotSupported;
    bool residentKeys = false; // "rk" option
    bool builtInUv = false;    // "uv" option (fingerprint etc.)

    std::optional<bool> option(const std::string& name) const {
        for (const auto& [key, value] : options) {
            if (key == name) {
                return value;
            }
        }
        return std::nullopt;
    }
};

// The relying party and member for a registration. The kiosk acts as the WebAuthn client:
// it builds clientDataJSON from the challenge and origin (see ClientData.h).
struct RegistrationRequest {
    std::string rpId;   // from the organisation profile, e.g. "portal.example-kenpo.or.jp"
    std::string rpName; // from the organisation profile
    std::string origin; // "https://" + rpId unless the profile says otherwise
    Bytes challenge;    // from the central service, at least 16 bytes
    Bytes userHandle;   // 1..64 bytes, one per account (the kiosk: a random UUID's text)
    std::string userName;
    std::string userDisplayName;
    std::vector<Bytes> excludeCredentialIds; // already registered for this account
};

// What attestation we accept. Empty allow list = any AAGUID not denied.
struct AttestationPolicy {
    std::vector<Aaguid> allowedAaguids;
    std::vector<Aaguid> deniedAaguids;
    bool allowNoneAttestation = true; // "none" carries no statement to verify
    // Certificates (PEM, one per entry) that a packed or fido-u2f attestation certificate must
    // chain to. Empty: the chain is not checked (fido_cred_verify checks only the signature).
    std::vector<std::string> trustedRootsPem;
    // With roots configured, a statement that does not chain to one (unknown issuer, self or
    // "none" attestation) is refused (false, the default) or accepted and recorded as
    // AttestationTrust::Unverified (true).
    bool acceptUnverified = false;
};

// How far a registered credential's attestation was checked against the configured roots.
enum class AttestationTrust {
    NotChecked, // no attestation roots configured
    Chained,    // the certificate chains to a configured root
    Unverified, // roots configured, no chain to them; accepted because the policy says so
};

struct AssertionRequest {
    std::string rpId;
    std::string origin;
    Bytes challenge;
    std::vector<Bytes> allowCredentialIds;
    // When set, the assertion is verified against this key (fido_assert_verify).
    std::optional<std::pair<int, Bytes>> publicKey; // COSE alg, raw key as libfido2 gives it
};

struct AssertionResult {
    Bytes credentialId;
    Bytes authenticatorData; // raw bytes (not CBOR wrapped)
    Bytes signature;
    Bytes userHandle;
    Bytes clientDataJson;
    std::uint32_t signCount = 0;
    bool userVerified = false;
    bool signatureVerified = false; // true when publicKey was given and the signature checked
};

} // namespace madoguchi::devices
