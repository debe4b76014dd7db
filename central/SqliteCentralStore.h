// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "central/ICentralStore.h"
#include "sqlite/Database.h"

#include <filesystem>
#include <memory>
#include <mutex>

namespace madoguchi::central {

// ICentralStore on one SQLite connection (WAL, synchronous=FULL for a file) guarded by a
// mutex: the server's threads take turns, and each method is one transaction (a savepoint
// inside inOneTransaction).
class SqliteCentralStore final : public ICentralStore {
public:
    static Result<std::unique_ptr<SqliteCentralStore>> open(const std::filesystem::path& path);
    static Result<std::unique_ptr<SqliteCentralStore>> openInMemory();

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

private:
    explicit SqliteCentralStore(sqlite::Database db) : m_db(std::move(db)) {}
    static Result<std::unique_ptr<SqliteCentralStore>> migrate(sqlite::Database db);
    Result<std::int64_t> insertStaffItem(const StaffItem& item);
    // Inside a transaction: queues `enrollmentId`'s user for the Keycloak push; when it was
    // pushed already (a later second factor), raises a staff item instead.
    Status queuePushLocked(const std::string& enrollmentId, const std::string& kioskId,
                           const std::string& tempId, const std::string& userId, std::int64_t now);
    Status markDeliveryDone(const std::string& enrollmentId, const std::string& answer);
    Result<std::optional<RegistrationOutcome>>
    registrationRefusal(const EnrollmentRecord& enrollment, std::int64_t verifiedSince);

    // Recursive: the calls inside inOneTransaction take it again on the same thread.
    std::recursive_mutex m_mutex;
    sqlite::Database m_db;
    bool m_inOuterTransaction = false; // under m_mutex: each method's transaction is a savepoint
};

} // namespace madoguchi::central
