// SPDX-License-Identifier: Apache-2.0
#include "flow/EnrollmentFlow.h"

#include "rules/DeviceName.h"

#include <algorithm>
#include <utility>

namespace madoguchi {

namespace {

// Where "戻る" leads from a state, or the guard that forbids it.
struct BackEdge {
    std::optional<FlowState> target;
    std::string_view guard;
};

BackEdge backEdge(FlowState state, bool otpLocked) {
    switch (state) {
    case FlowState::Attract:
        return {std::nullopt, "no-back-from-attract"};
    case FlowState::TempLogin:
    case FlowState::ResumeLogin:
        return {FlowState::Attract, {}};
    case FlowState::Terms:
        return {FlowState::TempLogin, {}};
    case FlowState::UserId:
        return {FlowState::Terms, {}};
    case FlowState::MfaChoice:
        return {FlowState::UserId, {}};
    case FlowState::Password:
        return {FlowState::MfaChoice, {}};
    case FlowState::Email:
        return {FlowState::Password, {}};
    case FlowState::BasicDone:
    case FlowState::MfaChoiceAfterCommit:
        return {std::nullopt, "commit-boundary"};
    case FlowState::OtpInstallApp:
    case FlowState::KeyInsert:
    case FlowState::PhoneHandoff:
        return {FlowState::MfaChoiceAfterCommit, {}};
    case FlowState::OtpDeviceName:
        return {FlowState::OtpInstallApp, {}};
    case FlowState::OtpScan:
        return {FlowState::OtpDeviceName, {}};
    case FlowState::OtpVerify:
        if (otpLocked) {
            return {std::nullopt, "otp-locked"};
        }
        return {FlowState::OtpScan, {}};
    case FlowState::KeyPin:
        return {FlowState::KeyInsert, {}};
    case FlowState::KeyTouch:
        return {FlowState::KeyPin, {}};
    case FlowState::KeyName:
        // The credential already exists on the key; only naming it is left.
        return {std::nullopt, "key-registered"};
    case FlowState::KeyTry:
        return {FlowState::KeyName, {}};
    case FlowState::Complete:
        return {std::nullopt, "complete"};
    }
    return {std::nullopt, "unknown-state"};
}

FlowState firstScreenOf(MfaMethod method) {
    switch (method) {
    case MfaMethod::Otp:
        return FlowState::OtpInstallApp;
    case MfaMethod::SecurityKey:
        return FlowState::KeyInsert;
    case MfaMethod::PhonePasskey:
        return FlowState::PhoneHandoff;
    case MfaMethod::None:
        break;
    }
    return FlowState::MfaChoiceAfterCommit;
}

// The method a post-commit screen belongs to; None for screens shared by all methods.
MfaMethod methodOfScreen(FlowState state) {
    switch (state) {
    case FlowState::OtpInstallApp:
    case FlowState::OtpDeviceName:
    case FlowState::OtpScan:
    case FlowState::OtpVerify:
        return MfaMethod::Otp;
    case FlowState::KeyInsert:
    case FlowState::KeyPin:
    case FlowState::KeyTouch:
    case FlowState::KeyName:
    case FlowState::KeyTry:
        return MfaMethod::SecurityKey;
    case FlowState::PhoneHandoff:
        return MfaMethod::PhonePasskey;
    default:
        return MfaMethod::None;
    }
}

} // namespace

bool deviceErrorRefusesKey(ErrorCode code) {
    switch (code) {
    case ErrorCode::DeviceReplugRequired:
    case ErrorCode::DevicePinBlocked:
    case ErrorCode::DeviceCredentialExcluded:
    case ErrorCode::DeviceUnsupported:
    case ErrorCode::DeviceAaguidDenied:
    case ErrorCode::DeviceAttestationInvalid:
    case ErrorCode::DeviceAttestationUntrusted:
        return true;
    default:
        return false; // gone or not found: the member inserts it (again) and it is taken
    }
}

EnrollmentFlow::EnrollmentFlow(const Clock& clock, FlowConfig config)
    : m_clock(clock), m_config(config), m_lastActivity(clock.now()),
      m_otpAttemptsLeft(m_config.otpMaxAttempts) {}

// ---------------------------------------------------------------- queries

bool EnrollmentFlow::canGoBack() const {
    auto edge = backEdge(m_state, m_otpLocked);
    return edge.target.has_value() && entryGuard(*edge.target).empty();
}

EnrollmentSnapshot EnrollmentFlow::snapshot() const {
    return EnrollmentSnapshot{m_state,        m_draft.method,     m_draft.enrollmentId,
                              m_draft.userId, m_draft.deviceName, m_otpLocked};
}

// ---------------------------------------------------------------- guards

Result<FlowState> EnrollmentFlow::deny(std::string_view guard, std::string_view event) const {
    std::string detail(guard);
    detail += " (";
    detail += event;
    detail += " in ";
    detail += toString(m_state);
    detail += ")";
    return Error{ErrorCode::FlowTransitionDenied, std::move(detail)};
}

Result<FlowState> EnrollmentFlow::requireState(std::string_view event,
                                               std::initializer_list<FlowState> allowed) const {
    if (std::find(allowed.begin(), allowed.end(), m_state) == allowed.end()) {
        return deny("wrong-state", event);
    }
    return m_state;
}

std::string_view EnrollmentFlow::entryGuard(FlowState target) const {
    if (target == FlowState::Attract || target == FlowState::ResumeLogin) {
        return {};
    }
    if (target == FlowState::TempLogin || isPreCommit(target)) {
        if (m_committed) {
            return "already-committed";
        }
        if (target == FlowState::TempLogin) {
            return {};
        }
        if (!m_session) {
            return "no-session";
        }
        if (target == FlowState::Terms) {
            return {};
        }
        if (!m_termsAgreed) {
            return "terms-not-agreed";
        }
        if (target == FlowState::UserId) {
            return {};
        }
        if (!m_userIdConfirmed) {
            return "user-id-not-confirmed";
        }
        if (target == FlowState::MfaChoice) {
            return {};
        }
        if (m_draft.method == MfaMethod::None) {
            return "no-method";
        }
        if (target == FlowState::Password) {
            return {};
        }
        if (!m_passwordAccepted) {
            return "password-not-accepted";
        }
        return {};
    }
    // Everything else is after the commit.
    if (!m_committed) {
        return "not-committed";
    }
    MfaMethod screenMethod = methodOfScreen(target);
    if (screenMethod != MfaMethod::None && screenMethod != m_draft.method) {
        return "method-mismatch";
    }
    switch (target) {
    case FlowState::OtpVerify:
        return m_otpNeedsNewSecret ? "otp-secret-not-issued" : std::string_view{};
    case FlowState::KeyTouch:
        return m_keyPinSet ? std::string_view{} : "key-pin-not-set";
    case FlowState::KeyName:
        return m_keyRegistered ? std::string_view{} : "key-not-registered";
    case FlowState::KeyTry:
        if (!m_keyRegistered) {
            return "key-not-registered";
        }
        return m_draft.deviceName.empty() ? "key-not-named" : std::string_view{};
    case FlowState::Complete:
        return m_mfaBound ? std::string_view{} : "mfa-not-bound";
    default:
        return {};
    }
}

std::optional<Result<FlowState>> EnrollmentFlow::checkSession(std::string_view event) {
    if (!m_session) {
        return deny("no-session", event);
    }
    if (m_clock.now() >= m_session->expiresAt) {
        // The member logs in again at step ②; what they typed later stays in the draft.
        m_session.reset();
        std::string detail = "session expired (";
        detail += event;
        detail += " in ";
        detail += toString(m_state);
        detail += ")";
        Error error{ErrorCode::FlowSessionExpired, std::move(detail)};
        m_lastError = error;
        enter(FlowState::TempLogin, TransitionReason::Error, false, std::nullopt);
        return Result<FlowState>(std::move(error));
    }
    return std::nullopt;
}

// ---------------------------------------------------------------- moving

Result<FlowState> EnrollmentFlow::moveTo(FlowState target, TransitionReason reason,
                                         std::string_view event) {
    if (auto guard = entryGuard(target); !guard.empty()) {
        return deny(guard, event);
    }
    enter(target, reason, false, std::nullopt);
    return m_state;
}

void EnrollmentFlow::enter(FlowState target, TransitionReason reason, bool wiped,
                           std::optional<EnrollmentSnapshot> resumable) {
    FlowState from = m_state;
    m_state = target;
    m_lastActivity = m_clock.now();
    if (reason != TransitionReason::Error) {
        m_lastError.reset();
    }
    switch (target) {
    case FlowState::Email:
        // The email must be confirmed again on every visit of the screen before a commit.
        m_emailAccepted = false;
        break;
    case FlowState::KeyInsert:
        // Possibly another key: nothing learnt about the previous one holds.
        m_keyHasPin = false;
        m_keyPinSet = false;
        m_keyVerifiesItself = false;
        m_keyRegistered = false;
        break;
    case FlowState::KeyPin:
        m_keyPinSet = false;
        break;
    default:
        break;
    }
    notify(FlowTransition{from, target, reason, wiped, std::move(resumable)});
}

Result<FlowState> EnrollmentFlow::stayWithError(Error error) {
    m_lastError = std::move(error);
    notify(FlowTransition{m_state, m_state, TransitionReason::Error, false, std::nullopt});
    return m_state;
}

void EnrollmentFlow::resetVisit() {
    m_draft.wipe();
    m_lastError.reset();
    m_session.reset();
    m_termsAgreed = false;
    m_userIdConfirmed = false;
    m_passwordAccepted = false;
    m_emailAccepted = false;
    m_committed = false;
    m_mfaBound = false;
    m_otpNeedsNewSecret = false;
    m_otpAttemptsLeft = m_config.otpMaxAttempts;
    m_otpLocked = false;
    m_keyHasPin = false;
    m_keyPinSet = false;
    m_keyVerifiesItself = false;
    m_keyRegistered = false;
}

Result<FlowState> EnrollmentFlow::wipeToAttract(TransitionReason reason) {
    std::optional<EnrollmentSnapshot> resumable;
    if (m_committed && m_state != FlowState::Complete) {
        resumable = snapshot();
    }
    resetVisit();
    ++m_epoch;
    enter(FlowState::Attract, reason, true, std::move(resumable));
    return m_state;
}

Result<FlowState> EnrollmentFlow::startMethod(MfaMethod method, TransitionReason reason,
                                              std::string_view event) {
    if (method != m_draft.method) {
        wipeString(m_draft.deviceName);
    }
    m_draft.method = method;
    m_mfaBound = false;
    m_otpNeedsNewSecret = method == MfaMethod::Otp;
    m_otpAttemptsLeft = m_config.otpMaxAttempts;
    m_otpLocked = false;
    return moveTo(firstScreenOf(method), reason, event);
}

void EnrollmentFlow::notify(const FlowTransition& transition) {
    // A copy, so that a listener may add or remove listeners while being told.
    auto listeners = m_listeners;
    for (const auto& entry : listeners) {
        entry.fn(transition);
    }
}

EnrollmentFlow::ListenerId EnrollmentFlow::addListener(FlowListener listener) {
    ListenerId id = m_nextListenerId++;
    m_listeners.push_back({id, std::move(listener)});
    return id;
}

void EnrollmentFlow::removeListener(ListenerId id) {
    std::erase_if(m_listeners, [id](const ListenerEntry& e) { return e.id == id; });
}

// ---------------------------------------------------------------- member actions

Result<FlowState> EnrollmentFlow::startEnrollment() {
    if (auto r = requireState("startEnrollment", {FlowState::Attract}); !r) {
        return r;
    }
    return moveTo(FlowState::TempLogin, TransitionReason::Forward, "startEnrollment");
}

Result<FlowState> EnrollmentFlow::startResume() {
    if (auto r = requireState("startResume", {FlowState::Attract}); !r) {
        return r;
    }
    return moveTo(FlowState::ResumeLogin, TransitionReason::Forward, "startResume");
}

Result<FlowState> EnrollmentFlow::agreeTerms(std::string version) {
    constexpr std::string_view kEvent = "agreeTerms";
    if (auto r = requireState(kEvent, {FlowState::Terms}); !r) {
        return r;
    }
    if (auto expired = checkSession(kEvent)) {
        return std::move(*expired);
    }
    if (version.empty()) {
        return deny("terms-version-missing", kEvent);
    }
    if (!m_session->termsVersion.empty() && version != m_session->termsVersion) {
        return deny("terms-version-mismatch", kEvent);
    }
    m_draft.termsVersion = std::move(version);
    m_termsAgreed = true;
    return moveTo(FlowState::UserId, TransitionReason::Forward, kEvent);
}

Result<FlowState> EnrollmentFlow::chooseMethod(MfaMethod method) {
    constexpr std::string_view kEvent = "chooseMethod";
    if (auto r = requireState(kEvent, {FlowState::MfaChoice, FlowState::MfaChoiceAfterCommit});
        !r) {
        return r;
    }
    if (method == MfaMethod::None) {
        return deny("no-method", kEvent);
    }
    if (m_state == FlowState::MfaChoiceAfterCommit) {
        return startMethod(method, TransitionReason::Forward, kEvent);
    }
    if (auto expired = checkSession(kEvent)) {
        return std::move(*expired);
    }
    if (method != m_draft.method) {
        wipeString(m_draft.deviceName);
    }
    m_draft.method = method;
    return moveTo(FlowState::Password, TransitionReason::Forward, kEvent);
}

Result<FlowState> EnrollmentFlow::next() {
    constexpr std::string_view kEvent = "next";
    switch (m_state) {
    case FlowState::BasicDone:
        return startMethod(m_draft.method, TransitionReason::Forward, kEvent);
    case FlowState::OtpInstallApp:
        return moveTo(FlowState::OtpDeviceName, TransitionReason::Forward, kEvent);
    case FlowState::OtpScan:
        return moveTo(FlowState::OtpVerify, TransitionReason::Forward, kEvent);
    default:
        return deny("wrong-state", kEvent);
    }
}

Result<FlowState> EnrollmentFlow::otpDeviceNamed(std::string name) {
    constexpr std::string_view kEvent = "otpDeviceNamed";
    if (auto r = requireState(kEvent, {FlowState::OtpDeviceName}); !r) {
        return r;
    }
    auto checked = DeviceName::check(name, DeviceName::Use::OtpApp);
    if (!checked.ok()) {
        return deny("bad-device-name", kEvent);
    }
    m_draft.deviceName = std::move(checked.name);
    return moveTo(FlowState::OtpScan, TransitionReason::Forward, kEvent);
}

Result<FlowState> EnrollmentFlow::restartOtp() {
    constexpr std::string_view kEvent = "restartOtp";
    if (auto r = requireState(kEvent, {FlowState::OtpScan, FlowState::OtpVerify}); !r) {
        return r;
    }
    if (m_otpLocked) {
        return deny("otp-locked", kEvent);
    }
    m_otpNeedsNewSecret = true;
    m_otpAttemptsLeft = m_config.otpMaxAttempts;
    return moveTo(FlowState::OtpDeviceName, TransitionReason::Back, kEvent);
}

Result<FlowState> EnrollmentFlow::keyNamed(std::string name) {
    constexpr std::string_view kEvent = "keyNamed";
    if (auto r = requireState(kEvent, {FlowState::KeyName}); !r) {
        return r;
    }
    auto checked = DeviceName::check(name, DeviceName::Use::SecurityKey);
    if (!checked.ok()) {
        return deny("bad-device-name", kEvent);
    }
    m_draft.deviceName = std::move(checked.name);
    return moveTo(FlowState::KeyTry, TransitionReason::Forward, kEvent);
}

Result<FlowState> EnrollmentFlow::skipKeyTry() {
    if (auto r = requireState("skipKeyTry", {FlowState::KeyTry}); !r) {
        return r;
    }
    return moveTo(FlowState::Complete, TransitionReason::Forward, "skipKeyTry");
}

Result<FlowState> EnrollmentFlow::back() {
    auto edge = backEdge(m_state, m_otpLocked);
    if (!edge.target) {
        return deny(edge.guard, "back");
    }
    if (*edge.target == FlowState::Attract) {
        return wipeToAttract(TransitionReason::Back);
    }
    if (*edge.target == FlowState::KeyPin && m_keyVerifiesItself) {
        return moveTo(FlowState::KeyInsert, TransitionReason::Back, "back"); // it had no PIN screen
    }
    return moveTo(*edge.target, TransitionReason::Back, "back");
}

Result<FlowState> EnrollmentFlow::cancel() {
    if (m_state == FlowState::Attract) {
        return m_state; // nothing to cancel
    }
    return wipeToAttract(TransitionReason::Cancel);
}

Result<FlowState> EnrollmentFlow::finish() {
    if (auto r = requireState("finish", {FlowState::Complete}); !r) {
        return r;
    }
    return wipeToAttract(TransitionReason::Forward);
}

// ---------------------------------------------------------------- inactivity

void EnrollmentFlow::touch() {
    m_lastActivity = m_clock.now();
}

IdleAction EnrollmentFlow::tick() {
    if (m_state == FlowState::Attract) {
        return {};
    }
    auto idle = m_clock.now() - m_lastActivity;
    if (idle >= m_config.idleTimeout) {
        (void)wipeToAttract(TransitionReason::Timeout);
        return {IdleAction::Kind::TimedOut, std::chrono::seconds::zero()};
    }
    if (m_config.warningLead > std::chrono::seconds::zero() &&
        idle >= m_config.idleTimeout - m_config.warningLead) {
        auto left = std::chrono::ceil<std::chrono::seconds>(m_config.idleTimeout - idle);
        return {IdleAction::Kind::Warn, left};
    }
    return {};
}

// ---------------------------------------------------------------- controller reports

Result<FlowState> EnrollmentFlow::tempLoginVerified(SessionInfo session,
                                                    TempCredentials credentials) {
    constexpr std::string_view kEvent = "tempLoginVerified";
    if (auto r = requireState(kEvent, {FlowState::TempLogin}); !r) {
        return r;
    }
    if (m_clock.now() >= session.expiresAt) {
        return Error{ErrorCode::FlowSessionExpired, "session already expired (tempLoginVerified)"};
    }
    if (credentials.tempId.empty()) {
        return deny("empty-temp-id", kEvent);
    }
    if (!m_draft.tempId.empty() && m_draft.tempId != credentials.tempId) {
        // Someone else logged in: nothing typed for the previous temp ID may carry over.
        resetVisit();
    }
    m_draft.tempId = std::move(credentials.tempId);
    m_draft.tempPassword = std::move(credentials.tempPassword);
    m_draft.birthDate = std::move(credentials.birthDate);
    m_session = std::move(session);
    return moveTo(FlowState::Terms, TransitionReason::Forward, kEvent);
}

Result<FlowState> EnrollmentFlow::userIdAvailable(std::string userId) {
    constexpr std::string_view kEvent = "userIdAvailable";
    if (auto r = requireState(kEvent, {FlowState::UserId}); !r) {
        return r;
    }
    if (auto expired = checkSession(kEvent)) {
        return std::move(*expired);
    }
    if (userId.empty()) {
        return deny("empty-user-id", kEvent);
    }
    m_draft.userId = std::move(userId);
    m_userIdConfirmed = true;
    return moveTo(FlowState::MfaChoice, TransitionReason::Forward, kEvent);
}

Result<FlowState> EnrollmentFlow::passwordAccepted(SecureBuffer password) {
    constexpr std::string_view kEvent = "passwordAccepted";
    if (auto r = requireState(kEvent, {FlowState::Password}); !r) {
        return r;
    }
    if (auto expired = checkSession(kEvent)) {
        return std::move(*expired);
    }
    if (password.empty()) {
        return deny("empty-password", kEvent);
    }
    m_draft.newPassword = std::move(password);
    m_passwordAccepted = true;
    return moveTo(FlowState::Email, TransitionReason::Forward, kEvent);
}

Result<FlowState> EnrollmentFlow::emailAccepted(std::string email) {
    constexpr std::string_view kEvent = "emailAccepted";
    if (auto r = requireState(kEvent, {FlowState::Email}); !r) {
        return r;
    }
    if (auto expired = checkSession(kEvent)) {
        return std::move(*expired);
    }
    if (email.empty()) {
        return deny("empty-email", kEvent);
    }
    m_draft.email = std::move(email);
    m_emailAccepted = true;
    return m_state;
}

Result<FlowState> EnrollmentFlow::basicRegistrationCommitted(std::string enrollmentId) {
    constexpr std::string_view kEvent = "basicRegistrationCommitted";
    if (auto r = requireState(kEvent, {FlowState::Email}); !r) {
        return r;
    }
    // No expiry check: the commit already happened locally and must never be refused.
    if (!m_session) {
        return deny("no-session", kEvent);
    }
    if (!m_emailAccepted) {
        return deny("email-not-accepted", kEvent);
    }
    if (enrollmentId.empty()) {
        return deny("empty-enrollment-id", kEvent);
    }
    m_committed = true;
    m_draft.enrollmentId = std::move(enrollmentId);
    m_draft.wipeCommittedSecrets();
    m_session.reset();
    return moveTo(FlowState::BasicDone, TransitionReason::Forward, kEvent);
}

Result<FlowState> EnrollmentFlow::otpSecretIssued() {
    if (auto r = requireState("otpSecretIssued", {FlowState::OtpScan}); !r) {
        return r;
    }
    m_otpNeedsNewSecret = false;
    return m_state;
}

Result<FlowState> EnrollmentFlow::otpCodeAccepted() {
    constexpr std::string_view kEvent = "otpCodeAccepted";
    if (auto r = requireState(kEvent, {FlowState::OtpVerify}); !r) {
        return r;
    }
    if (m_otpLocked) {
        return deny("otp-locked", kEvent);
    }
    m_mfaBound = true;
    return moveTo(FlowState::Complete, TransitionReason::Forward, kEvent);
}

Result<FlowState> EnrollmentFlow::otpCodeRejected(ErrorCode reason, int attemptsLeft) {
    constexpr std::string_view kEvent = "otpCodeRejected";
    if (auto r = requireState(kEvent, {FlowState::OtpVerify}); !r) {
        return r;
    }
    if (m_otpLocked) {
        return deny("otp-locked", kEvent);
    }
    // The verifier is the one counter (it alone can tell a guess from a typing slip or a
    // replay); the flow only keeps its count, which never goes up for the same secret.
    m_otpAttemptsLeft = std::max(0, std::min(attemptsLeft, m_otpAttemptsLeft));
    if (reason == ErrorCode::OtpTooManyAttempts || m_otpAttemptsLeft == 0) {
        m_otpAttemptsLeft = 0;
        m_otpLocked = true;
        return stayWithError(
            Error{ErrorCode::OtpTooManyAttempts, "otp locked until staff restart"});
    }
    return stayWithError(Error{reason, "otp code rejected"});
}

Result<FlowState> EnrollmentFlow::keyDetected(bool hasPin) {
    if (auto r = requireState("keyDetected", {FlowState::KeyInsert}); !r) {
        return r;
    }
    m_keyHasPin = hasPin;
    return moveTo(FlowState::KeyPin, TransitionReason::Forward, "keyDetected");
}

Result<FlowState> EnrollmentFlow::keyPinAccepted() {
    constexpr std::string_view kEvent = "keyPinAccepted";
    if (auto r = requireState(kEvent, {FlowState::KeyPin}); !r) {
        return r;
    }
    m_keyPinSet = true;
    m_keyHasPin = true; // a new key has its PIN now
    return moveTo(FlowState::KeyTouch, TransitionReason::Forward, kEvent);
}

Result<FlowState> EnrollmentFlow::keyVerifiesItself() {
    constexpr std::string_view kEvent = "keyVerifiesItself";
    if (auto r = requireState(kEvent, {FlowState::KeyInsert}); !r) {
        return r;
    }
    m_keyPinSet = true; // nothing to set: the key asks the member itself
    m_keyVerifiesItself = true;
    return moveTo(FlowState::KeyTouch, TransitionReason::Forward, kEvent);
}

Status EnrollmentFlow::setKeyUserHandle(std::vector<std::uint8_t> handle) {
    if (!m_committed || handle.empty() || !m_draft.keyUserHandle.empty()) {
        return Error{ErrorCode::FlowTransitionDenied,
                     !m_committed     ? "not-committed (setKeyUserHandle)"
                     : handle.empty() ? "empty-user-handle (setKeyUserHandle)"
                                      : "user-handle-already-set (setKeyUserHandle)"};
    }
    m_draft.keyUserHandle = std::move(handle);
    return {};
}

Result<FlowState> EnrollmentFlow::keyRegistered() {
    if (auto r = requireState("keyRegistered", {FlowState::KeyTouch}); !r) {
        return r;
    }
    m_keyRegistered = true;
    m_mfaBound = true;
    return moveTo(FlowState::KeyName, TransitionReason::Forward, "keyRegistered");
}

Result<FlowState> EnrollmentFlow::keyTrySucceeded() {
    if (auto r = requireState("keyTrySucceeded", {FlowState::KeyTry}); !r) {
        return r;
    }
    return moveTo(FlowState::Complete, TransitionReason::Forward, "keyTrySucceeded");
}

Result<FlowState> EnrollmentFlow::deviceError(Error error) {
    constexpr std::string_view kEvent = "deviceError";
    if (auto r = requireState(kEvent, {FlowState::KeyInsert, FlowState::KeyPin, FlowState::KeyTouch,
                                       FlowState::KeyName, FlowState::KeyTry});
        !r) {
        return r;
    }
    FlowState target = m_state;
    const bool keyGone =
        error.code == ErrorCode::DeviceNotFound || error.code == ErrorCode::DeviceRemoved;
    const bool pinError = error.code == ErrorCode::DevicePinRequired ||
                          error.code == ErrorCode::DevicePinInvalid ||
                          error.code == ErrorCode::DevicePinPolicy;
    if (keyGone || deviceErrorRefusesKey(error.code)) {
        // This key cannot go on (gone, blocked, refused): insert one again. After the
        // credential exists, the member stays to name or try it (KeyTry may be skipped).
        if (!m_keyRegistered) {
            target = FlowState::KeyInsert;
        }
    } else if (pinError) {
        if (m_state == FlowState::KeyTouch && !m_keyVerifiesItself) {
            target = FlowState::KeyPin;
        }
    }
    // Anything else (touch timeout, denied, cancelled, I/O): try the same screen again.
    if (target == m_state) {
        return stayWithError(std::move(error));
    }
    m_lastError = std::move(error);
    return moveTo(target, TransitionReason::Error, kEvent);
}

Result<FlowState> EnrollmentFlow::phoneConfirmed(std::string deviceName) {
    if (auto r = requireState("phoneConfirmed", {FlowState::PhoneHandoff}); !r) {
        return r;
    }
    m_draft.deviceName = std::move(deviceName);
    m_mfaBound = true;
    return moveTo(FlowState::Complete, TransitionReason::Forward, "phoneConfirmed");
}

Result<FlowState> EnrollmentFlow::resumeVerified(const EnrollmentSnapshot& snapshot) {
    constexpr std::string_view kEvent = "resumeVerified";
    if (auto r = requireState(kEvent, {FlowState::ResumeLogin}); !r) {
        return r;
    }
    std::string_view why;
    MfaMethod screenMethod = methodOfScreen(snapshot.stateReached);
    if (snapshot.enrollmentId.empty()) {
        why = "no-commit";
    } else if (snapshot.userId.empty()) {
        why = "no-user-id";
    } else if (snapshot.stateReached == FlowState::Complete) {
        why = "already-complete";
    } else if (!isPostCommit(snapshot.stateReached)) {
        why = "not-post-commit";
    } else if (screenMethod != MfaMethod::None && screenMethod != snapshot.method) {
        why = "method-mismatch";
    } else if (snapshot.otpLocked && snapshot.method != MfaMethod::Otp) {
        why = "method-mismatch";
    }
    if (!why.empty()) {
        Error error{ErrorCode::FlowNotResumable, std::string(why)};
        (void)stayWithError(error);
        return error;
    }
    m_committed = true;
    m_draft.enrollmentId = snapshot.enrollmentId;
    m_draft.userId = snapshot.userId;
    m_draft.deviceName = snapshot.deviceName;
    m_draft.method = snapshot.method;
    if (snapshot.otpLocked) {
        // Leaving and coming back must not buy fresh attempts: back onto the locked screen,
        // with no secret to verify, until staff restart the step.
        m_mfaBound = false;
        m_otpNeedsNewSecret = false;
        m_otpAttemptsLeft = 0;
        m_otpLocked = true;
        if (auto moved = moveTo(FlowState::OtpVerify, TransitionReason::Resume, kEvent); !moved) {
            return moved;
        }
        return stayWithError(
            Error{ErrorCode::OtpTooManyAttempts, "otp locked before the visit was interrupted"});
    }
    if (snapshot.method == MfaMethod::None ||
        snapshot.stateReached == FlowState::MfaChoiceAfterCommit) {
        return moveTo(FlowState::MfaChoiceAfterCommit, TransitionReason::Resume, kEvent);
    }
    // Mid-method progress is not kept (an OTP secret or a PIN never is): start the method over.
    return startMethod(snapshot.method, TransitionReason::Resume, kEvent);
}

Result<FlowState> EnrollmentFlow::reportError(Error error) {
    if (m_state == FlowState::Attract) {
        return deny("wrong-state", "reportError");
    }
    if (error.code == ErrorCode::SessionInvalid &&
        (isPreCommit(m_state) || m_state == FlowState::TempLogin)) {
        m_session.reset();
        m_lastError = std::move(error);
        if (m_state == FlowState::TempLogin) {
            notify(FlowTransition{m_state, m_state, TransitionReason::Error, false, std::nullopt});
            return m_state;
        }
        return moveTo(FlowState::TempLogin, TransitionReason::Error, "reportError");
    }
    return stayWithError(std::move(error));
}

// ---------------------------------------------------------------- staff

Result<FlowState> EnrollmentFlow::staffRestartOtp() {
    if (auto r =
            requireState("staffRestartOtp", {FlowState::OtpInstallApp, FlowState::OtpDeviceName,
                                             FlowState::OtpScan, FlowState::OtpVerify});
        !r) {
        return r;
    }
    m_otpLocked = false;
    m_otpAttemptsLeft = m_config.otpMaxAttempts;
    m_otpNeedsNewSecret = true;
    if (m_state == FlowState::OtpDeviceName) {
        return m_state;
    }
    return moveTo(FlowState::OtpDeviceName, TransitionReason::Back, "staffRestartOtp");
}

} // namespace madoguchi
