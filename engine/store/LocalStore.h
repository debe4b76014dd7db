// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Result.h"
#include "sqlite/Database.h"
#include "store/AuditEntry.h"
#include "store/EnrollmentRecord.h"
#include "store/OutboxItem.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::store {

// Everything one step of the flow makes durable, written in ONE transaction: the whole
// enrollment row, optionally an outbox message, and an audit row.
struct StepCommit {
    EnrollmentRecord enrollment;
    std::optional<OutboxDraft> outbox;
    AuditEvent audit;
    TimePoint at{};
};

// A registration whose resume locked after too many wrong passwords (the staff panel's list).
struct ResumeLock {
    std::string enrollmentUuid;
    std::string userId;
    TimePoint lockedAt{};
};

// Wrong resume passwords counted for one registration.
struct ResumeAttempts {
    std::int64_t failures = 0;           // in a row, since the last right password or unlock
    std::optional<TimePoint> lockedAt{}; // set once failures reached the cap
};

struct StepCommitted {
    std::optional<std::int64_t> outboxId;
    std::int64_t auditSeq = 0;
};

// The kiosk's local store over one SQLite file (WAL, synchronous=FULL, secure_delete: what
// is deleted or overwritten is zeroed, and a cleared resume verifier is also checkpointed
// out of the WAL, so neither free pages nor old frames keep it): when commitStep
// returns, the step survives a crash or a power cut; when it fails, nothing of it is
// visible. Not thread-safe: each thread (UI flow, sync worker) opens its own LocalStore on
// the same file; SQLite's locking and the busy timeout serialise the writers.
//
// The audit log is a hash chain; its head (last seq and hash) is kept in `kv` and updated
// in the same transaction as each audit row, so that removing the newest rows is detected
// as well as editing, removing or reordering any row. The chain is tamper-evident against
// edits that do not recompute every later hash; it is not a signature.
class LocalStore {
public:
    static Result<LocalStore> open(const std::filesystem::path& path,
                                   const sqlite::OpenOptions& options = {});

    LocalStore(LocalStore&&) noexcept = default;
    LocalStore& operator=(LocalStore&&) noexcept = default;

    // --- Enrollments -------------------------------------------------------------------
    // InvalidArgument for an empty uuid/state or a resume verifier that is not a PBKDF2
    // record (so a password can never be stored by mistake); StorageIo/StorageBusy/... when
    // the write fails, and then nothing of the step was written.
    Result<StepCommitted> commitStep(const StepCommit& step);
    Result<std::optional<EnrollmentRecord>> findEnrollment(std::string_view uuid);
    // The most recently updated enrollment of `userId` that has a resume verifier and has
    // not expired at `now`; nullopt if none.
    Result<std::optional<EnrollmentRecord>> findResumable(std::string_view userId, TimePoint now);
    // Drops resume verifiers whose time has passed; returns how many were dropped.
    Result<std::int64_t> forgetExpiredVerifiers(TimePoint now);

    // --- Resume guess limit (kept across restarts; only staff lift a lock) ----------------
    // NotFound for an unknown uuid.
    Result<ResumeAttempts> resumeAttempts(std::string_view uuid);
    // Counts a wrong resume password; at `maxFailures` in a row the resume locks. One
    // transaction with a "resume_refused" audit row (and "resume_locked" when it locks);
    // returns the count and lock after the write. NotFound for an unknown uuid.
    Result<ResumeAttempts> recordResumeFailure(std::string_view uuid, std::int64_t maxFailures,
                                               TimePoint at);
    // A wrong password for a user ID with nothing to resume: the same write as a known one
    // (an audit row that names no user ID), so the answer takes as long.
    Status recordUnknownResume(TimePoint at);
    // A right password: the count starts again. No write when nothing was counted.
    Status clearResumeFailures(std::string_view uuid);
    // Locked registrations that could still be resumed at `now`, oldest lock first.
    Result<std::vector<ResumeLock>> lockedResumes(TimePoint now);
    // Staff lift the lock: count and lock cleared with a "resume_unlocked" audit row, in one
    // transaction. NotFound for an unknown uuid, InvalidArgument when it is not locked.
    Status unlockResume(std::string_view uuid, TimePoint at);

    // --- Outbox --------------------------------------------------------------------------
    // Undelivered items due at `now`, oldest first.
    Result<std::vector<OutboxItem>> pendingOutbox(std::size_t limit, TimePoint now);
    Result<std::optional<OutboxItem>> findOutbox(std::int64_t id);
    // Idempotent; also writes an "outbox_delivered" audit row. NotFound for an unknown id.
    Status markDelivered(std::int64_t id, TimePoint at);
    // The same for several items in one transaction (one durable commit: a delivered batch).
    // Nothing is marked when one of them is unknown (NotFound).
    Status markDelivered(std::span<const std::int64_t> ids, TimePoint at);
    // Counts an attempt, keeps the error text (for staff; no secrets) and the retry time.
    Status markFailed(std::int64_t id, std::string_view error, TimePoint nextAttemptAt);
    // Staff put an undelivered item back in the queue: due at `at`, attempts and error
    // cleared, with an "outbox_requeued" audit row carrying `reason`, in one transaction.
    // NotFound for an unknown id, InvalidArgument for a delivered one.
    Status requeueOutbox(std::int64_t id, TimePoint at, std::string_view reason);
    Result<std::int64_t> outboxDepth(); // undelivered items
    Result<std::optional<TimePoint>> lastDeliveredAt();

    // --- Audit ---------------------------------------------------------------------------
    Result<std::int64_t> appendAudit(const AuditEvent& event, TimePoint at); // returns seq
    // AuditChainBroken with a detail starting "seq N:" naming the first bad row.
    Status verifyAuditChain();
    Result<std::vector<AuditEntry>> auditEntries(std::int64_t fromSeq, std::size_t limit);

    // --- Small settings (e.g. last sync time) ------------------------------------------
    Result<std::optional<std::string>> getValue(std::string_view key);
    // Keys starting with "audit." are the store's own and refused here.
    Status setValue(std::string_view key, std::string_view value);

    // PRAGMA quick_check; StorageCorrupt with SQLite's finding otherwise. For selftest.
    Status checkIntegrity();

    // The connection, for madoguchictl diagnostics and for tests that inject faults.
    sqlite::Database& database() { return m_db; }

private:
    explicit LocalStore(sqlite::Database db) : m_db(std::move(db)) {}
    Result<std::int64_t> appendAuditInTransaction(const AuditEvent& event, TimePoint at);
    Status markDeliveredInTransaction(std::int64_t id, TimePoint at);
    // After a resume verifier was cleared: checkpoints and truncates the WAL, which still
    // holds earlier images of the page. Best effort (a reader elsewhere can hold it up).
    void dropWalHistory();
    Status writeValue(std::string_view key, std::string_view value);

    sqlite::Database m_db;
};

} // namespace madoguchi::store
