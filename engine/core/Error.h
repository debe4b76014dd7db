// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>

namespace madoguchi {

// One code per thing that can go wrong. The GUI maps each code to a translated message;
// the engine never holds member-facing text. Append new codes inside their group and add
// them to toString() (ErrorCode.cpp); -Wswitch reports a forgotten one.
enum class ErrorCode {
    // General
    InvalidArgument,
    Internal,
    Cancelled,
    TimedOut,
    NotFound,
    Unsupported,
    // Crypto
    CryptoFailure,
    RandomFailure,
    // Local store
    StorageOpenFailed,
    StorageIo,
    StorageCorrupt,
    StorageBusy,
    StorageMigrationFailed,
    StorageSchemaTooNew,
    StorageConstraint,
    AuditChainBroken,
    // Configuration
    ConfigFileNotFound,
    ConfigParse,
    ConfigInvalid,
    // OTP
    Base32Invalid,
    OtpSecretInvalid,
    OtpCodeMalformed,
    OtpCodeWrong,
    OtpCodeReplayed,
    OtpTooManyAttempts,
    // QR
    QrEncodeFailed,
    QrTextTooLong,
    // Enrollment flow
    FlowTransitionDenied,
    FlowSessionExpired,
    FlowNotResumable,
    ResumeCredentialsInvalid, // user ID + new password did not match the local resume record
    ResumeLocked, // too many wrong resume passwords for the registration: staff must unlock it
    // Central service and network
    NetworkUnavailable,
    NetworkTimeout,
    TlsFailure,
    ServerError,
    ProtocolError,
    TempCredentialsInvalid,
    TempCredentialsLocked,
    SessionInvalid,
    UserIdTaken,
    RateLimited,
    IdempotencyMismatch,
    IdempotencyInFlight,
    HandoffPending,
    HandoffExpired,
    PayloadTooLarge,
    KioskNotAuthorized,
    EnvelopeRejected,
    LengthRequired,       // a body without Content-Length (chunked): 411, never read
    UnsupportedMediaType, // a Content-Type other than JSON, or a Content-Encoding: 415
    RequestRefused,       // the service found our request malformed (400 invalid_request): final
    // Authenticators (FIDO2)
    DeviceNotFound,
    DeviceRemoved,
    DeviceTouchTimeout,
    DeviceDenied,
    DeviceUnsupported,
    DevicePinRequired,
    DevicePinInvalid,
    DevicePinBlocked,
    DevicePinPolicy,
    DeviceReplugRequired,
    DeviceCancelled,
    DeviceCredentialExcluded,
    DeviceIo,
    DeviceMalformedResponse,
    DeviceAttestationInvalid,
    DeviceAttestationUntrusted, // attestation certificate does not chain to a configured root
    DeviceAaguidDenied,
    DeviceMetadataInvalid, // FIDO MDS blob malformed, badly signed or not from the configured root
    // WebAuthn registrations made by a browser (the member's phone), checked by the relying
    // party's rules (WebAuthn Level 2 §7.1); the attestation itself reuses the Device* codes.
    WebAuthnClientDataInvalid,            // not JSON, not "webauthn.create", or made cross-origin
    WebAuthnChallengeMismatch,            // not the challenge this registration was given
    WebAuthnOriginMismatch,               // made on another site than the configured origin
    WebAuthnRpIdMismatch,                 // authenticator data for another relying party ID
    WebAuthnUserNotPresent,               // UP flag missing
    WebAuthnUserNotVerified,              // UV flag missing (no fingerprint, face or device PIN)
    WebAuthnAlgorithmNotAllowed,          // a COSE algorithm the relying party did not offer
    WebAuthnAttestationFormatUnsupported, // a statement format this service cannot verify
};

// A stable, English, machine-readable name ("OtpCodeReplayed") for logs and JSON.
std::string_view toString(ErrorCode code);

// `detail` is for logs and staff diagnostics only: never a secret, never member-facing text.
struct Error {
    ErrorCode code = ErrorCode::Internal;
    std::string detail;
};

} // namespace madoguchi
