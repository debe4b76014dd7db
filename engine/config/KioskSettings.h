// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "crypto/PasswordHasher.h"

#include <spdlog/common.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace madoguchi::config {

enum class Language { Japanese, English };

// This kiosk: where it sends results, how it authenticates, how it behaves.
// Paths are absolute after loading (relative ones are taken from the config file's folder).
struct KioskSettings {
    std::string kioskId;
    Language language = Language::Japanese;

    std::string centralUrl; // https://...
    std::filesystem::path caBundle;
    std::filesystem::path clientCert;
    std::filesystem::path clientKey;
    std::filesystem::path sealingPublicKey; // SPKI PEM of the central sealing key

    // Idle time after which the member's data is wiped; the warning shows
    // `inactivityWarning` before that.
    std::chrono::seconds inactivityTimeout{120};
    std::chrono::seconds inactivityWarning{30};
    std::chrono::seconds networkTimeout{15};

    std::filesystem::path storePath;
    std::filesystem::path logPath;
    spdlog::level::level_enum logLevel = spdlog::level::info;

    // "pbkdf2-sha256$<iterations>$<b64 salt>$<b64 hash>"; format checked here, verified by
    // crypto::PasswordHasher.
    std::string staffPinHash;

    bool passwordAllowUppercase = true;
    // The symbols a new password may hold ([kiosk.password_policy] symbols), for a society
    // whose portal is narrower than the manual. Unset: every printable ASCII symbol.
    std::optional<std::string> passwordSymbols;
    int otpMaxAttempts = 5;
    // How the member's new password is hashed before it is sealed ([kiosk.password_hash]):
    // PBKDF2-HMAC-SHA-256 (>= 600,000 iterations) or -SHA-512 (>= 210,000).
    crypto::PasswordHasher::Params passwordHash{};

    // AAGUIDs in canonical form (lowercase, 8-4-4-4-12). An empty allow list allows all
    // authenticators not denied.
    std::vector<std::string> aaguidAllow;
    std::vector<std::string> aaguidDeny;
    // FIDO Metadata Service blob and its root certificate; both or neither.
    std::filesystem::path mdsBlob;
    std::filesystem::path mdsRootCert;
    // PEM files (a certificate or a bundle each) that a key's attestation certificate must
    // chain to. Empty: the chain is not checked.
    std::vector<std::filesystem::path> attestationRoots;
    // With attestation_roots set, a key whose attestation does not chain to one is refused
    // (attestation_unverified = "refuse", the default) or registered and marked unverified in
    // the sealed result ("record").
    bool attestationRecordUnverified = false;
};

} // namespace madoguchi::config
