// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "central/CentralRecords.h"
#include "core/Result.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::central {

// The central service's storage, narrow on purpose: every method is one atomic unit (one
// transaction), so a PostgreSQL implementation maps each to one transaction as well.
// Implementations are safe to call from several threads.
class ICentralStore {
public:
    virtual ~ICentralStore() = default;

    // Runs `work` as ONE transaction with one durable commit (a batch of deliveries): each
    // call `work` makes on this store from this thread stays atomic on its own but commits
    // with the others at the end, and no other caller sees any of it before. When `work` or
    // the commit fails, nothing of it happened. The default runs `work` with each call
    // committing on its own (correct, one commit per call): implementations override it.
    virtual Status inOneTransaction(const std::function<Status()>& work) { return work(); }

    // Roster. Replacing an entry that is already enrolled is refused (StorageConstraint).
    virtual Status putRosterEntry(const RosterEntry& entry) = 0;
    virtual Result<std::optional<RosterEntry>> findRosterEntry(std::string_view tempId) = 0;

    // Lockout. Counts one attempt for `tempId` (any string, on the roster or not) and
    // returns the count including it; the count is taken before the slow check, so
    // parallel guesses cannot overtake the limit.
    virtual Result<std::int64_t> countAttempt(std::string_view tempId, std::int64_t now) = 0;
    virtual Result<std::int64_t> attemptCount(std::string_view tempId) = 0;
    virtual Status clearAttempts(std::string_view tempId) = 0;

    virtual Status putSession(const SessionRecord& session) = 0;
    virtual Result<std::optional<SessionRecord>> findSession(std::string_view tokenDigest) = 0;

    // Durable record of a successful temp-credential verification (kept after the session
    // expired: results are accepted for it within the store-and-forward window).
    virtual Status recordVerification(const VerificationRecord& verification) = 0;

    virtual Result<bool> userIdTaken(std::string_view userId) = 0;

    // Exactly-once delivery. claimDelivery commits an in-flight marker for a new key
    // (Claimed), or reports the key's state: InFlight (another copy is being processed;
    // markers older than `staleBefore` are taken over, after a crash), Completed (with the
    // first answer) or Mismatch (same key, other body digest).
    virtual Result<DeliveryClaim> claimDelivery(std::string_view enrollmentId,
                                                std::string_view bodyDigest, std::int64_t now,
                                                std::int64_t staleBefore) = 0;
    // In ONE transaction: checks the proof (the verification named by
    // `enrollment.sessionId` verified `enrollment.tempId` at `enrollment.kioskId` at or after
    // `verifiedSince`, and neither that session nor that temp ID has a registration yet) and
    // writes nothing when it fails. Otherwise decides accepted/user_id_conflict (the user ID
    // taken by another enrollment), stores the enrollment, registers the user ID, marks the
    // roster entry enrolled and the verification used, raises a staff item on conflict, and
    // stores the matching answer as the key's answer.
    virtual Result<RegistrationOutcome> completeDelivery(const EnrollmentRecord& enrollment,
                                                         std::int64_t verifiedSince,
                                                         const std::string& acceptedAnswer,
                                                         const std::string& conflictAnswer) = 0;
    // Stage second_factor, in ONE transaction: finds the registration named by
    // `secondFactor.registrationId`; when it is missing, is not a registration, has another
    // user ID or came from another kiosk, writes nothing and says so (the caller drops its marker).
    // Otherwise supersedes the registration's current binding of the same method, stores the record
    // with the registration's status and temp ID, raises a staff item naming both ids when
    // the registration is in user_id_conflict, and stores the matching answer.
    virtual Result<SecondFactorOutcome> completeSecondFactor(const SecondFactorRecord& secondFactor,
                                                             const std::string& acceptedAnswer,
                                                             const std::string& conflictAnswer) = 0;
    // Drops an in-flight marker when processing failed before completion.
    virtual Status abandonDelivery(std::string_view enrollmentId) = 0;

    virtual Result<std::vector<EnrollmentRecord>> listEnrollments() = 0;
    // Records for one enrollment ID (0 or 1), or all records for an empty ID.
    virtual Result<std::int64_t> countEnrollments(std::string_view enrollmentId) = 0;

    // Every second factor received, superseded ones included, in order of arrival.
    virtual Result<std::vector<SecondFactorRecord>> listSecondFactors() = 0;

    virtual Result<std::int64_t> addStaffItem(const StaffItem& item) = 0;
    virtual Result<std::vector<StaffItem>> listStaffItems(bool includeResolved) = 0;

    // Keycloak push queue (rows written by completeDelivery / completeSecondFactor for records
    // with queuePush). A store without a queue answers Unsupported, and the push stays off.
    virtual Result<std::vector<PushItem>> duePushes(std::int64_t /*now*/, std::int64_t /*limit*/) {
        return Error{ErrorCode::Unsupported, "this store keeps no Keycloak push queue"};
    }
    virtual Result<std::optional<PushItem>> findPush(std::string_view /*enrollmentId*/) {
        return Error{ErrorCode::Unsupported, "this store keeps no Keycloak push queue"};
    }
    // Writes the item's new state and, when given, its staff item, in ONE transaction.
    virtual Status updatePush(const PushItem& /*item*/, const std::optional<StaffItem>& /*staff*/) {
        return Error{ErrorCode::Unsupported, "this store keeps no Keycloak push queue"};
    }
    // One stored enrollment (with the roster's kana name and member number), or nothing.
    virtual Result<std::optional<EnrollmentRecord>> findEnrollment(std::string_view /*id*/) {
        return Error{ErrorCode::Unsupported, "this store cannot look one enrollment up"};
    }

    // A staff unlock from a kiosk, in ONE transaction: a known `actionId` is a replay (or a
    // mismatch), nothing is done again; a kiosk with `maxPerWindow` unlocks since
    // `windowStart` is refused; otherwise the temp ID's failures are cleared and the action
    // recorded (the audit: kiosk, action, temp ID, time, outcome).
    virtual Result<StaffUnlockResult> staffUnlock(std::string_view /*actionId*/,
                                                  std::string_view /*kioskId*/,
                                                  std::string_view /*tempId*/, std::int64_t /*now*/,
                                                  std::int64_t /*windowStart*/,
                                                  std::int64_t /*maxPerWindow*/) {
        return Error{ErrorCode::Unsupported, "this store keeps no staff actions"};
    }
    // The audit of staff actions, in the order they were done.
    virtual Result<std::vector<StaffAction>> listStaffActions() {
        return Error{ErrorCode::Unsupported, "this store keeps no staff actions"};
    }

    virtual Status putHandoff(const HandoffRecord& handoff) = 0;
    virtual Result<std::optional<HandoffRecord>> findHandoff(std::string_view tokenDigest) = 0;
    virtual Status confirmHandoff(std::string_view tokenDigest, std::int64_t now) = 0;
};

} // namespace madoguchi::central
