// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "central/ICentralStore.h"

#include <memory>
#include <string>

namespace madoguchi::central {

// ICentralStore on PostgreSQL (libpq), for several central processes on one database.
// Each method is one transaction; those that read before they write run SERIALIZABLE and are
// retried on a serialization failure or deadlock, so two processes can never accept the same
// enrollment twice (unique keys on enrollment ID, temp ID and user ID back this up). Threads
// share a small pool of connections. Connection errors are StorageBusy (503: the kiosk retries).
class PostgresCentralStore final : public ICentralStore {
public:
    // `connection`: a libpq connection string ("host=db.example dbname=madoguchi
    // sslmode=verify-full sslrootcert=/etc/madoguchi/db-ca.crt", or a postgresql:// URI),
    // passed to libpq as is. Brings the schema to the latest version (an advisory lock keeps
    // two processes starting at once from racing). The string is wiped when the store goes.
    static Result<std::unique_ptr<PostgresCentralStore>> open(const std::string& connection);
    ~PostgresCentralStore() override;
    PostgresCentralStore(const PostgresCentralStore&) = delete;
    PostgresCentralStore& operator=(const PostgresCentralStore&) = delete;

    // The schema version the database had before open() migrated it.
    int versionBeforeOpen() const { return m_versionBeforeOpen; }
    static int latestSchemaVersion();

    // One SERIALIZABLE transaction on one connection, each call of this thread inside it in a
    // savepoint. Not retried here: a serialization failure with another process fails the whole
    // (StorageBusy, nothing of it happened) and the kiosk sends it again.
    Status inOneTransaction(const std::function<Status()>& work) override;
    Status putRosterEntry(const RosterEntry& entry) override;
    Result<std::optional<RosterEntry>> findRosterEntry(std::string_view tempId) override;
    Result<std::int64_t> countAttempt(std::string_view tempId, std::int64_t now) override;
    Result<std::int64_t> attemptCount(std::string_view tempId) override;
    Status clearAttempts(std::string_view tempId) override;
    Status putSession(const SessionRecord& session) override;
    Result<std::optional<SessionRecord>> findSession(std::string_view tokenDigest) override;
    Status recordVerification(const VerificationRecord& verification) override;
    Result<bool> userIdTaken(std::string_view userId) override;
    Result<DeliveryClaim> claimDelivery(std::string_view enrollmentId, std::string_view bodyDigest,
                                        std::int64_t now, std::int64_t staleBefore) override;
    Result<RegistrationOutcome> completeDelivery(const EnrollmentRecord& enrollment,
                                                 std::int64_t verifiedSince,
                                                 const std::string& acceptedAnswer,
                                                 const std::string& conflictAnswer) override;
    Result<SecondFactorOutcome> completeSecondFactor(const SecondFactorRecord& secondFactor,
                                                     const std::string& acceptedAnswer,
                                                     const std::string& conflictAnswer) override;
    Status abandonDelivery(std::string_view enrollmentId) override;
    Result<std::vector<EnrollmentRecord>> listEnrollments() override;
    Result<std::int64_t> countEnrollments(std::string_view enrollmentId) override;
    Result<std::vector<SecondFactorRecord>> listSecondFactors() override;
    Result<std::int64_t> addStaffItem(const StaffItem& item) override;
    Result<std::vector<StaffItem>> listStaffItems(bool includeResolved) override;
    Result<std::vector<PushItem>> duePushes(std::int64_t now, std::int64_t limit) override;
    Result<std::optional<PushItem>> findPush(std::string_view enrollmentId) override;
    Status updatePush(const PushItem& item, const std::optional<StaffItem>& staff) override;
    Result<std::optional<EnrollmentRecord>> findEnrollment(std::string_view id) override;
    Result<StaffUnlockResult> staffUnlock(std::string_view actionId, std::string_view kioskId,
                                          std::string_view tempId, std::int64_t now,
                                          std::int64_t windowStart,
                                          std::int64_t maxPerWindow) override;
    Result<std::vector<StaffAction>> listStaffActions() override;
    Status putHandoff(const HandoffRecord& handoff) override;
    Result<std::optional<HandoffRecord>> findHandoff(std::string_view tokenDigest) override;
    Status confirmHandoff(std::string_view tokenDigest, std::int64_t now) override;

    class Pool; // connections (defined in the .cpp: libpq stays out of this header)

private:
    explicit PostgresCentralStore(std::unique_ptr<Pool> pool);

    std::unique_ptr<Pool> m_pool;
    int m_versionBeforeOpen = 0;
};

} // namespace madoguchi::central
