// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Result.h"
#include "core/SecureBuffer.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::protocol {

enum class MfaMethod {
    Totp,        // authenticator app (seed ⑦–⑩)
    SecurityKey, // FIDO2 key at the kiosk (⑪–⑬), a WebAuthn credential
    PhonePasskey // passkey made on the member's own phone through a hand-off
};
std::string_view toString(MfaMethod method);

// A kiosk delivers an enrollment in up to two submissions, each under its own id (the
// idempotency key): the registration when the basic registration is committed (step ⑥),
// then the second factor when it is bound, which names the registration it belongs to.
// A member interrupted after ⑥ can bind the second factor later, after the registration was
// delivered, without ever sending the same id with another body. `Complete` carries both
// in one submission.
enum class ResultStage {
    Complete,     // registration and second factor together
    Registration, // user ID, email, password hash, terms; method = the member's intent
    SecondFactor  // the binding for an earlier Registration (registrationId)
};
std::string_view toString(ResultStage stage);

struct TotpBinding {
    SecureBuffer secretBase32; // RFC 4648 base32, no padding
    std::int64_t digits = 6;
    std::int64_t period = 30;
    std::string algorithm = "SHA1"; // SHA1 | SHA256 | SHA512
    std::string deviceName;
};

struct WebAuthnBinding {
    std::string credentialId;  // base64url, unpadded
    std::string publicKeyCose; // base64 (standard, padded) of the COSE_Key
    std::string aaguid;        // 8-4-4-4-12 lowercase hex
    std::int64_t signCount = 0;
    std::string attestationFormat;       // "packed", "none", "fido-u2f", ...
    std::vector<std::string> transports; // "usb", "nfc", "ble", "internal", "hybrid"
    std::string deviceName;
    // Optional (absent in results from older kiosks; empty = absent):
    std::string attestationStatement{}; // base64url, unpadded, of the attStmt CBOR map
    std::string userHandle{};           // base64url, unpadded, of the WebAuthn user.id
    std::string attestationTrust{};     // "not_checked" | "chained" | "unverified"
    std::string modelName{};            // the key's model from FIDO metadata, else USB product
};

// The plain result of one enrollment: what the kiosk seals to the central service
// (Sealer, associated data = Sealer::enrollmentAad(kioskId, enrollmentId)). JSON form in
// central/README.md. Exactly one of totp/webAuthn matches `method` (neither for
// PhonePasskey, which carries the hand-off token instead).
struct EnrollmentResult {
    static constexpr std::int64_t kFormat = 1;
    // The range a `completedAt` must lie in (2020-01-01T00:00:00Z .. 9999-12-31T23:59:59Z):
    // in milliseconds it fits an int64 with room to spare.
    static constexpr std::int64_t kEarliestCompletedAt = 1'577'836'800;
    static constexpr std::int64_t kLatestCompletedAt = 253'402'300'799;
    static bool completedAtInRange(std::int64_t unixSeconds) {
        return unixSeconds >= kEarliestCompletedAt && unixSeconds <= kLatestCompletedAt;
    }

    std::string enrollmentId; // this submission's id (the idempotency key)
    ResultStage stage = ResultStage::Complete;
    std::string registrationId; // SecondFactor: the enrollmentId of its Registration
    std::string kioskId;
    std::string tempId;
    std::string userId;
    std::string email;
    std::string passwordHash; // PasswordHasher record, e.g. pbkdf2-sha256$600000$...
    std::string termsVersion;
    MfaMethod method = MfaMethod::Totp;
    std::optional<TotpBinding> totp;
    std::optional<WebAuthnBinding> webAuthn;
    std::optional<std::string> handoffToken;
    std::int64_t completedAt = 0; // Unix seconds
    // Registration and Complete: the verified login (protocol::sessionIdOf of the session
    // token) that allowed it. Empty in results sealed by kiosks before it existed.
    std::string sessionId{};

    nlohmann::json toJson() const;
    static Result<EnrollmentResult> fromJson(const nlohmann::json& json);
    // The sealed plaintext: compact JSON in a SecureBuffer (it holds the TOTP secret).
    SecureBuffer toPlaintext() const;
    static Result<EnrollmentResult> fromPlaintext(const SecureBuffer& plaintext);
};

} // namespace madoguchi::protocol
