// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Clock.h"
#include "core/Result.h"
#include "core/SecureBuffer.h"
#include "flow/EnrollmentDraft.h"
#include "flow/EnrollmentSnapshot.h"
#include "flow/FlowConfig.h"
#include "flow/FlowState.h"
#include "flow/FlowTransition.h"
#include "flow/IdleAction.h"
#include "flow/MfaMethod.h"
#include "flow/SessionInfo.h"
#include "flow/TempCredentials.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace madoguchi {

// Device errors about the key itself (a blocked PIN, a refused model or attestation, a key
// that must be re-plugged): taking the same key again at once would only repeat them, so the
// insert screen waits until it has been removed. deviceError() sends the member back to
// KeyInsert with them, as with a key that is gone.
bool deviceErrorRefusesKey(ErrorCode code);

// The enrollment state machine: which screen the kiosk shows and which moves are allowed.
//
// The GUI calls the member actions; a controller runs the services (central service, local
// store, FIDO2) and reports their outcomes as events. Every call returns the state after it
// (Result<FlowState>). A move that is not allowed returns FlowTransitionDenied with a detail
// naming the guard ("no-session", "terms-not-agreed", "wrong-state", ...) and changes
// nothing. Listeners are told after every change. Not thread-safe: call from the UI thread.
//
// Typed values live in draft(): they survive Back (the screens refill from it) and are
// wiped on cancel, timeout, completion and every return to Attract.
class EnrollmentFlow {
public:
    explicit EnrollmentFlow(const Clock& clock, FlowConfig config = {});
    EnrollmentFlow(const EnrollmentFlow&) = delete;
    EnrollmentFlow& operator=(const EnrollmentFlow&) = delete;

    // ---- where we are
    FlowState state() const { return m_state; }
    const EnrollmentDraft& draft() const { return m_draft; }
    // The error the current screen should explain (rejected code, taken user ID, device
    // error...); cleared by the next state change that is not an error.
    const std::optional<Error>& lastError() const { return m_lastError; }
    bool canGoBack() const;
    bool committed() const { return m_committed; }
    // Grows on every wipe: a controller tags asynchronous work with it and drops a result
    // whose epoch is stale, so a late answer never lands in the next member's visit.
    std::uint64_t epoch() const { return m_epoch; }
    // Non-secret state for the resume record and the Complete screen.
    EnrollmentSnapshot snapshot() const;
    // OTP: the controller must make a NEW secret before OtpScan may move on.
    bool otpNeedsNewSecret() const { return m_otpNeedsNewSecret; }
    // Locked after too many wrong codes; also after a resume of a visit that was locked.
    // Only staffRestartOtp() unlocks it. The controller keeps it in the local store.
    bool otpLocked() const { return m_otpLocked; }
    // What the verifier last reported (otpCodeRejected); the config's cap until then.
    int otpAttemptsLeft() const { return m_otpAttemptsLeft; }
    // Security key: KeyPin asks for the existing PIN (true) or sets a new one (false).
    bool keyHasPin() const { return m_keyHasPin; }
    // The WebAuthn user handle of this enrollment's account: set once (the controller draws
    // it), kept for every key the member tries, wiped with the draft. FlowTransitionDenied
    // before the commit, for an empty handle, or when one is already set.
    Status setKeyUserHandle(std::vector<std::uint8_t> handle);

    // ---- member actions (GUI)
    Result<FlowState> startEnrollment();               // Attract -> TempLogin
    Result<FlowState> startResume();                   // Attract -> ResumeLogin
    Result<FlowState> agreeTerms(std::string version); // Terms -> UserId
    // MfaChoice -> Password; MfaChoiceAfterCommit -> the method's first screen.
    Result<FlowState> chooseMethod(MfaMethod method);
    // Screens without input: BasicDone -> method's first screen, OtpInstallApp ->
    // OtpDeviceName, OtpScan -> OtpVerify (needs the secret issued).
    Result<FlowState> next();
    Result<FlowState> otpDeviceNamed(std::string name); // OtpDeviceName -> OtpScan
    // "Start the OTP step over": OtpScan/OtpVerify -> OtpDeviceName with a new secret.
    Result<FlowState> restartOtp();
    Result<FlowState> keyNamed(std::string name); // KeyName -> KeyTry
    Result<FlowState> skipKeyTry();               // KeyTry -> Complete
    Result<FlowState> back();                     // "戻る"
    Result<FlowState> cancel();                   // any state -> Attract, wipe
    Result<FlowState> finish();                   // Complete -> Attract, wipe

    // ---- inactivity
    void touch(); // on every member input
    IdleAction tick();

    // ---- controller reports
    Result<FlowState> tempLoginVerified(SessionInfo session, TempCredentials credentials);
    Result<FlowState> userIdAvailable(std::string userId);     // UserId -> MfaChoice
    Result<FlowState> passwordAccepted(SecureBuffer password); // Password -> Email
    Result<FlowState> emailAccepted(std::string email);        // stays; ready to commit
    Result<FlowState> basicRegistrationCommitted(std::string enrollmentId); // -> BasicDone
    Result<FlowState> otpSecretIssued();                                    // on OtpScan
    Result<FlowState> otpCodeAccepted();                                    // OtpVerify -> Complete
    // Stays on OtpVerify. The verifier decides what uses up an attempt (a wrong code does; a
    // malformed entry or a replay of an accepted code does not) and reports how many are
    // left; the flow keeps that count (never raising it) and locks at 0 or on
    // OtpTooManyAttempts.
    Result<FlowState> otpCodeRejected(ErrorCode reason, int attemptsLeft);
    Result<FlowState> keyDetected(bool hasPin); // KeyInsert -> KeyPin
    // KeyPin -> KeyTouch. The PIN itself stays in the devices layer (SecurityKeyEnrollment).
    Result<FlowState> keyPinAccepted();
    // KeyInsert -> KeyTouch for a key that verifies the member itself (Windows Hello, a key's
    // own biometrics): no PIN screen; Back from KeyTouch then returns to KeyInsert.
    Result<FlowState> keyVerifiesItself();
    Result<FlowState> keyRegistered();   // KeyTouch -> KeyName
    Result<FlowState> keyTrySucceeded(); // KeyTry -> Complete
    // A device error on a security-key screen; the machine picks the screen to retry on.
    Result<FlowState> deviceError(Error error);
    Result<FlowState> phoneConfirmed(std::string deviceName); // PhoneHandoff -> Complete
    // ResumeLogin -> the method's first screen; an OTP step that was locked -> OtpVerify,
    // still locked (staff restart it).
    Result<FlowState> resumeVerified(const EnrollmentSnapshot& snapshot);
    // A service said no (TempCredentialsInvalid, UserIdTaken, NetworkUnavailable, ...): stay
    // and show it. SessionInvalid before the commit goes back to TempLogin.
    Result<FlowState> reportError(Error error);

    // ---- staff
    // Unlocks a locked OtpVerify (or restarts any OTP screen): -> OtpDeviceName, new secret.
    // The only way out of the lock but cancel/timeout, which leave it locked for a resume.
    Result<FlowState> staffRestartOtp();

    // ---- listeners
    using ListenerId = std::uint64_t;
    ListenerId addListener(FlowListener listener);
    void removeListener(ListenerId id);

private:
    Result<FlowState> deny(std::string_view guard, std::string_view event) const;
    Result<FlowState> requireState(std::string_view event,
                                   std::initializer_list<FlowState> allowed) const;
    // The guard that forbids entering `target` now, or empty when entry is allowed.
    std::string_view entryGuard(FlowState target) const;
    // Session guard for pre-commit moves; an expired session moves to TempLogin.
    std::optional<Result<FlowState>> checkSession(std::string_view event);
    Result<FlowState> moveTo(FlowState target, TransitionReason reason, std::string_view event);
    Result<FlowState> stayWithError(Error error);
    Result<FlowState> wipeToAttract(TransitionReason reason);
    Result<FlowState> startMethod(MfaMethod method, TransitionReason reason,
                                  std::string_view event);
    void enter(FlowState target, TransitionReason reason, bool wiped,
               std::optional<EnrollmentSnapshot> resumable);
    // Wipes the draft and forgets every guard flag and the session.
    void resetVisit();
    void notify(const FlowTransition& transition);

    const Clock& m_clock;
    FlowConfig m_config;
    FlowState m_state = FlowState::Attract;
    EnrollmentDraft m_draft;
    std::optional<Error> m_lastError;
    std::chrono::system_clock::time_point m_lastActivity;
    std::uint64_t m_epoch = 0;

    std::optional<SessionInfo> m_session;
    bool m_termsAgreed = false;
    bool m_userIdConfirmed = false;
    bool m_passwordAccepted = false;
    bool m_emailAccepted = false;
    bool m_committed = false;
    bool m_mfaBound = false;
    bool m_otpNeedsNewSecret = false;
    int m_otpAttemptsLeft = 0;
    bool m_otpLocked = false;
    bool m_keyHasPin = false;
    bool m_keyPinSet = false;
    bool m_keyVerifiesItself = false; // no PIN screen for this key
    bool m_keyRegistered = false;

    struct ListenerEntry {
        ListenerId id;
        FlowListener fn;
    };
    std::vector<ListenerEntry> m_listeners;
    ListenerId m_nextListenerId = 1;
};

} // namespace madoguchi
