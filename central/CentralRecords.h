// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace madoguchi::central {

// Plain rows exchanged with ICentralStore. Times are Unix seconds.

struct RosterEntry {
    std::string tempId;
    // PasswordHasher record over "temp password \n birth date": neither is kept in plain.
    std::string verifier;
    std::string kanaName;
    std::string memberNumber;
    std::int64_t importedAt = 0;
    std::optional<std::int64_t> enrolledAt;
};

struct SessionRecord {
    std::string tokenDigest; // SHA-256 (hex) of the session token; the token is not stored
    std::string tempId;
    std::string kioskId;
    std::int64_t expiresAt = 0;
};

// A successful temp-credential verification, kept durably: a registration is accepted only
// as the result of one (store-and-forward may deliver it days later).
struct VerificationRecord {
    std::string sessionId; // protocol::sessionIdOf(session token)
    std::string tempId;
    std::string kioskId; // the client certificate's CN
    std::int64_t verifiedAt = 0;
};

enum class DeliveryState { Claimed, InFlight, Completed, Mismatch };

// What claimDelivery found for an idempotency key.
struct DeliveryClaim {
    DeliveryState state = DeliveryState::Claimed;
    std::string answerJson; // the first answer, for Completed
};

struct EnrollmentRecord {
    std::string enrollmentId;
    std::string kioskId;
    std::string tempId;
    std::string userId;
    std::string status;                 // protocol::toString(EnrollmentStatus)
    std::string stage = "complete";     // protocol::toString(ResultStage): complete | registration
    std::string sessionId;              // the verified login it is the result of
    std::vector<std::uint8_t> envelope; // the sealed result, the only copy kept
    // The opened EnrollmentResult (holds the TOTP secret): filled only in memory, at export.
    std::string resultJson;
    std::int64_t receivedAt = 0;
    // From the roster (empty when the temp ID is not on it any more).
    std::string kanaName;
    std::string memberNumber;
    // Delivery only: queue this user for the Keycloak push in the same transaction (when the
    // enrollment is accepted and complete).
    bool queuePush = false;
};

// A second-factor submission (stage second_factor) attached to its registration. A
// registration holds at most one current binding per method: a later one for the same
// method supersedes the earlier, which stays as history (supersededBy = the later id).
struct SecondFactorRecord {
    std::string enrollmentId;   // this submission's id
    std::string registrationId; // the registration's enrollment id
    std::string kioskId;
    std::string tempId; // copied from the registration
    std::string userId;
    std::string method;                 // protocol::toString(MfaMethod)
    std::string status;                 // the registration's: "accepted" or "user_id_conflict"
    std::vector<std::uint8_t> envelope; // the sealed result, the only copy kept
    // The opened EnrollmentResult (holds the TOTP secret): filled only in memory, at export.
    std::string resultJson;
    std::int64_t receivedAt = 0;
    std::string supersededBy; // empty while current
    // Delivery only: queue the registration's user for the Keycloak push in the same
    // transaction (when the factor is accepted).
    bool queuePush = false;
};

// Why completeDelivery did or did not accept a registration (stage registration or complete).
enum class RegistrationOutcome {
    Accepted,
    UserIdConflict,        // stored; the user ID was taken meanwhile; staff item raised
    NoVerification,        // names no recorded verification: nothing written
    VerificationElsewhere, // the verification was for another temp ID or at another kiosk
    VerificationTooOld,    // verified before the acceptance window
    AlreadyRegistered      // the temp ID (or the session) has an accepted registration already
};

// Why completeSecondFactor did or did not attach a second factor.
enum class SecondFactorOutcome {
    Accepted,            // attached to an accepted registration
    UserIdConflict,      // attached to a registration in user_id_conflict; staff item raised
    RegistrationMissing, // not (yet) received: nothing written, retry later
    NotARegistration,    // registration_id names a complete enrollment: nothing written
    UserIdMismatch,      // user_id differs from the registration's: nothing written
    KioskMismatch        // sent by another kiosk than the registration: nothing written
};

struct StaffItem {
    std::int64_t id = 0;
    std::int64_t createdAt = 0;
    std::string kind; // "user_id_conflict", "envelope_rejected"
    std::string enrollmentId;
    std::string kioskId;
    std::string tempId;
    std::string userId;
    std::string detail;
    bool resolved = false;
};

// One user queued for the push to Keycloak's admin API (keyed by the enrollment ID of the
// complete enrollment or the registration). Pending until Keycloak confirmed it (done) or
// refused it for good (failed, with a staff item).
struct PushItem {
    std::string enrollmentId;
    std::string state = "pending"; // pending | done | failed
    std::int64_t attempts = 0;
    std::int64_t nextAttemptAt = 0;
    std::string lastError; // for staff and logs: an HTTP status or transport error, no secret
    std::int64_t queuedAt = 0;
    std::int64_t updatedAt = 0;
};

// The staff item both stores raise when a second factor arrives for a user whose push has
// already ended (`state`: done or failed): Keycloak keeps what it got (the push never
// overwrites a user), so a person must add the new factor there.
inline StaffItem stalePushItem(std::int64_t now, const std::string& enrollmentId,
                               const std::string& kioskId, const std::string& tempId,
                               const std::string& userId, const std::string& state) {
    StaffItem item;
    item.createdAt = now;
    item.kind = "keycloak_push_stale";
    item.enrollmentId = enrollmentId;
    item.kioskId = kioskId;
    item.tempId = tempId;
    item.userId = userId;
    item.detail = "a second factor arrived after the user was pushed to Keycloak (" + state +
                  "); Keycloak was not updated";
    return item;
}

// What staffUnlock did (one transaction: the action's record, the attempts cleared).
enum class StaffUnlockOutcome {
    Unlocked,        // failures (or the lock) cleared
    NothingToUnlock, // the temp ID had no failures
    Replayed,        // this action id was done before: nothing done again (answer: its first)
    Mismatch,        // this action id was used for another temp ID or kiosk: nothing done
    RateLimited      // the kiosk's staff unlocks in the window reached the limit: nothing done
};

struct StaffUnlockResult {
    StaffUnlockOutcome outcome = StaffUnlockOutcome::NothingToUnlock;
    bool firstUnlocked = false; // for Replayed: what the first action did
};

// One staff action from a kiosk, as audited (table staff_actions).
struct StaffAction {
    std::string actionId;
    std::string kioskId;
    std::string kind; // "unlock_temp_id"
    std::string tempId;
    std::int64_t doneAt = 0;
    std::string outcome; // "unlocked" or "nothing_to_unlock"
};

struct HandoffRecord {
    std::string tokenDigest;
    std::string enrollmentId;
    std::string kioskId;
    std::string tempId;
    std::int64_t createdAt = 0;
    std::int64_t expiresAt = 0;
    std::optional<std::int64_t> confirmedAt;
};

} // namespace madoguchi::central
