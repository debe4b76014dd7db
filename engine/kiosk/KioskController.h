// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Clock.h"
#include "core/Result.h"
#include "core/SecureBuffer.h"
#include "flow/EnrollmentFlow.h"
#include "kiosk/KioskOptions.h"
#include "otp/TotpVerifier.h"
#include "protocol/EnrollmentResult.h"
#include "protocol/Handoff.h"
#include "protocol/VerifyTempCredentials.h"
#include "rules/EmailPolicy.h"
#include "rules/PasswordBlocklist.h"
#include "rules/PasswordPolicy.h"
#include "rules/TempLoginPolicy.h"
#include "rules/UserIdPolicy.h"
#include "store/LocalStore.h"
#include "sync/CentralApi.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace madoguchi::kiosk {

// What a security-key registration hands back to be sealed (from the devices layer).
struct SecurityKeyBinding {
    protocol::WebAuthnBinding credential;
};

// What the kiosk, acting as the WebAuthn client, asks a security key to register; the GUI
// hands it to the devices layer.
struct SecurityKeyRequest {
    std::string rpId;
    std::string rpName;
    std::string origin; // "https://" + rpId
    std::string userName;
    std::string userDisplayName;
    std::vector<std::uint8_t> challenge; // 32 random bytes
    // The account's user handle, the same for every key and attempt of the enrollment: the
    // UTF-8 text of a random UUID, which the Keycloak export makes the user's ID (Keycloak
    // finds a user by the handle a key returns).
    std::vector<std::uint8_t> userHandle;
    // Credentials already registered in this enrollment: the same key is not registered twice.
    std::vector<std::vector<std::uint8_t>> excludeCredentialIds;
};

// Runs the services behind the enrollment flow: the central service (step ②, user-ID
// check, phone hand-off), key derivation, sealing and the local store. The screens call it;
// it reports outcomes to the EnrollmentFlow.
//
// Threading: methods marked [worker] are slow (network, PBKDF2, fsync) and safe to run on a
// worker thread (a JobRunner job); they touch only their arguments, the central client,
// immutable options and the store they are given, which is the job's own connection
// (JobContext::store()). The controller's own store is the UI thread's connection: no
// [worker] method may use it. Everything else is for the UI thread. The GUI runs one worker job at
// a time per visit; a result that arrives after the visit was wiped is dropped by `apply*` (it
// compares the flow's epoch).
class KioskController {
public:
    KioskController(EnrollmentFlow& flow, sync::CentralApi& central, store::LocalStore& store,
                    const PasswordBlocklist& blocklist, const Clock& clock, KioskOptions options);
    ~KioskController();
    KioskController(const KioskController&) = delete;
    KioskController& operator=(const KioskController&) = delete;

    EnrollmentFlow& flow() { return m_flow; }
    const Clock& clock() const { return m_clock; }
    const KioskOptions& options() const { return m_options; }
    std::uint64_t epoch() const { return m_flow.epoch(); }

    // ---- live checks for the screens (UI thread, fast)
    PolicyResult checkTempId(std::string_view text) const;
    SecretPolicyResult checkTempPassword(const SecureBuffer& text) const;
    SecretPolicyResult checkBirthDate(const SecureBuffer& digits) const;
    PolicyResult checkUserId(std::string_view text) const;
    SecretPolicyResult checkPassword(const SecureBuffer& password,
                                     const SecureBuffer& confirmation) const;
    PolicyResult checkEmail(std::string_view email, std::string_view confirmation) const;

    // ---- step ②
    struct TempLoginInput {
        std::string tempId;        // normalised
        SecureBuffer tempPassword; // normalised
        SecureBuffer birthDate;    // YYYYMMDD
    };
    // [worker]
    Result<protocol::VerifyTempCredentialsResponse> verifyTempLogin(const TempLoginInput& in);
    void applyTempLogin(std::uint64_t epoch, TempLoginInput in,
                        Result<protocol::VerifyTempCredentialsResponse> answer);
    std::string kanaName() const { return m_kanaName; }
    // The temporary ID the central service last answered "locked" for in this visit (the
    // staff panel offers to unlock it); empty otherwise.
    std::string lockedTempId() const { return m_lockedTempId; }
    // [worker] Staff panel: asks the central service to clear `tempId`'s lockout (audited
    // there with this kiosk and a fresh action id) and records it in the audit chain.
    Result<protocol::StaffUnlockResponse> unlockTempId(store::LocalStore& store,
                                                       const std::string& tempId);
    // [worker] Completion screen: whether the member's portal account works yet.
    Result<protocol::PortalStatusResponse> portalStatus(const std::string& enrollmentId);

    // ---- step ③
    std::string sessionToken() const { return m_sessionToken; }
    // [worker] Status: ok if available; UserIdTaken if not; network errors as they come.
    Status checkUserIdAvailable(const std::string& sessionToken, const std::string& userId);
    void applyUserId(std::uint64_t epoch, std::string userId, Status answer);

    // ---- steps ④-⑥: the password is only checked here; it is hashed at the commit.
    void applyPassword(SecureBuffer normalisedPassword);
    struct BasicInput {
        std::string tempId;
        std::string userId;
        std::string email;
        std::string termsVersion;
        MfaMethod method = MfaMethod::None;
        SecureBuffer password;
        // protocol::sessionIdOf the temp login's session: the central service accepts the
        // registration only as the result of that verified login.
        std::string sessionId;
    };
    struct BasicCommitted {
        std::string enrollmentId;
        std::string passwordHash; // the PBKDF2 record (also the resume verifier)
    };
    // Collects the draft for the commit (UI thread). The email must have passed checkEmail.
    BasicInput basicInput(std::string email) const;
    // [worker] Hashes the password (PBKDF2, slow), seals the basic registration to the
    // central service's key and commits enrollment row + outbox + audit in one transaction.
    Result<BasicCommitted> commitBasic(store::LocalStore& store, const BasicInput& in);
    void applyBasicCommitted(std::uint64_t epoch, std::string email,
                             Result<BasicCommitted> committed);

    // ---- OTP (⑦-⑩), UI thread: HMAC and RAND_bytes are fast.
    // A new secret (first time, or when the member starts the OTP step over).
    Status issueOtpSecret();
    // The otpauth:// URI for the QR code; holds the secret, so it stays in a SecureBuffer.
    Result<SecureBuffer> otpauthUri() const;
    // The base32 secret in groups of four, for "if the QR code cannot be read".
    SecureBuffer otpSecretGroups() const;
    // Seconds left in the current 30-second period (for the countdown).
    int otpSecondsLeftInPeriod() const;
    // Checks the code; on a match returns the match (the caller then commits the binding).
    // A refusal is reported to the flow with the verifier's count of attempts left; while
    // the flow is locked every code is refused with OtpTooManyAttempts.
    Result<TotpMatch> verifyOtpCode(std::string_view typed);
    std::optional<TotpMatch> lastOtpMatch() const { return m_lastMatch; }
    // The flow's count, which is the verifier's (one source for the screen and the lock).
    int otpAttemptsLeft() const { return m_flow.otpAttemptsLeft(); }

    // ---- completing the second factor
    struct MfaInput {
        std::string enrollmentId;
        protocol::EnrollmentResult result; // what is sealed
    };
    // UI thread: the sealed result of the second factor, ready for the worker.
    Result<MfaInput> otpBindingInput() const;
    // Security key (⑪-⑬): the registration request at KeyTouch (fresh challenge, the member's
    // user ID as user name, the account's user handle, drawn on the first request and kept in
    // the flow's draft, and an exclude list of what this enrollment registered), and a fresh
    // challenge for "try your key". FlowTransitionDenied before the basic commit or without
    // an RP ID in the organisation profile.
    Result<SecurityKeyRequest> securityKeyRequest();
    // A key registered a credential (KeyTouch): later requests of this visit exclude it.
    void securityKeyRegistered(std::vector<std::uint8_t> credentialId);
    static Result<std::vector<std::uint8_t>> newChallenge();
    // The credential is committed when the member names it (KeyName), before KeyTry.
    Result<MfaInput> securityKeyBindingInput(const SecurityKeyBinding& binding) const;
    // The phone's passkey is with the central service (found by the hand-off token); the
    // device name is the flow's (applyPhoneBound).
    Result<MfaInput> phoneBindingInput(const std::string& handoffToken) const;
    // [worker] seal + commit (enrollment row, outbox, audit) in one transaction.
    Status commitMfa(store::LocalStore& store, const MfaInput& in);
    // UI thread: tells the flow (OtpVerify/KeyTry/PhoneHandoff → Complete) or reports.
    void applyOtpBound(std::uint64_t epoch, Status committed);
    // KeyName -> KeyTry once the named credential is committed.
    void applySecurityKeyBound(std::uint64_t epoch, std::string deviceName, Status committed);
    void applyPhoneBound(std::uint64_t epoch, std::string deviceName, Status committed);

    // ---- phone hand-off
    // UI thread: the request for this visit (its session and registration).
    protocol::HandoffCreateRequest handoffRequest() const;
    // [worker]
    Result<protocol::HandoffCreateResponse>
    createHandoff(const protocol::HandoffCreateRequest& request);
    Result<protocol::HandoffPollResponse> pollHandoff(const std::string& handoffToken);

    // ---- resume (the seed's timeout case)
    struct ResumeFound {
        store::EnrollmentRecord record;
    };
    // [worker] Finds the member's unfinished enrollment and checks the password against its
    // PBKDF2 verifier (slow). ResumeCredentialsInvalid when either does not match: an unknown
    // user ID runs a PBKDF2 verification with the same parameters and writes as a wrong
    // password does, so it takes as long. Wrong passwords are counted per registration in the
    // store; at options().resumeMaxAttempts the resume locks (ResumeLocked, no password is
    // checked) until staff unlock it.
    Result<ResumeFound> verifyResume(store::LocalStore& store, const std::string& userId,
                                     const SecureBuffer& password);
    void applyResume(std::uint64_t epoch, Result<ResumeFound> found);

    // ---- staff
    // Registrations whose resume locked (UI thread: a small read).
    Result<std::vector<store::ResumeLock>> lockedResumes();
    // [worker] Staff lift a resume lock (audited).
    Status unlockResume(store::LocalStore& store, const std::string& enrollmentId);
    Result<std::int64_t> outboxDepth();
    Result<std::optional<std::chrono::system_clock::time_point>> lastDeliveredAt();

private:
    void onTransition(const FlowTransition& transition);
    // Keeps the flow's OTP lock with the enrollment: written when the flow locks, cleared when
    // staff restart the step, so that cancel, timeout and resume cannot lift it.
    void recordOtpLock(const EnrollmentSnapshot& visit);
    void forgetVisit();
    // The second-factor result every method starts from (ids, stage, time).
    Result<MfaInput> secondFactorInput(protocol::MfaMethod method) const;
    Result<std::vector<std::uint8_t>> seal(const protocol::EnrollmentResult& result) const;
    Status commitRecord(store::LocalStore& store, const store::EnrollmentRecord& record,
                        const protocol::EnrollmentResult& result, std::string_view auditKind);
    std::int64_t unixNow() const;
    Result<bool> verifyPassword(std::string_view record, const SecureBuffer& password) const;
    // A record with the configured parameters that matches no password (random salt, zero
    // hash): what an unknown user ID is checked against.
    Result<std::string> decoyVerifier() const;

    EnrollmentFlow& m_flow;
    sync::CentralApi& m_central;
    store::LocalStore& m_store; // the UI thread's connection
    const Clock& m_clock;
    KioskOptions m_options;
    TempLoginPolicy m_tempLoginPolicy;
    UserIdPolicy m_userIdPolicy;
    PasswordPolicy m_passwordPolicy;
    EmailPolicy m_emailPolicy;
    EnrollmentFlow::ListenerId m_listener = 0;
    // Per visit: credential IDs registered so far (the exclude list of the next request).
    std::vector<std::vector<std::uint8_t>> m_registeredKeyIds;

    // Per visit; forgotten on every wipe.
    std::string m_sessionToken;
    std::string m_kanaName;
    std::string m_lockedTempId;
    std::optional<store::EnrollmentRecord> m_record;
    std::optional<TotpVerifier> m_verifier;
    std::optional<TotpMatch> m_lastMatch;
    bool m_otpLockRecorded = false; // what the store holds for m_record
};

} // namespace madoguchi::kiosk
