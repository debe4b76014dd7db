// SPDX-License-Identifier: Apache-2.0
#include "store/LocalStore.h"

#include "core/Hex.h"
#include "core/Log.h"
#include "core/Try.h"
#include "sqlite/Query.h"
#include "sqlite/Transaction.h"
#include "store/AuditHash.h"
#include "store/StoreSchema.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <fcntl.h>
#include <limits>
#include <sys/stat.h>
#include <unistd.h>

namespace madoguchi::store {

using sqlite::fromMs;
using sqlite::Row;
using sqlite::Statement;
using sqlite::StepResult;
using sqlite::toMs;
using sqlite::Transaction;

namespace {

constexpr std::string_view kReservedPrefix = "audit.";
constexpr std::string_view kHeadSeqKey = "audit.head_seq";
constexpr std::string_view kHeadHashKey = "audit.head_hash";

constexpr std::string_view kEnrollmentColumns =
    "uuid, created_at, updated_at, state, user_id, method, device_name, resume_verifier, "
    "resumable_until, otp_locked_at";
constexpr std::string_view kOutboxColumns =
    "id, enrollment_uuid, kind, payload, created_at, attempts, next_attempt_at, delivered_at, "
    "last_error";

std::optional<AuditDigest> fromHex(std::string_view hex) {
    AuditDigest digest{};
    if (hex.size() != digest.size() * 2) {
        return std::nullopt;
    }
    auto nibble = [](char c) -> int {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    };
    for (std::size_t i = 0; i < digest.size(); ++i) {
        int hi = nibble(hex[2 * i]);
        int lo = nibble(hex[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            return std::nullopt;
        }
        digest[i] = static_cast<std::uint8_t>((hi << 4) | lo);
    }
    return digest;
}

std::optional<AuditDigest> toDigest(const std::vector<std::uint8_t>& bytes) {
    AuditDigest digest{};
    if (bytes.size() != digest.size()) {
        return std::nullopt;
    }
    std::copy(bytes.begin(), bytes.end(), digest.begin());
    return digest;
}

// A PBKDF2 record "pbkdf2-sha256$<iterations>$<b64 salt>$<b64 hash>". Checked here so that
// a password handed over by mistake is refused rather than written to disk.
bool looksLikePbkdf2Record(std::string_view text) {
    std::array<std::string_view, 4> parts;
    std::size_t count = 0;
    std::size_t start = 0;
    while (count < parts.size()) {
        std::size_t end = text.find('$', start);
        parts[count++] = text.substr(start, end == std::string_view::npos ? end : end - start);
        if (end == std::string_view::npos) {
            break;
        }
        start = end + 1;
        if (count == parts.size()) {
            return false; // a fifth part
        }
    }
    if (count != parts.size()) {
        return false;
    }
    if (parts[0] != "pbkdf2-sha256" && parts[0] != "pbkdf2-sha512") {
        return false;
    }
    auto isDigit = [](char c) {
        return c >= '0' && c <= '9';
    };
    auto isBase64 = [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               c == '+' || c == '/' || c == '=';
    };
    return !parts[1].empty() && std::all_of(parts[1].begin(), parts[1].end(), isDigit) &&
           !parts[2].empty() && std::all_of(parts[2].begin(), parts[2].end(), isBase64) &&
           !parts[3].empty() && std::all_of(parts[3].begin(), parts[3].end(), isBase64);
}

// Empty text is kept as NULL (not chosen yet).
std::optional<std::string> nullIfEmpty(const std::string& value) {
    return value.empty() ? std::nullopt : std::optional<std::string>(value);
}

// The columns of kEnrollmentColumns, in that order.
EnrollmentRecord readEnrollment(Row& row) {
    EnrollmentRecord r;
    r.uuid = row.text();
    r.createdAt = row.time();
    r.updatedAt = row.time();
    r.state = row.text();
    r.userId = row.text();
    r.method = row.text();
    r.deviceName = row.text();
    r.resumeVerifier = row.text();
    r.resumableUntil = row.optionalTime();
    r.otpLockedAt = row.optionalTime();
    return r;
}

OutboxItem readOutbox(const Statement& stmt) {
    OutboxItem item;
    item.id = stmt.columnInt64(0);
    item.enrollmentUuid = stmt.columnText(1);
    item.kind = stmt.columnText(2);
    item.payload = stmt.columnBlob(3);
    item.createdAt = fromMs(stmt.columnInt64(4));
    item.attempts = stmt.columnInt64(5);
    item.nextAttemptAt = fromMs(stmt.columnInt64(6));
    if (!stmt.columnIsNull(7)) {
        item.deliveredAt = fromMs(stmt.columnInt64(7));
    }
    item.lastError = stmt.columnText(8);
    return item;
}

std::optional<std::int64_t> parseSeq(std::string_view text) {
    std::int64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < 0) {
        return std::nullopt;
    }
    return value;
}

Error chainBroken(std::int64_t seq, std::string_view what) {
    return Error{ErrorCode::AuditChainBroken,
                 "seq " + std::to_string(seq) + ": " + std::string(what)};
}

// Creates `path` 0600 if it does not exist (O_EXCL: never through someone else's file); an
// existing file of ours that others can read is narrowed to 0600 (a kiosk of an earlier
// version created it with the umask).
Status createOwnerOnly(const std::filesystem::path& path) {
    const std::string name = path.string();
    if (name.empty() || name == ":memory:" || name.starts_with("file:")) {
        return {}; // not a file of ours
    }
    const int fd = ::open(path.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd >= 0) {
        ::close(fd);
        return {};
    }
    if (errno != EEXIST) {
        return Error{ErrorCode::StorageOpenFailed, "cannot create " + path.string()};
    }
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == ::geteuid() &&
        (st.st_mode & 077) != 0) {
        if (::chmod(path.c_str(), 0600) != 0) {
            return Error{ErrorCode::StorageOpenFailed, "cannot make " + path.string() + " 0600"};
        }
        for (const char* suffix : {"-wal", "-shm"}) {
            const std::string side = path.string() + suffix;
            if (::stat(side.c_str(), &st) == 0 && st.st_uid == ::geteuid()) {
                (void)::chmod(side.c_str(), 0600);
            }
        }
        logger()->warn("store: {} was readable by others; now 0600", path.string());
    }
    return {};
}

} // namespace

Result<LocalStore> LocalStore::open(const std::filesystem::path& path,
                                    const sqlite::OpenOptions& options) {
    // The file holds resume verifiers and sealed results: owner-only whatever the umask.
    // SQLite gives the -wal and -shm files the database file's permissions.
    if (!options.readOnly && options.create) {
        if (Status owned = createOwnerOnly(path); !owned) {
            return owned.error();
        }
    }
    Result<sqlite::Database> db = sqlite::Database::open(path, options);
    if (!db) {
        return db.error();
    }
    if (!options.readOnly) {
        if (Result<int> migrated = StoreSchema::migrations().apply(*db); !migrated) {
            return migrated.error();
        }
    } else {
        Result<int> version = sqlite::Migrations::currentVersion(*db);
        if (!version) {
            return version.error();
        }
        if (*version != StoreSchema::migrations().latestVersion()) {
            return Error{*version > StoreSchema::migrations().latestVersion()
                             ? ErrorCode::StorageSchemaTooNew
                             : ErrorCode::StorageMigrationFailed,
                         "read-only store has schema version " + std::to_string(*version)};
        }
    }
    // Deleted and overwritten content (a cleared resume verifier) is zeroed in the file,
    // not left in free space for anyone who reads the disk.
    if (Status secure = db->exec("PRAGMA secure_delete=ON"); !secure) {
        return secure.error();
    }
    if (Result<std::int64_t> on = db->queryInt64("PRAGMA secure_delete"); !on || *on != 1) {
        return Error{ErrorCode::StorageOpenFailed, "secure_delete could not be enabled"};
    }
    return LocalStore(std::move(db).value());
}

// ---- Enrollments ----------------------------------------------------------------------

Result<StepCommitted> LocalStore::commitStep(const StepCommit& step) {
    const EnrollmentRecord& e = step.enrollment;
    if (e.uuid.empty() || e.state.empty()) {
        return Error{ErrorCode::InvalidArgument, "commitStep: enrollment needs uuid and state"};
    }
    if (!e.resumeVerifier.empty() && !looksLikePbkdf2Record(e.resumeVerifier)) {
        return Error{ErrorCode::InvalidArgument,
                     "commitStep: resume verifier is not a PBKDF2 record"};
    }
    if (!e.resumeVerifier.empty() && !e.resumableUntil) {
        return Error{ErrorCode::InvalidArgument, "commitStep: resume verifier without expiry"};
    }
    if (step.outbox && step.outbox->kind.empty()) {
        return Error{ErrorCode::InvalidArgument, "commitStep: outbox item needs a kind"};
    }

    MADOGUCHI_TRY_ASSIGN(auto tx, Transaction::begin(m_db));
    bool dropsVerifier = false;
    if (e.resumeVerifier.empty()) {
        MADOGUCHI_TRY_ASSIGN(auto had,
                             sqlite::prepareBound(m_db,
                                                  "SELECT 1 FROM enrollments WHERE uuid = ? AND "
                                                  "resume_verifier IS NOT NULL",
                                                  e.uuid));
        MADOGUCHI_TRY_ASSIGN(const StepResult row, had.step());
        dropsVerifier = row == StepResult::Row;
    }
    MADOGUCHI_TRY(sqlite::execute(
        m_db,
        "INSERT INTO enrollments (uuid, created_at, updated_at, state, user_id, method, "
        "device_name, resume_verifier, resumable_until, otp_locked_at) VALUES (?, ?, ?, ?, ?, ?, "
        "?, ?, ?, ?) ON CONFLICT(uuid) DO UPDATE SET updated_at = excluded.updated_at, "
        "state = excluded.state, user_id = excluded.user_id, method = excluded.method, "
        "device_name = excluded.device_name, resume_verifier = excluded.resume_verifier, "
        "resumable_until = excluded.resumable_until, otp_locked_at = excluded.otp_locked_at",
        e.uuid, e.createdAt, e.updatedAt, e.state, nullIfEmpty(e.userId), nullIfEmpty(e.method),
        nullIfEmpty(e.deviceName), nullIfEmpty(e.resumeVerifier), e.resumableUntil, e.otpLockedAt));

    StepCommitted committed;
    if (step.outbox) {
        MADOGUCHI_TRY(sqlite::execute(
            m_db,
            "INSERT INTO outbox (enrollment_uuid, kind, payload, created_at, attempts, "
            "next_attempt_at) VALUES (?1, ?2, ?3, ?4, 0, ?4)",
            e.uuid, step.outbox->kind, std::span<const std::uint8_t>(step.outbox->payload),
            step.at));
        committed.outboxId = m_db.lastInsertRowId();
    }

    MADOGUCHI_TRY_ASSIGN(committed.auditSeq, appendAuditInTransaction(step.audit, step.at));
    MADOGUCHI_TRY(tx.commit());
    if (dropsVerifier) {
        dropWalHistory();
    }
    return committed;
}

Result<std::optional<EnrollmentRecord>> LocalStore::findEnrollment(std::string_view uuid) {
    MADOGUCHI_TRY_ASSIGN(auto select,
                         sqlite::prepareBound(m_db,
                                              "SELECT " + std::string(kEnrollmentColumns) +
                                                  " FROM enrollments WHERE uuid = ?",
                                              uuid));
    return sqlite::readOne(select, readEnrollment);
}

Result<std::optional<EnrollmentRecord>> LocalStore::findResumable(std::string_view userId,
                                                                  TimePoint now) {
    MADOGUCHI_TRY_ASSIGN(
        auto select,
        sqlite::prepareBound(m_db,
                             "SELECT " + std::string(kEnrollmentColumns) +
                                 " FROM enrollments WHERE user_id = ?1 AND resume_verifier IS "
                                 "NOT NULL AND resumable_until > ?2 ORDER BY updated_at DESC, "
                                 "rowid DESC LIMIT 1",
                             userId, now));
    return sqlite::readOne(select, readEnrollment);
}

Result<std::int64_t> LocalStore::forgetExpiredVerifiers(TimePoint now) {
    MADOGUCHI_TRY(sqlite::execute(m_db,
                                  "UPDATE enrollments SET resume_verifier = NULL WHERE "
                                  "resume_verifier IS NOT NULL AND resumable_until <= ?",
                                  now));
    const std::int64_t dropped = m_db.changes();
    if (dropped > 0) {
        dropWalHistory();
    }
    return dropped;
}

// ---- Resume guess limit ----------------------------------------------------------------

Result<ResumeAttempts> LocalStore::resumeAttempts(std::string_view uuid) {
    MADOGUCHI_TRY_ASSIGN(
        auto select,
        sqlite::prepareBound(
            m_db, "SELECT resume_failures, resume_locked_at FROM enrollments WHERE uuid = ?",
            uuid));
    MADOGUCHI_TRY_ASSIGN(auto attempts, sqlite::readOne(select, [](Row& row) {
                             return ResumeAttempts{row.int64(), row.optionalTime()};
                         }));
    if (!attempts) {
        return Error{ErrorCode::NotFound, "enrollment " + std::string(uuid)};
    }
    return *attempts;
}

Result<ResumeAttempts> LocalStore::recordResumeFailure(std::string_view uuid,
                                                       std::int64_t maxFailures, TimePoint at) {
    MADOGUCHI_TRY_ASSIGN(auto tx, Transaction::begin(m_db));
    MADOGUCHI_TRY_ASSIGN(const ResumeAttempts before, resumeAttempts(uuid));
    // Inside the write transaction: two connections counting at once cannot lose a failure.
    MADOGUCHI_TRY(sqlite::execute(
        m_db,
        "UPDATE enrollments SET resume_failures = resume_failures + 1, "
        "resume_locked_at = CASE WHEN resume_locked_at IS NULL AND resume_failures + 1 >= ?2 "
        "THEN ?3 ELSE resume_locked_at END WHERE uuid = ?1",
        uuid, std::max<std::int64_t>(maxFailures, 1), at));
    MADOGUCHI_TRY_ASSIGN(ResumeAttempts after, resumeAttempts(uuid));
    const std::string count = "failures=" + std::to_string(after.failures);
    MADOGUCHI_TRY(
        appendAuditInTransaction(AuditEvent{"resume_refused", std::string(uuid), count}, at));
    // The row that locks it (not every later refusal of a locked resume).
    if (!before.lockedAt && after.lockedAt) {
        MADOGUCHI_TRY(
            appendAuditInTransaction(AuditEvent{"resume_locked", std::string(uuid),
                                                "max_attempts=" + std::to_string(maxFailures)},
                                     at));
    }
    MADOGUCHI_TRY(tx.commit());
    return after;
}

Status LocalStore::recordUnknownResume(TimePoint at) {
    MADOGUCHI_TRY_ASSIGN(auto tx, Transaction::begin(m_db));
    // Never the typed user ID: it may be a password typed into the wrong field.
    MADOGUCHI_TRY(appendAuditInTransaction(
        AuditEvent{"resume_refused", "-", "no resumable registration"}, at));
    return tx.commit();
}

Status LocalStore::clearResumeFailures(std::string_view uuid) {
    return sqlite::execute(m_db,
                           "UPDATE enrollments SET resume_failures = 0 WHERE uuid = ? AND "
                           "resume_failures != 0 AND resume_locked_at IS NULL",
                           uuid);
}

Result<std::vector<ResumeLock>> LocalStore::lockedResumes(TimePoint now) {
    MADOGUCHI_TRY_ASSIGN(
        auto select,
        sqlite::prepareBound(m_db,
                             "SELECT uuid, user_id, resume_locked_at FROM enrollments WHERE "
                             "resume_locked_at IS NOT NULL AND resume_verifier IS NOT NULL AND "
                             "resumable_until > ? ORDER BY resume_locked_at, rowid",
                             now));
    return sqlite::readAll(select, [](Row& row) {
        ResumeLock lock;
        lock.enrollmentUuid = row.text();
        lock.userId = row.text();
        lock.lockedAt = row.time();
        return lock;
    });
}

Status LocalStore::unlockResume(std::string_view uuid, TimePoint at) {
    MADOGUCHI_TRY_ASSIGN(auto tx, Transaction::begin(m_db));
    MADOGUCHI_TRY_ASSIGN(const ResumeAttempts before, resumeAttempts(uuid));
    if (!before.lockedAt) {
        return Error{ErrorCode::InvalidArgument, "resume of " + std::string(uuid) + " not locked"};
    }
    MADOGUCHI_TRY(sqlite::execute(
        m_db, "UPDATE enrollments SET resume_failures = 0, resume_locked_at = NULL WHERE uuid = ?",
        uuid));
    MADOGUCHI_TRY(appendAuditInTransaction(
        AuditEvent{"resume_unlocked", std::string(uuid),
                   "by staff after failures=" + std::to_string(before.failures)},
        at));
    return tx.commit();
}

void LocalStore::dropWalHistory() {
    Result<Statement> checkpoint = m_db.prepare("PRAGMA wal_checkpoint(TRUNCATE)");
    Result<StepResult> row =
        checkpoint ? checkpoint->step() : Result<StepResult>(checkpoint.error());
    // The first column is 1 when another connection kept the checkpoint from finishing.
    if (!row || *row != StepResult::Row || checkpoint->columnInt64(0) != 0) {
        logger()->debug("store: WAL still in use; earlier pages leave it at the next checkpoint");
    }
}

// ---- Outbox ---------------------------------------------------------------------------

Result<std::vector<OutboxItem>> LocalStore::pendingOutbox(std::size_t limit, TimePoint now) {
    Result<Statement> select =
        m_db.prepare("SELECT " + std::string(kOutboxColumns) +
                     " FROM outbox WHERE delivered_at IS NULL AND next_attempt_at <= ?1"
                     " ORDER BY id LIMIT ?2");
    if (!select) {
        return select.error();
    }
    auto cappedLimit = static_cast<std::int64_t>(
        std::min<std::size_t>(limit, static_cast<std::size_t>(std::numeric_limits<int>::max())));
    if (Status b = select->bind(1, toMs(now)); !b) {
        return b.error();
    }
    if (Status b = select->bind(2, cappedLimit); !b) {
        return b.error();
    }
    std::vector<OutboxItem> items;
    for (;;) {
        Result<StepResult> row = select->step();
        if (!row) {
            return row.error();
        }
        if (*row == StepResult::Done) {
            break;
        }
        items.push_back(readOutbox(*select));
    }
    return items;
}

Result<std::optional<OutboxItem>> LocalStore::findOutbox(std::int64_t id) {
    Result<Statement> select =
        m_db.prepare("SELECT " + std::string(kOutboxColumns) + " FROM outbox WHERE id = ?");
    if (!select) {
        return select.error();
    }
    if (Status b = select->bind(1, id); !b) {
        return b.error();
    }
    Result<StepResult> row = select->step();
    if (!row) {
        return row.error();
    }
    if (*row == StepResult::Done) {
        return std::optional<OutboxItem>();
    }
    return std::optional<OutboxItem>(readOutbox(*select));
}

Status LocalStore::markDelivered(std::int64_t id, TimePoint at) {
    return markDelivered(std::span<const std::int64_t>(&id, 1), at);
}

Status LocalStore::markDelivered(std::span<const std::int64_t> ids, TimePoint at) {
    Result<Transaction> tx = Transaction::begin(m_db);
    if (!tx) {
        return tx.error();
    }
    for (const std::int64_t id : ids) {
        if (Status marked = markDeliveredInTransaction(id, at); !marked) {
            return marked; // the transaction rolls back
        }
    }
    return tx->commit();
}

Status LocalStore::markDeliveredInTransaction(std::int64_t id, TimePoint at) {
    Result<std::optional<OutboxItem>> item = findOutbox(id);
    if (!item) {
        return item.error();
    }
    if (!item->has_value()) {
        return Error{ErrorCode::NotFound, "outbox item " + std::to_string(id)};
    }
    if ((*item)->deliveredAt) {
        return {}; // delivered before; the first time counts
    }
    Result<Statement> update = m_db.prepare("UPDATE outbox SET delivered_at = ?1 WHERE id = ?2");
    if (!update) {
        return update.error();
    }
    if (Status b = update->bind(1, toMs(at)); !b) {
        return b;
    }
    if (Status b = update->bind(2, id); !b) {
        return b;
    }
    if (Status ran = update->run(); !ran) {
        return ran;
    }
    AuditEvent event{"outbox_delivered", (*item)->enrollmentUuid,
                     (*item)->kind + " id=" + std::to_string(id)};
    if (Result<std::int64_t> seq = appendAuditInTransaction(event, at); !seq) {
        return seq.error();
    }
    return {};
}

Status LocalStore::markFailed(std::int64_t id, std::string_view error, TimePoint nextAttemptAt) {
    Result<Statement> update = m_db.prepare(
        "UPDATE outbox SET attempts = attempts + 1, last_error = ?1, next_attempt_at = ?2 "
        "WHERE id = ?3 AND delivered_at IS NULL");
    if (!update) {
        return update.error();
    }
    if (Status b = update->bind(1, error); !b) {
        return b;
    }
    if (Status b = update->bind(2, toMs(nextAttemptAt)); !b) {
        return b;
    }
    if (Status b = update->bind(3, id); !b) {
        return b;
    }
    if (Status ran = update->run(); !ran) {
        return ran;
    }
    if (m_db.changes() == 0) {
        Result<std::optional<OutboxItem>> item = findOutbox(id);
        if (!item) {
            return item.error();
        }
        if (!item->has_value()) {
            return Error{ErrorCode::NotFound, "outbox item " + std::to_string(id)};
        }
        // Already delivered: a late failure report from a retry that raced; nothing to do.
    }
    return {};
}

Status LocalStore::requeueOutbox(std::int64_t id, TimePoint at, std::string_view reason) {
    Result<Transaction> tx = Transaction::begin(m_db);
    if (!tx) {
        return tx.error();
    }
    Result<std::optional<OutboxItem>> item = findOutbox(id);
    if (!item) {
        return item.error();
    }
    if (!item->has_value()) {
        return Error{ErrorCode::NotFound, "outbox item " + std::to_string(id)};
    }
    if ((*item)->deliveredAt) {
        return Error{ErrorCode::InvalidArgument,
                     "outbox item " + std::to_string(id) + " was delivered"};
    }
    Result<Statement> update = m_db.prepare(
        "UPDATE outbox SET attempts = 0, last_error = NULL, next_attempt_at = ?1 WHERE id = ?2");
    if (!update) {
        return update.error();
    }
    if (Status b = update->bind(1, toMs(at)); !b) {
        return b;
    }
    if (Status b = update->bind(2, id); !b) {
        return b;
    }
    if (Status ran = update->run(); !ran) {
        return ran;
    }
    std::string detail = (*item)->kind + " id=" + std::to_string(id);
    if (!reason.empty()) {
        detail += " " + std::string(reason);
    }
    AuditEvent event{"outbox_requeued", (*item)->enrollmentUuid, std::move(detail)};
    if (Result<std::int64_t> seq = appendAuditInTransaction(event, at); !seq) {
        return seq.error();
    }
    return tx->commit();
}

Result<std::int64_t> LocalStore::outboxDepth() {
    return m_db.queryInt64("SELECT count(*) FROM outbox WHERE delivered_at IS NULL");
}

Result<std::optional<TimePoint>> LocalStore::lastDeliveredAt() {
    Result<Statement> select = m_db.prepare("SELECT max(delivered_at) FROM outbox");
    if (!select) {
        return select.error();
    }
    Result<StepResult> row = select->step();
    if (!row) {
        return row.error();
    }
    if (*row == StepResult::Done || select->columnIsNull(0)) {
        return std::optional<TimePoint>();
    }
    return std::optional<TimePoint>(fromMs(select->columnInt64(0)));
}

// ---- Audit ----------------------------------------------------------------------------

Result<std::int64_t> LocalStore::appendAudit(const AuditEvent& event, TimePoint at) {
    Result<Transaction> tx = Transaction::begin(m_db);
    if (!tx) {
        return tx.error();
    }
    Result<std::int64_t> seq = appendAuditInTransaction(event, at);
    if (!seq) {
        return seq.error();
    }
    if (Status done = tx->commit(); !done) {
        return done.error();
    }
    return *seq;
}

Result<std::int64_t> LocalStore::appendAuditInTransaction(const AuditEvent& event, TimePoint at) {
    if (event.kind.empty()) {
        return Error{ErrorCode::InvalidArgument, "audit event needs a kind"};
    }
    std::int64_t headSeq = 0;
    AuditDigest headHash{};
    Result<std::optional<std::string>> storedSeq = getValue(kHeadSeqKey);
    if (!storedSeq) {
        return storedSeq.error();
    }
    Result<std::optional<std::string>> storedHash = getValue(kHeadHashKey);
    if (!storedHash) {
        return storedHash.error();
    }
    if (storedSeq->has_value() != storedHash->has_value()) {
        return chainBroken(0, "head is half recorded");
    }
    if (storedSeq->has_value()) {
        std::optional<AuditDigest> parsed = fromHex(**storedHash);
        std::optional<std::int64_t> parsedSeq = parseSeq(**storedSeq);
        if (!parsed || !parsedSeq) {
            return chainBroken(0, "head is unreadable");
        }
        headSeq = *parsedSeq;
        headHash = *parsed;
    }
    std::int64_t seq = headSeq + 1;
    Result<AuditDigest> hash = AuditHash::compute(headHash, seq, toMs(at), event);
    if (!hash) {
        return hash.error();
    }
    Result<Statement> insert =
        m_db.prepare("INSERT INTO audit (seq, at, kind, subject, detail, prev_hash, hash) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?)");
    if (!insert) {
        return insert.error();
    }
    Status bound;
    for (Status s : {insert->bind(1, seq), insert->bind(2, toMs(at)),
                     insert->bind(3, std::string_view(event.kind)),
                     insert->bind(4, std::string_view(event.subject)),
                     insert->bind(5, std::string_view(event.detail)),
                     insert->bind(6, std::span<const std::uint8_t>(headHash)),
                     insert->bind(7, std::span<const std::uint8_t>(*hash))}) {
        if (!s && bound) {
            bound = s;
        }
    }
    if (!bound) {
        return bound.error();
    }
    if (Status ran = insert->run(); !ran) {
        return ran.error();
    }
    if (Status s = writeValue(kHeadSeqKey, std::to_string(seq)); !s) {
        return s.error();
    }
    if (Status s = writeValue(kHeadHashKey, toHex(*hash)); !s) {
        return s.error();
    }
    return seq;
}

Status LocalStore::verifyAuditChain() {
    Result<Statement> select = m_db.prepare(
        "SELECT seq, at, kind, subject, detail, prev_hash, hash FROM audit ORDER BY seq");
    if (!select) {
        return select.error();
    }
    std::int64_t expected = 1;
    AuditDigest prev{};
    for (;; ++expected) {
        Result<StepResult> row = select->step();
        if (!row) {
            return row.error();
        }
        if (*row == StepResult::Done) {
            break;
        }
        std::int64_t seq = select->columnInt64(0);
        if (seq != expected) {
            return chainBroken(expected,
                               "row missing (next row is seq " + std::to_string(seq) + ")");
        }
        AuditEvent event{select->columnText(2), select->columnText(3), select->columnText(4)};
        std::optional<AuditDigest> storedPrev = toDigest(select->columnBlob(5));
        std::optional<AuditDigest> storedHash = toDigest(select->columnBlob(6));
        if (!storedPrev || !storedHash) {
            return chainBroken(seq, "hash has the wrong size");
        }
        if (*storedPrev != prev) {
            return chainBroken(seq, "prev_hash does not match the previous row");
        }
        Result<AuditDigest> computed = AuditHash::compute(prev, seq, select->columnInt64(1), event);
        if (!computed) {
            return computed.error();
        }
        if (*computed != *storedHash) {
            return chainBroken(seq, "content does not match its hash");
        }
        prev = *storedHash;
    }
    std::int64_t last = expected - 1;

    Result<std::optional<std::string>> headSeqText = getValue(kHeadSeqKey);
    if (!headSeqText) {
        return headSeqText.error();
    }
    Result<std::optional<std::string>> headHashText = getValue(kHeadHashKey);
    if (!headHashText) {
        return headHashText.error();
    }
    if (!headSeqText->has_value() || !headHashText->has_value()) {
        if (last == 0) {
            return {}; // an empty log with no head: nothing was ever written
        }
        return chainBroken(1, "rows exist but no head is recorded");
    }
    std::optional<std::int64_t> parsedSeq = parseSeq(**headSeqText);
    if (!parsedSeq) {
        return chainBroken(last + 1, "head seq is unreadable");
    }
    std::int64_t headSeq = *parsedSeq;
    if (headSeq > last) {
        return chainBroken(last + 1, "row missing: the log ends at seq " + std::to_string(last) +
                                         " but the head is seq " + std::to_string(headSeq));
    }
    if (headSeq < last) {
        return chainBroken(headSeq + 1, "row was added outside the store");
    }
    std::optional<AuditDigest> headHash = fromHex(**headHashText);
    if (!headHash || *headHash != prev) {
        return chainBroken(last, "does not match the recorded head hash");
    }
    return {};
}

Result<std::vector<AuditEntry>> LocalStore::auditEntries(std::int64_t fromSeq, std::size_t limit) {
    Result<Statement> select =
        m_db.prepare("SELECT seq, at, kind, subject, detail, prev_hash, hash FROM audit "
                     "WHERE seq >= ?1 ORDER BY seq LIMIT ?2");
    if (!select) {
        return select.error();
    }
    auto cappedLimit = static_cast<std::int64_t>(
        std::min<std::size_t>(limit, static_cast<std::size_t>(std::numeric_limits<int>::max())));
    if (Status b = select->bind(1, fromSeq); !b) {
        return b.error();
    }
    if (Status b = select->bind(2, cappedLimit); !b) {
        return b.error();
    }
    std::vector<AuditEntry> entries;
    for (;;) {
        Result<StepResult> row = select->step();
        if (!row) {
            return row.error();
        }
        if (*row == StepResult::Done) {
            break;
        }
        AuditEntry entry;
        entry.seq = select->columnInt64(0);
        entry.at = fromMs(select->columnInt64(1));
        entry.event = {select->columnText(2), select->columnText(3), select->columnText(4)};
        entry.prevHash = toDigest(select->columnBlob(5)).value_or(AuditDigest{});
        entry.hash = toDigest(select->columnBlob(6)).value_or(AuditDigest{});
        entries.push_back(std::move(entry));
    }
    return entries;
}

// ---- Settings -------------------------------------------------------------------------

Result<std::optional<std::string>> LocalStore::getValue(std::string_view key) {
    Result<Statement> select = m_db.prepare("SELECT value FROM kv WHERE key = ?");
    if (!select) {
        return select.error();
    }
    if (Status b = select->bind(1, key); !b) {
        return b.error();
    }
    Result<StepResult> row = select->step();
    if (!row) {
        return row.error();
    }
    if (*row == StepResult::Done) {
        return std::optional<std::string>();
    }
    return std::optional<std::string>(select->columnText(0));
}

Status LocalStore::setValue(std::string_view key, std::string_view value) {
    if (key.starts_with(kReservedPrefix)) {
        return Error{ErrorCode::InvalidArgument, "kv key is reserved: " + std::string(key)};
    }
    return writeValue(key, value);
}

Status LocalStore::writeValue(std::string_view key, std::string_view value) {
    Result<Statement> upsert = m_db.prepare(
        "INSERT INTO kv (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = ?2");
    if (!upsert) {
        return upsert.error();
    }
    if (Status b = upsert->bind(1, key); !b) {
        return b;
    }
    if (Status b = upsert->bind(2, value); !b) {
        return b;
    }
    return upsert->run();
}

Status LocalStore::checkIntegrity() {
    Result<std::string> verdict = m_db.queryText("PRAGMA quick_check");
    if (!verdict) {
        return verdict.error();
    }
    if (*verdict != "ok") {
        return Error{ErrorCode::StorageCorrupt, "quick_check: " + *verdict};
    }
    return {};
}

} // namespace madoguchi::store
