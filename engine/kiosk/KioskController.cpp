// SPDX-License-Identifier: Apache-2.0
#include "kiosk/KioskController.h"

#include "core/Log.h"
#include "core/Uuid.h"
#include "crypto/Base64.h"
#include "crypto/PasswordHasher.h"
#include "crypto/Sealer.h"
#include "kiosk/StoredNames.h"
#include "otp/OtpauthUri.h"
#include "otp/Totp.h"
#include "protocol/JsonReader.h"
#include "protocol/SubmitEnrollment.h"
#include "protocol/VerifyTempCredentials.h"
#include "sync/OutboxWorker.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <algorithm>

namespace madoguchi::kiosk {

namespace {

constexpr std::string_view kOutboxKind = sync::OutboxWorker::kKindEnrollmentSubmission;

protocol::MfaMethod toProtocol(MfaMethod method) {
    switch (method) {
    case MfaMethod::SecurityKey:
        return protocol::MfaMethod::SecurityKey;
    case MfaMethod::PhonePasskey:
        return protocol::MfaMethod::PhonePasskey;
    case MfaMethod::Otp:
    case MfaMethod::None:
        break;
    }
    return protocol::MfaMethod::Totp;
}

std::string_view algorithmName(OtpAlgorithm algorithm) {
    switch (algorithm) {
    case OtpAlgorithm::Sha256:
        return "SHA256";
    case OtpAlgorithm::Sha512:
        return "SHA512";
    case OtpAlgorithm::Sha1:
        break;
    }
    return "SHA1";
}

} // namespace

KioskController::KioskController(EnrollmentFlow& flow, sync::CentralApi& central,
                                 store::LocalStore& store, const PasswordBlocklist& blocklist,
                                 const Clock& clock, KioskOptions options)
    : m_flow(flow), m_central(central), m_store(store), m_clock(clock),
      m_options(std::move(options)), m_tempLoginPolicy(clock),
      m_userIdPolicy(m_options.userIdPolicy),
      m_passwordPolicy(blocklist, m_options.passwordPolicy) {
    m_listener = m_flow.addListener([this](const FlowTransition& t) { onTransition(t); });
}

KioskController::~KioskController() {
    m_flow.removeListener(m_listener);
    forgetVisit();
}

void KioskController::onTransition(const FlowTransition& transition) {
    if (transition.wiped) {
        // The wipe forgets the lock in memory only. A visit that ended locked leaves it
        // on disk for the resume: written now if writing it when it locked failed.
        if (transition.resumable && transition.resumable->otpLocked) {
            recordOtpLock(*transition.resumable);
        }
        forgetVisit();
        return;
    }
    // Only a committed visit has a lock to keep (a refused resume is not committed).
    if (m_flow.committed()) {
        recordOtpLock(m_flow.snapshot());
    }
}

void KioskController::recordOtpLock(const EnrollmentSnapshot& visit) {
    const bool locked = visit.otpLocked;
    if (locked == m_otpLockRecorded) {
        return;
    }
    std::optional<store::EnrollmentRecord> base;
    if (m_record && m_record->uuid == visit.enrollmentId) {
        base = m_record;
    } else if (auto found = m_store.findEnrollment(visit.enrollmentId); found && *found) {
        base = **found;
    }
    if (!base) {
        logger()->error("OTP lock change for {} not recorded: no enrollment row",
                        visit.enrollmentId);
        return;
    }
    const auto now = m_clock.now();
    store::StepCommit step;
    step.enrollment = *base;
    step.enrollment.updatedAt = now;
    step.enrollment.state = std::string(storedName(visit.stateReached));
    step.enrollment.method = std::string(storedName(visit.method));
    step.enrollment.deviceName = visit.deviceName;
    if (locked) {
        step.enrollment.otpLockedAt = now;
        step.audit = store::AuditEvent{"otp_locked", base->uuid,
                                       "max_attempts=" + std::to_string(m_options.otpMaxAttempts)};
    } else {
        step.enrollment.otpLockedAt.reset();
        step.audit = store::AuditEvent{"otp_staff_restart", base->uuid, "new secret"};
    }
    step.at = now;
    // On the UI thread: one small transaction, rare, and on disk before the member can walk
    // away from the locked screen.
    if (auto committed = m_store.commitStep(step); !committed) {
        // The flow stays locked in memory; the next transition (at the latest the wipe that
        // ends the visit) tries again.
        logger()->error("OTP lock change for {} not recorded: {} {}", base->uuid,
                        toString(committed.code()), committed.error().detail);
        return;
    }
    m_record = step.enrollment;
    m_otpLockRecorded = locked;
    logger()->info("OTP step of {} {}", base->uuid, locked ? "locked" : "restarted by staff");
}

void KioskController::forgetVisit() {
    m_registeredKeyIds.clear();
    wipeString(m_sessionToken);
    wipeString(m_kanaName);
    wipeString(m_lockedTempId);
    m_record.reset();
    m_verifier.reset();
    m_lastMatch.reset();
    m_otpLockRecorded = false;
}

std::int64_t KioskController::unixNow() const {
    return std::chrono::duration_cast<std::chrono::seconds>(m_clock.now().time_since_epoch())
        .count();
}

// ---- live checks

PolicyResult KioskController::checkTempId(std::string_view text) const {
    return m_tempLoginPolicy.checkTempId(text);
}

SecretPolicyResult KioskController::checkTempPassword(const SecureBuffer& text) const {
    return m_tempLoginPolicy.checkTempPassword(text);
}

SecretPolicyResult KioskController::checkBirthDate(const SecureBuffer& digits) const {
    return m_tempLoginPolicy.checkBirthDate(digits);
}

PolicyResult KioskController::checkUserId(std::string_view text) const {
    return m_userIdPolicy.check(text);
}

SecretPolicyResult KioskController::checkPassword(const SecureBuffer& password,
                                                  const SecureBuffer& confirmation) const {
    const auto& draft = m_flow.draft();
    PasswordContext context{draft.userId, draft.tempPassword.view(), draft.birthDate.view()};
    return m_passwordPolicy.check(password, confirmation, context);
}

PolicyResult KioskController::checkEmail(std::string_view email,
                                         std::string_view confirmation) const {
    return m_emailPolicy.check(email, confirmation);
}

// ---- step ②

Result<protocol::VerifyTempCredentialsResponse>
KioskController::verifyTempLogin(const TempLoginInput& in) {
    protocol::VerifyTempCredentialsRequest request;
    request.kioskId = m_options.kioskId;
    request.tempId = in.tempId;
    request.tempPassword = in.tempPassword.clone();
    request.birthDate = in.birthDate.clone();
    return m_central.verifyTempCredentials(request);
}

void KioskController::applyTempLogin(std::uint64_t epoch, TempLoginInput in,
                                     Result<protocol::VerifyTempCredentialsResponse> answer) {
    if (epoch != m_flow.epoch()) {
        return; // the visit ended while the service answered
    }
    if (!answer) {
        logger()->info("temp login refused: {}", toString(answer.code()));
        if (answer.code() == ErrorCode::TempCredentialsLocked) {
            m_lockedTempId = in.tempId;
        }
        (void)m_flow.reportError(answer.error());
        return;
    }
    m_sessionToken = answer->sessionToken;
    m_kanaName = answer->kanaName;
    SessionInfo session;
    session.expiresAt =
        std::chrono::system_clock::time_point(std::chrono::seconds(answer->expiresAt));
    TempCredentials credentials{in.tempId, std::move(in.tempPassword), std::move(in.birthDate)};
    (void)m_flow.tempLoginVerified(session, std::move(credentials));
}

Result<protocol::StaffUnlockResponse> KioskController::unlockTempId(store::LocalStore& store,
                                                                    const std::string& tempId) {
    auto actionId = newUuidV4();
    if (!actionId) {
        return actionId.error();
    }
    protocol::StaffUnlockRequest request;
    request.kioskId = m_options.kioskId;
    request.tempId = tempId;
    request.actionId = *actionId;
    request.requestedAt =
        std::chrono::duration_cast<std::chrono::seconds>(m_clock.now().time_since_epoch()).count();
    auto answer = m_central.staffUnlock(request);
    store::AuditEvent event{"staff_unlock_temp_id", *actionId,
                            answer
                                ? (answer->unlocked ? "unlocked" : "nothing to unlock")
                                : std::string("refused: ") + std::string(toString(answer.code()))};
    if (auto audited = store.appendAudit(event, m_clock.now()); !audited) {
        logger()->error("staff unlock not written to the audit chain: {}", audited.error().detail);
    }
    logger()->info("staff unlock of a temp ID (action {}): {}", *actionId, event.detail);
    return answer;
}

Result<protocol::PortalStatusResponse>
KioskController::portalStatus(const std::string& enrollmentId) {
    return m_central.portalStatus(enrollmentId);
}

// ---- step ③

Status KioskController::checkUserIdAvailable(const std::string& sessionToken,
                                             const std::string& userId) {
    protocol::CheckUserIdRequest request{sessionToken, userId};
    auto answer = m_central.checkUserId(request);
    if (!answer) {
        return answer.error();
    }
    if (!answer->available) {
        return Error{ErrorCode::UserIdTaken, "user ID not available"};
    }
    return {};
}

void KioskController::applyUserId(std::uint64_t epoch, std::string userId, Status answer) {
    if (epoch != m_flow.epoch()) {
        return;
    }
    if (!answer) {
        (void)m_flow.reportError(answer.error());
        return;
    }
    (void)m_flow.userIdAvailable(std::move(userId));
}

// ---- steps ④-⑥

void KioskController::applyPassword(SecureBuffer normalisedPassword) {
    (void)m_flow.passwordAccepted(std::move(normalisedPassword));
}

KioskController::BasicInput KioskController::basicInput(std::string email) const {
    const auto& draft = m_flow.draft();
    BasicInput in;
    in.tempId = draft.tempId;
    in.userId = draft.userId;
    in.email = std::move(email);
    in.termsVersion = draft.termsVersion;
    in.method = draft.method;
    in.password = draft.newPassword.clone();
    in.sessionId = m_sessionToken.empty() ? std::string() : protocol::sessionIdOf(m_sessionToken);
    return in;
}

Result<std::vector<std::uint8_t>>
KioskController::seal(const protocol::EnrollmentResult& result) const {
    const SecureBuffer plaintext = result.toPlaintext();
    auto envelope =
        crypto::Sealer::seal(m_options.sealingPublicKeyPem, plaintext,
                             crypto::Sealer::enrollmentAad(m_options.kioskId, result.enrollmentId));
    if (!envelope) {
        return envelope.error();
    }
    // The outbox row carries the whole request, so the sync worker needs nothing else and
    // the kiosk cannot read back what it queued.
    protocol::SubmitEnrollmentRequest request;
    request.enrollmentId = result.enrollmentId;
    request.kioskId = m_options.kioskId;
    request.envelope = crypto::Base64::encode(*envelope);
    const std::string body = protocol::dumpJson(request.toJson());
    return std::vector<std::uint8_t>(body.begin(), body.end());
}

Status KioskController::commitRecord(store::LocalStore& store,
                                     const store::EnrollmentRecord& record,
                                     const protocol::EnrollmentResult& result,
                                     std::string_view auditKind) {
    auto payload = seal(result);
    if (!payload) {
        return payload.error();
    }
    store::StepCommit step;
    step.enrollment = record;
    step.outbox = store::OutboxDraft{std::string(kOutboxKind), std::move(payload).value()};
    step.audit = store::AuditEvent{std::string(auditKind), record.uuid,
                                   std::string("submission=") + result.enrollmentId +
                                       " stage=" + std::string(toString(result.stage))};
    step.at = m_clock.now();
    auto committed = store.commitStep(step);
    if (!committed) {
        return committed.error();
    }
    return {};
}

Result<KioskController::BasicCommitted> KioskController::commitBasic(store::LocalStore& store,
                                                                     const BasicInput& in) {
    auto hasher = crypto::PasswordHasher::create(m_options.passwordHash);
    if (!hasher) {
        return hasher.error();
    }
    auto hash = hasher->hash(in.password); // PBKDF2: slow on purpose, never on the UI thread
    if (!hash) {
        return hash.error();
    }
    auto id = newUuidV4();
    if (!id) {
        return id.error();
    }
    protocol::EnrollmentResult result;
    result.enrollmentId = *id;
    result.stage = protocol::ResultStage::Registration;
    result.kioskId = m_options.kioskId;
    result.tempId = in.tempId;
    result.userId = in.userId;
    result.email = in.email;
    result.passwordHash = *hash;
    result.termsVersion = in.termsVersion;
    result.method = toProtocol(in.method);
    result.completedAt = unixNow();
    result.sessionId = in.sessionId;

    const auto now = m_clock.now();
    store::EnrollmentRecord record;
    record.uuid = *id;
    record.createdAt = now;
    record.updatedAt = now;
    record.state = std::string(storedName(FlowState::BasicDone));
    record.userId = in.userId;
    record.method = std::string(storedName(in.method));
    // The same slow hash lets an interrupted member resume with user ID + password.
    record.resumeVerifier = *hash;
    record.resumableUntil = now + m_options.resumeWindow;
    if (auto s = commitRecord(store, record, result, "registration_committed"); !s) {
        return s.error();
    }
    logger()->info("registration {} committed and queued", *id);
    return BasicCommitted{*id, *hash};
}

void KioskController::applyBasicCommitted(std::uint64_t epoch, std::string email,
                                          Result<BasicCommitted> committed) {
    if (epoch != m_flow.epoch()) {
        return;
    }
    if (!committed) {
        logger()->error("registration commit failed: {} {}", toString(committed.code()),
                        committed.error().detail);
        (void)m_flow.reportError(committed.error());
        return;
    }
    if (auto accepted = m_flow.emailAccepted(std::move(email)); !accepted) {
        return;
    }
    auto record = m_store.findEnrollment(committed->enrollmentId);
    if (record && *record) {
        m_record = **record;
    }
    (void)m_flow.basicRegistrationCommitted(committed->enrollmentId);
}

// ---- OTP

Status KioskController::issueOtpSecret() {
    TotpVerifierOptions options{m_options.totp, m_options.otpMaxAttempts};
    auto verifier = TotpVerifier::create(m_clock, options);
    if (!verifier) {
        return verifier.error();
    }
    m_verifier.emplace(std::move(verifier).value());
    m_lastMatch.reset();
    auto issued = m_flow.otpSecretIssued();
    if (!issued) {
        return issued.error();
    }
    return {};
}

Result<SecureBuffer> KioskController::otpauthUri() const {
    if (!m_verifier) {
        return Error{ErrorCode::OtpSecretInvalid, "no OTP secret issued"};
    }
    return OtpauthUri::build(m_verifier->secret(), m_options.issuer, m_flow.draft().userId,
                             m_options.totp);
}

SecureBuffer KioskController::otpSecretGroups() const {
    SecureBuffer groups;
    if (!m_verifier) {
        return groups;
    }
    const SecureBuffer base32 = m_verifier->secret().toBase32();
    const auto bytes = base32.bytes();
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (i > 0 && i % 4 == 0) {
            groups.append(" ");
        }
        groups.append(bytes.subspan(i, 1));
    }
    return groups;
}

int KioskController::otpSecondsLeftInPeriod() const {
    const auto now = std::chrono::floor<std::chrono::seconds>(m_clock.now());
    const auto period = m_options.totp.period.count();
    const auto elapsed = now.time_since_epoch().count() % period;
    return static_cast<int>(period - elapsed);
}

Result<TotpMatch> KioskController::verifyOtpCode(std::string_view typed) {
    if (m_flow.otpLocked()) {
        return Error{ErrorCode::OtpTooManyAttempts, "otp locked until staff restart"};
    }
    if (!m_verifier) {
        return Error{ErrorCode::OtpSecretInvalid, "no OTP secret issued"};
    }
    auto match = m_verifier->verify(typed);
    if (!match) {
        (void)m_flow.otpCodeRejected(match.code(), m_verifier->attemptsLeft());
        return match.error();
    }
    m_lastMatch = *match;
    if (match->stepOffset != 0) {
        logger()->info("OTP accepted from a neighbouring step ({:+d}); phone clock skew ~{} s",
                       match->stepOffset, match->approximateClockSkew.count());
    }
    return match;
}

// ---- second factor

namespace {
store::EnrollmentRecord advancedRecord(const store::EnrollmentRecord& base, FlowState state,
                                       MfaMethod method, const std::string& deviceName,
                                       std::chrono::system_clock::time_point now) {
    store::EnrollmentRecord record = base;
    record.updatedAt = now;
    record.state = std::string(storedName(state));
    record.method = std::string(storedName(method));
    record.deviceName = deviceName;
    // Bound: nothing left to resume, so the password verifier goes.
    record.resumeVerifier.clear();
    record.resumableUntil.reset();
    return record;
}
} // namespace

Result<KioskController::MfaInput>
KioskController::secondFactorInput(protocol::MfaMethod method) const {
    if (!m_record) {
        return Error{ErrorCode::FlowTransitionDenied, "no registration"};
    }
    auto id = newUuidV4();
    if (!id) {
        return id.error();
    }
    protocol::EnrollmentResult result;
    result.enrollmentId = *id;
    result.stage = protocol::ResultStage::SecondFactor;
    result.registrationId = m_record->uuid;
    result.kioskId = m_options.kioskId;
    result.userId = m_record->userId;
    result.method = method;
    result.completedAt = unixNow();
    return MfaInput{m_record->uuid, std::move(result)};
}

Result<KioskController::MfaInput> KioskController::otpBindingInput() const {
    if (!m_verifier) {
        return Error{ErrorCode::FlowTransitionDenied, "no OTP secret"};
    }
    auto input = secondFactorInput(protocol::MfaMethod::Totp);
    if (!input) {
        return input;
    }
    protocol::TotpBinding binding;
    binding.secretBase32 = m_verifier->secret().toBase32();
    binding.digits = m_options.totp.digits;
    binding.period = m_options.totp.period.count();
    binding.algorithm = std::string(algorithmName(m_options.totp.algorithm));
    binding.deviceName = m_flow.draft().deviceName;
    input->result.totp = std::move(binding);
    return input;
}

Result<std::vector<std::uint8_t>> KioskController::newChallenge() {
    std::vector<std::uint8_t> challenge(32);
    if (RAND_bytes(challenge.data(), static_cast<int>(challenge.size())) != 1) {
        return Error{ErrorCode::CryptoFailure, "RAND_bytes for a WebAuthn challenge"};
    }
    return challenge;
}

Result<SecurityKeyRequest> KioskController::securityKeyRequest() {
    if (!m_record) {
        return Error{ErrorCode::FlowTransitionDenied, "no registration"};
    }
    if (m_options.rpId.empty()) {
        return Error{ErrorCode::FlowTransitionDenied, "no FIDO2 relying party configured"};
    }
    auto challenge = newChallenge();
    if (!challenge) {
        return challenge.error();
    }
    SecurityKeyRequest request;
    request.rpId = m_options.rpId;
    request.rpName = m_options.rpName.empty() ? m_options.rpId : m_options.rpName;
    request.origin = "https://" + m_options.rpId;
    request.userName = m_record->userId;
    // The user ID, not the member's name: a key may keep what it is given.
    request.userDisplayName = m_record->userId;
    request.challenge = std::move(challenge).value();
    if (m_flow.draft().keyUserHandle.empty()) {
        auto uuid = newUuidV4();
        if (!uuid) {
            return uuid.error();
        }
        if (auto kept =
                m_flow.setKeyUserHandle(std::vector<std::uint8_t>(uuid->begin(), uuid->end()));
            !kept) {
            return kept.error();
        }
    }
    request.userHandle = m_flow.draft().keyUserHandle;
    request.excludeCredentialIds = m_registeredKeyIds;
    return request;
}

void KioskController::securityKeyRegistered(std::vector<std::uint8_t> credentialId) {
    if (!credentialId.empty() && std::find(m_registeredKeyIds.begin(), m_registeredKeyIds.end(),
                                           credentialId) == m_registeredKeyIds.end()) {
        m_registeredKeyIds.push_back(std::move(credentialId));
    }
}

Result<KioskController::MfaInput>
KioskController::securityKeyBindingInput(const SecurityKeyBinding& binding) const {
    auto input = secondFactorInput(protocol::MfaMethod::SecurityKey);
    if (input) {
        input->result.webAuthn = binding.credential;
    }
    return input;
}

Result<KioskController::MfaInput>
KioskController::phoneBindingInput(const std::string& handoffToken) const {
    // The passkey itself is on the phone: the central service has it from the hand-off.
    auto input = secondFactorInput(protocol::MfaMethod::PhonePasskey);
    if (input) {
        input->result.handoffToken = handoffToken;
    }
    return input;
}

Status KioskController::commitMfa(store::LocalStore& store, const MfaInput& in) {
    auto existing = store.findEnrollment(in.enrollmentId);
    if (!existing) {
        return existing.error();
    }
    if (!*existing) {
        return Error{ErrorCode::NotFound, "enrollment " + in.enrollmentId};
    }
    MfaMethod method = MfaMethod::Otp;
    std::string deviceName;
    if (in.result.method == protocol::MfaMethod::SecurityKey) {
        method = MfaMethod::SecurityKey;
        deviceName = in.result.webAuthn ? in.result.webAuthn->deviceName : std::string();
    } else if (in.result.method == protocol::MfaMethod::PhonePasskey) {
        method = MfaMethod::PhonePasskey;
    } else {
        deviceName = in.result.totp ? in.result.totp->deviceName : std::string();
    }
    auto record =
        advancedRecord(**existing, FlowState::Complete, method, deviceName, m_clock.now());
    return commitRecord(store, record, in.result, "second_factor_committed");
}

void KioskController::applyOtpBound(std::uint64_t epoch, Status committed) {
    if (epoch != m_flow.epoch()) {
        return;
    }
    if (!committed) {
        (void)m_flow.reportError(committed.error());
        return;
    }
    (void)m_flow.otpCodeAccepted();
}

void KioskController::applySecurityKeyBound(std::uint64_t epoch, std::string deviceName,
                                            Status committed) {
    if (epoch != m_flow.epoch()) {
        return;
    }
    if (!committed) {
        (void)m_flow.reportError(committed.error());
        return;
    }
    (void)m_flow.keyNamed(std::move(deviceName));
}

void KioskController::applyPhoneBound(std::uint64_t epoch, std::string deviceName,
                                      Status committed) {
    if (epoch != m_flow.epoch()) {
        return;
    }
    if (!committed) {
        (void)m_flow.reportError(committed.error());
        return;
    }
    (void)m_flow.phoneConfirmed(std::move(deviceName));
}

// ---- phone hand-off

protocol::HandoffCreateRequest KioskController::handoffRequest() const {
    return protocol::HandoffCreateRequest{m_sessionToken, m_options.kioskId,
                                          m_flow.draft().enrollmentId};
}

Result<protocol::HandoffCreateResponse>
KioskController::createHandoff(const protocol::HandoffCreateRequest& request) {
    return m_central.createHandoff(request);
}

Result<protocol::HandoffPollResponse>
KioskController::pollHandoff(const std::string& handoffToken) {
    return m_central.pollHandoff(handoffToken);
}

// ---- resume

Result<bool> KioskController::verifyPassword(std::string_view record,
                                             const SecureBuffer& password) const {
    if (m_options.verifyPassword) {
        return m_options.verifyPassword(record, password);
    }
    return crypto::PasswordHasher::verify(record, password);
}

Result<std::string> KioskController::decoyVerifier() const {
    crypto::PasswordHashRecord decoy;
    decoy.digest = m_options.passwordHash.digest;
    decoy.iterations = m_options.passwordHash.iterations;
    decoy.salt.resize(crypto::PasswordHasher::kSaltSize);
    if (RAND_bytes(decoy.salt.data(), static_cast<int>(decoy.salt.size())) != 1) {
        return Error{ErrorCode::RandomFailure, "RAND_bytes for a decoy salt"};
    }
    decoy.hash.assign(crypto::PasswordHasher::hashSize(decoy.digest), 0);
    return decoy.toString();
}

Result<KioskController::ResumeFound> KioskController::verifyResume(store::LocalStore& store,
                                                                   const std::string& userId,
                                                                   const SecureBuffer& password) {
    auto found = store.findResumable(userId, m_clock.now());
    if (!found) {
        return found.error();
    }
    if (!*found) {
        // Same answer, same PBKDF2 and same write as a wrong password: the time taken does not
        // tell which user IDs exist here.
        auto decoy = decoyVerifier();
        if (!decoy) {
            return decoy.error();
        }
        if (auto checked = verifyPassword(*decoy, password); !checked) {
            return checked.error();
        }
        if (Status recorded = store.recordUnknownResume(m_clock.now()); !recorded) {
            return recorded.error();
        }
        return Error{ErrorCode::ResumeCredentialsInvalid, "no resumable enrollment"};
    }
    const std::string& uuid = (*found)->uuid;
    auto attempts = store.resumeAttempts(uuid);
    if (!attempts) {
        return attempts.error();
    }
    if (attempts->lockedAt) {
        // Locked: no password is checked at all until staff unlock it.
        return Error{ErrorCode::ResumeLocked, "resume of " + uuid + " locked"};
    }
    auto matches = verifyPassword((*found)->resumeVerifier, password);
    if (!matches) {
        return matches.error();
    }
    if (!*matches) {
        auto counted = store.recordResumeFailure(uuid, m_options.resumeMaxAttempts, m_clock.now());
        if (!counted) {
            return counted.error();
        }
        if (counted->lockedAt) {
            logger()->warn("resume of {} locked after {} wrong passwords", uuid, counted->failures);
            return Error{ErrorCode::ResumeLocked, "resume of " + uuid + " locked"};
        }
        logger()->info("resume of {} refused: wrong password ({} in a row)", uuid,
                       counted->failures);
        return Error{ErrorCode::ResumeCredentialsInvalid, "password does not match"};
    }
    if (attempts->failures > 0) {
        if (Status cleared = store.clearResumeFailures(uuid); !cleared) {
            return cleared.error();
        }
    }
    return ResumeFound{**found};
}

void KioskController::applyResume(std::uint64_t epoch, Result<ResumeFound> found) {
    if (epoch != m_flow.epoch()) {
        return;
    }
    if (!found) {
        (void)m_flow.reportError(found.error());
        return;
    }
    const auto& record = found->record;
    EnrollmentSnapshot snapshot;
    snapshot.stateReached = flowStateFromStored(record.state).value_or(FlowState::BasicDone);
    snapshot.method = mfaMethodFromStored(record.method).value_or(MfaMethod::None);
    snapshot.enrollmentId = record.uuid;
    snapshot.userId = record.userId;
    snapshot.deviceName = record.deviceName;
    snapshot.otpLocked = record.otpLockedAt.has_value();
    m_record = record;
    m_otpLockRecorded = snapshot.otpLocked; // the resume itself changes nothing on disk
    (void)m_flow.resumeVerified(snapshot);
}

// ---- staff

Result<std::vector<store::ResumeLock>> KioskController::lockedResumes() {
    return m_store.lockedResumes(m_clock.now());
}

Status KioskController::unlockResume(store::LocalStore& store, const std::string& enrollmentId) {
    if (Status unlocked = store.unlockResume(enrollmentId, m_clock.now()); !unlocked) {
        logger()->error("resume unlock of {} failed: {} {}", enrollmentId,
                        toString(unlocked.code()), unlocked.error().detail);
        return unlocked;
    }
    logger()->info("resume of {} unlocked by staff", enrollmentId);
    return {};
}

Result<std::int64_t> KioskController::outboxDepth() {
    return m_store.outboxDepth();
}

Result<std::optional<std::chrono::system_clock::time_point>> KioskController::lastDeliveredAt() {
    return m_store.lastDeliveredAt();
}

} // namespace madoguchi::kiosk
