// SPDX-License-Identifier: Apache-2.0
#include "central/SqliteCentralStore.h"

#include "core/Try.h"
#include "sqlite/Migrations.h"
#include "sqlite/Statement.h"
#include "sqlite/Transaction.h"

#include <fcntl.h>
#include <unistd.h>

namespace madoguchi::central {

namespace {

constexpr const char* kSchemaV1 = R"SQL(
CREATE TABLE roster (
    temp_id       TEXT PRIMARY KEY,
    verifier      TEXT NOT NULL,
    kana_name     TEXT NOT NULL,
    member_number TEXT NOT NULL,
    imported_at   INTEGER NOT NULL,
    enrolled_at   INTEGER
);
CREATE TABLE temp_attempts (
    temp_id    TEXT PRIMARY KEY,
    attempts   INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE TABLE sessions (
    token_digest TEXT PRIMARY KEY,
    temp_id      TEXT NOT NULL,
    kiosk_id     TEXT NOT NULL,
    expires_at   INTEGER NOT NULL
);
CREATE TABLE deliveries (
    enrollment_id TEXT PRIMARY KEY,
    body_sha256   TEXT NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('in_flight', 'done')),
    claimed_at    INTEGER NOT NULL,
    answer        TEXT
);
CREATE TABLE enrollments (
    enrollment_id TEXT PRIMARY KEY REFERENCES deliveries(enrollment_id),
    kiosk_id      TEXT NOT NULL,
    temp_id       TEXT NOT NULL,
    user_id       TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('accepted', 'user_id_conflict')),
    envelope      BLOB NOT NULL,
    result_json   TEXT NOT NULL,
    received_at   INTEGER NOT NULL
);
CREATE TABLE user_ids (
    user_id       TEXT PRIMARY KEY,
    enrollment_id TEXT NOT NULL UNIQUE REFERENCES enrollments(enrollment_id)
);
CREATE TABLE staff_items (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at    INTEGER NOT NULL,
    kind          TEXT NOT NULL,
    enrollment_id TEXT NOT NULL DEFAULT '',
    kiosk_id      TEXT NOT NULL DEFAULT '',
    temp_id       TEXT NOT NULL DEFAULT '',
    user_id       TEXT NOT NULL DEFAULT '',
    detail        TEXT NOT NULL,
    resolved      INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE handoffs (
    token_digest  TEXT PRIMARY KEY,
    enrollment_id TEXT NOT NULL,
    kiosk_id      TEXT NOT NULL,
    temp_id       TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL,
    confirmed_at  INTEGER
);
)SQL";

// Two-stage delivery: a registration (stage column) and the second factors attached to it.
// A superseded binding stays as history with superseded_by set.
constexpr const char* kSchemaV2 = R"SQL(
ALTER TABLE enrollments ADD COLUMN stage TEXT NOT NULL DEFAULT 'complete'
    CHECK (stage IN ('complete', 'registration'));
CREATE TABLE second_factors (
    enrollment_id   TEXT PRIMARY KEY REFERENCES deliveries(enrollment_id),
    registration_id TEXT NOT NULL REFERENCES enrollments(enrollment_id),
    kiosk_id        TEXT NOT NULL,
    temp_id         TEXT NOT NULL,
    user_id         TEXT NOT NULL,
    method          TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('accepted', 'user_id_conflict')),
    envelope        BLOB NOT NULL,
    result_json     TEXT NOT NULL,
    received_at     INTEGER NOT NULL,
    superseded_by   TEXT
);
CREATE INDEX second_factors_by_registration ON second_factors (registration_id, method);
)SQL";

// Proof of a verified login: every successful temp-credential verification, and which
// registration used it. A registration names its session (session_id).
constexpr const char* kSchemaV3 = R"SQL(
CREATE TABLE verifications (
    session_id      TEXT PRIMARY KEY,
    temp_id         TEXT NOT NULL,
    kiosk_id        TEXT NOT NULL,
    verified_at     INTEGER NOT NULL,
    registration_id TEXT
);
ALTER TABLE enrollments ADD COLUMN session_id TEXT NOT NULL DEFAULT '';
CREATE INDEX enrollments_by_temp_id ON enrollments (temp_id);
)SQL";

// Only the sealed envelope is kept (opened in memory at export): the opened copies that
// earlier versions kept beside it are wiped (secure_delete zeroes the freed bytes).
constexpr const char* kSchemaV4 = R"SQL(
UPDATE enrollments SET result_json = '' WHERE result_json <> '';
UPDATE second_factors SET result_json = '' WHERE result_json <> '';
)SQL";

// The Keycloak push queue: one row per user to push, written with the acceptance.
constexpr const char* kSchemaV5 = R"SQL(
CREATE TABLE keycloak_push (
    enrollment_id   TEXT PRIMARY KEY REFERENCES enrollments(enrollment_id),
    state           TEXT NOT NULL CHECK (state IN ('pending', 'done', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error      TEXT NOT NULL DEFAULT '',
    queued_at       INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX keycloak_push_due ON keycloak_push (state, next_attempt_at);
)SQL";

// Staff actions from kiosks (unlocks from the staff panel): the audit and the replay guard.
constexpr const char* kSchemaV6 = R"SQL(
CREATE TABLE staff_actions (
    action_id  TEXT PRIMARY KEY,
    kiosk_id   TEXT NOT NULL,
    kind       TEXT NOT NULL,
    temp_id    TEXT NOT NULL,
    done_at    INTEGER NOT NULL,
    outcome    TEXT NOT NULL
);
CREATE INDEX staff_actions_by_kiosk ON staff_actions (kiosk_id, done_at);
)SQL";

// Runs `body` inside one IMMEDIATE transaction and commits it; rolls back on error. Inside
// an outer transaction (`nested`), a savepoint instead: on error only `body`'s writes go.
template <class T, class F>
Result<T> inTransaction(sqlite::Database& db, bool nested, F&& body) {
    if (nested) {
        if (auto saved = db.exec("SAVEPOINT store_call"); !saved) {
            return saved.error();
        }
        Result<T> result = body();
        if (!result) {
            (void)db.exec("ROLLBACK TO store_call");
        }
        if (auto released = db.exec("RELEASE store_call"); !released && result) {
            return released.error();
        }
        return result;
    }
    auto tx = sqlite::Transaction::begin(db);
    if (!tx) {
        return tx.error();
    }
    Result<T> result = body();
    if (!result) {
        return result;
    }
    if (auto committed = tx->commit(); !committed) {
        return committed.error();
    }
    return result;
}

std::optional<std::int64_t> optionalInt(const sqlite::Statement& s, int column) {
    if (s.columnIsNull(column)) {
        return std::nullopt;
    }
    return s.columnInt64(column);
}

} // namespace

Result<std::unique_ptr<SqliteCentralStore>> SqliteCentralStore::migrate(sqlite::Database db) {
    // Deleted and overwritten content (spent sessions, wiped results) is zeroed on disk.
    if (auto secure = db.exec("PRAGMA secure_delete = ON"); !secure) {
        return secure.error();
    }
    sqlite::Migrations migrations;
    migrations.add(1, kSchemaV1);
    migrations.add(2, kSchemaV2);
    migrations.add(3, kSchemaV3);
    migrations.add(4, kSchemaV4);
    migrations.add(5, kSchemaV5);
    migrations.add(6, kSchemaV6);
    if (auto applied = migrations.apply(db); !applied) {
        return applied.error();
    }
    return std::unique_ptr<SqliteCentralStore>(new SqliteCentralStore(std::move(db)));
}

Result<std::unique_ptr<SqliteCentralStore>>
SqliteCentralStore::open(const std::filesystem::path& path) {
    // The file holds sealed results, verifiers and staff items: create it owner-only. SQLite gives
    // the -wal and -shm files the same permissions.
    if (!std::filesystem::exists(path)) {
        const int fd = ::open(path.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
        if (fd < 0) {
            return Error{ErrorCode::StorageOpenFailed, "cannot create " + path.string()};
        }
        ::close(fd);
    }
    auto db = sqlite::Database::open(path);
    if (!db) {
        return db.error();
    }
    return migrate(std::move(*db));
}

Result<std::unique_ptr<SqliteCentralStore>> SqliteCentralStore::openInMemory() {
    sqlite::OpenOptions options;
    options.wal = false;
    auto db = sqlite::Database::open(":memory:", options);
    if (!db) {
        return db.error();
    }
    return migrate(std::move(*db));
}

Status SqliteCentralStore::inOneTransaction(const std::function<Status()>& work) {
    std::lock_guard lock(m_mutex);
    if (m_inOuterTransaction) {
        return work(); // already inside one: joins it
    }
    auto tx = sqlite::Transaction::begin(m_db);
    if (!tx) {
        return tx.error();
    }
    m_inOuterTransaction = true;
    Status done = work();
    m_inOuterTransaction = false;
    if (!done) {
        return done; // the transaction rolls back
    }
    return tx->commit();
}

Status SqliteCentralStore::putRosterEntry(const RosterEntry& entry) {
    std::lock_guard lock(m_mutex);
    auto written = inTransaction<bool>(m_db, m_inOuterTransaction, [&]() -> Result<bool> {
        auto check = m_db.prepare("SELECT enrolled_at FROM roster WHERE temp_id = ?1");
        if (!check) {
            return check.error();
        }
        MADOGUCHI_TRY(check->bind(1, entry.tempId));
        auto row = check->step();
        if (!row) {
            return row.error();
        }
        if (*row == sqlite::StepResult::Row && !check->columnIsNull(0)) {
            return Error{ErrorCode::StorageConstraint, "temp ID already enrolled"};
        }
        auto s = m_db.prepare(
            "INSERT OR REPLACE INTO roster (temp_id, verifier, kana_name, member_number, "
            "imported_at, enrolled_at) VALUES (?1, ?2, ?3, ?4, ?5, NULL)");
        if (!s) {
            return s.error();
        }
        MADOGUCHI_TRY(s->bind(1, entry.tempId));
        MADOGUCHI_TRY(s->bind(2, entry.verifier));
        MADOGUCHI_TRY(s->bind(3, entry.kanaName));
        MADOGUCHI_TRY(s->bind(4, entry.memberNumber));
        MADOGUCHI_TRY(s->bind(5, entry.importedAt));
        MADOGUCHI_TRY(s->run());
        return true;
    });
    if (!written) {
        return written.error();
    }
    return {};
}

Result<std::optional<RosterEntry>> SqliteCentralStore::findRosterEntry(std::string_view tempId) {
    std::lock_guard lock(m_mutex);
    auto s = m_db.prepare("SELECT temp_id, verifier, kana_name, member_number, imported_at, "
                          "enrolled_at FROM roster WHERE temp_id = ?1");
    if (!s) {
        return s.error();
    }
    MADOGUCHI_TRY(s->bind(1, tempId));
    auto row = s->step();
    if (!row) {
        return row.error();
    }
    if (*row == sqlite::StepResult::Done) {
        return std::optional<RosterEntry>();
    }
    RosterEntry e;
    e.tempId = s->columnText(0);
    e.verifier = s->columnText(1);
    e.kanaName = s->columnText(2);
    e.memberNumber = s->columnText(3);
    e.importedAt = s->columnInt64(4);
    e.enrolledAt = optionalInt(*s, 5);
    return std::optional<RosterEntry>(std::move(e));
}

Result<std::int64_t> SqliteCentralStore::countAttempt(std::string_view tempId, std::int64_t now) {
    std::lock_guard lock(m_mutex);
    auto s = m_db.prepare("INSERT INTO temp_attempts (temp_id, attempts, updated_at) "
                          "VALUES (?1, 1, ?2) ON CONFLICT(temp_id) DO UPDATE SET "
                          "attempts = attempts + 1, updated_at = ?2 RETURNING attempts");
    if (!s) {
        return s.error();
    }
    MADOGUCHI_TRY(s->bind(1, tempId));
    MADOGUCHI_TRY(s->bind(2, now));
    auto row = s->step();
    if (!row) {
        return row.error();
    }
    if (*row != sqlite::StepResult::Row) {
        return Error{ErrorCode::Internal, "attempt count not returned"};
    }
    const std::int64_t count = s->columnInt64(0);
    auto done = s->step(); // finish the statement so the write is committed
    if (!done) {
        return done.error();
    }
    return count;
}

Result<std::int64_t> SqliteCentralStore::attemptCount(std::string_view tempId) {
    std::lock_guard lock(m_mutex);
    auto s = m_db.prepare("SELECT attempts FROM temp_attempts WHERE temp_id = ?1");
    if (!s) {
        return s.error();
    }
    MADOGUCHI_TRY(s->bind(1, tempId));
    auto row = s->step();
    if (!row) {
        return row.error();
    }
    return *row == sqlite::StepResult::Row ? s->columnInt64(0) : std::int64_t{0};
}

Status SqliteCentralStore::clearAttempts(std::string_view tempId) {
    std::lock_guard lock(m_mutex);
    auto s = m_db.prepare("DELETE FROM temp_attempts WHERE temp_id = ?1");
    if (!s) {
        return s.error();
    }
    MADOGUCHI_TRY(s->bind(1, tempId));
    return s->run();
}

Status SqliteCentralStore::putSession(const SessionRecord& session) {
    std::lock_guard lock(m_mutex);
    auto s = m_db.prepare("INSERT INTO sessions (token_digest, temp_id, kiosk_id, expires_at) "
                          "VALUES (?1, ?2, ?3, ?4)");
    if (!s) {
        return s.error();
    }
    MADOGUCHI_TRY(s->bind(1, session.tokenDigest));
    MADOGUCHI_TRY(s->bind(2, session.tempId));
    MADOGUCHI_TRY(s->bind(3, session.kioskId));
    MADOGUCHI_TRY(s->bind(4, session.expiresAt));
    return s->run();
}

Result<std::optional<SessionRecord>> SqliteCentralStore::findSession(std::string_view tokenDigest) {
    std::lock_guard lock(m_mutex);
    auto s = m_db.prepare(
        "SELECT token_digest, temp_id, kiosk_id, expires_at FROM sessions WHERE token_digest = ?1");
    if (!s) {
        return s.error();
    }
    MADOGUCHI_TRY(s->bind(1, tokenDigest));
    auto row = s->step();
    if (!row) {
        return row.error();
    }
    if (*row == sqlite::StepResult::Done) {
        return std::optional<SessionRecord>();
    }
    return std::optional<SessionRecord>(
        SessionRecord{s->columnText(0), s->columnText(1), s->columnText(2), s->columnInt64(3)});
}

Status SqliteCentralStore::recordVerification(const VerificationRecord& verification) {
    std::lock_guard lock(m_mutex);
    // A repeat of the same session id (random, so only a replayed call) changes nothing.
    auto s = m_db.prepare("INSERT INTO verifications (session_id, temp_id, kiosk_id, verified_at) "
                          "VALUES (?1, ?2, ?3, ?4) ON CONFLICT(session_id) DO NOTHING");
    if (!s) {
        return s.error();
    }
    MADOGUCHI_TRY(s->bind(1, verification.sessionId));
    MADOGUCHI_TRY(s->bind(2, verification.tempId));
    MADOGUCHI_TRY(s->bind(3, verification.kioskId));
    MADOGUCHI_TRY(s->bind(4, verification.verifiedAt));
    return s->run();
}

Result<bool> SqliteCentralStore::userIdTaken(std::string_view userId) {
    std::lock_guard lock(m_mutex);
    auto s = m_db.prepare("SELECT 1 FROM user_ids WHERE user_id = ?1");
    if (!s) {
        return s.error();
    }
    MADOGUCHI_TRY(s->bind(1, userId));
    auto row = s->step();
    if (!row) {
        return row.error();
    }
    return *row == sqlite::StepResult::Row;
}

Result<DeliveryClaim> SqliteCentralStore::claimDelivery(std::string_view enrollmentId,
                                                        std::string_view bodyDigest,
                                                        std::int64_t now,
                                                        std::int64_t staleBefore) {
    std::lock_guard lock(m_mutex);
    return inTransaction<DeliveryClaim>(m_db, m_inOuterTransaction, [&]() -> Result<DeliveryClaim> {
        auto s = m_db.prepare("SELECT body_sha256, state, claimed_at, answer FROM deliveries "
                              "WHERE enrollment_id = ?1");
        if (!s) {
            return s.error();
        }
        MADOGUCHI_TRY(s->bind(1, enrollmentId));
        auto row = s->step();
        if (!row) {
            return row.error();
        }
        if (*row == sqlite::StepResult::Row) {
            const std::string digest = s->columnText(0);
            const std::string state = s->columnText(1);
            const std::int64_t claimedAt = s->columnInt64(2);
            if (digest != bodyDigest) {
                return DeliveryClaim{DeliveryState::Mismatch, {}};
            }
            if (state == "done") {
                return DeliveryClaim{DeliveryState::Completed, s->columnText(3)};
            }
            if (claimedAt >= staleBefore) {
                return DeliveryClaim{DeliveryState::InFlight, {}};
            }
            // A stale marker (the process died mid-way): take it over.
            auto update =
                m_db.prepare("UPDATE deliveries SET claimed_at = ?2 WHERE enrollment_id = ?1");
            if (!update) {
                return update.error();
            }
            MADOGUCHI_TRY(update->bind(1, enrollmentId));
            MADOGUCHI_TRY(update->bind(2, now));
            MADOGUCHI_TRY(update->run());
            return DeliveryClaim{DeliveryState::Claimed, {}};
        }
        auto insert = m_db.prepare("INSERT INTO deliveries (enrollment_id, body_sha256, state, "
                                   "claimed_at) VALUES (?1, ?2, 'in_flight', ?3)");
        if (!insert) {
            return insert.error();
        }
        MADOGUCHI_TRY(insert->bind(1, enrollmentId));
        MADOGUCHI_TRY(insert->bind(2, bodyDigest));
        MADOGUCHI_TRY(insert->bind(3, now));
        MADOGUCHI_TRY(insert->run());
        return DeliveryClaim{DeliveryState::Claimed, {}};
    });
}

Result<std::optional<RegistrationOutcome>>
SqliteCentralStore::registrationRefusal(const EnrollmentRecord& enrollment,
                                        std::int64_t verifiedSince) {
    using Refusal = std::optional<RegistrationOutcome>;
    auto v = m_db.prepare("SELECT temp_id, kiosk_id, verified_at, registration_id FROM "
                          "verifications WHERE session_id = ?1");
    if (!v) {
        return v.error();
    }
    MADOGUCHI_TRY(v->bind(1, enrollment.sessionId));
    auto row = v->step();
    if (!row) {
        return row.error();
    }
    if (enrollment.sessionId.empty() || *row != sqlite::StepResult::Row) {
        return Refusal(RegistrationOutcome::NoVerification);
    }
    if (v->columnText(0) != enrollment.tempId || v->columnText(1) != enrollment.kioskId) {
        return Refusal(RegistrationOutcome::VerificationElsewhere);
    }
    if (v->columnInt64(2) < verifiedSince) {
        return Refusal(RegistrationOutcome::VerificationTooOld);
    }
    if (!v->columnIsNull(3) && v->columnText(3) != enrollment.enrollmentId) {
        return Refusal(RegistrationOutcome::AlreadyRegistered);
    }
    // One registration per temp ID, whichever session it came from.
    auto other = m_db.prepare("SELECT 1 FROM enrollments WHERE temp_id = ?1 AND "
                              "enrollment_id <> ?2 LIMIT 1");
    if (!other) {
        return other.error();
    }
    MADOGUCHI_TRY(other->bind(1, enrollment.tempId));
    MADOGUCHI_TRY(other->bind(2, enrollment.enrollmentId));
    auto found = other->step();
    if (!found) {
        return found.error();
    }
    if (*found == sqlite::StepResult::Row) {
        return Refusal(RegistrationOutcome::AlreadyRegistered);
    }
    return Refusal();
}

Result<RegistrationOutcome>
SqliteCentralStore::completeDelivery(const EnrollmentRecord& enrollment, std::int64_t verifiedSince,
                                     const std::string& acceptedAnswer,
                                     const std::string& conflictAnswer) {
    std::lock_guard lock(m_mutex);
    return inTransaction<
        RegistrationOutcome>(m_db, m_inOuterTransaction, [&]() -> Result<RegistrationOutcome> {
        auto refusal = registrationRefusal(enrollment, verifiedSince);
        if (!refusal) {
            return refusal.error();
        }
        if (*refusal) {
            return **refusal;
        }
        auto taken = m_db.prepare("SELECT enrollment_id FROM user_ids WHERE user_id = ?1");
        if (!taken) {
            return taken.error();
        }
        MADOGUCHI_TRY(taken->bind(1, enrollment.userId));
        auto row = taken->step();
        if (!row) {
            return row.error();
        }
        const bool conflict =
            *row == sqlite::StepResult::Row && taken->columnText(0) != enrollment.enrollmentId;
        const std::string status = conflict ? "user_id_conflict" : "accepted";

        auto insert = m_db.prepare(
            "INSERT INTO enrollments (enrollment_id, kiosk_id, temp_id, user_id, status, "
            "envelope, result_json, received_at, stage, session_id) VALUES (?1, ?2, ?3, ?4, ?5, "
            "?6, '', ?8, ?9, ?10)");
        if (!insert) {
            return insert.error();
        }
        MADOGUCHI_TRY(insert->bind(1, enrollment.enrollmentId));
        MADOGUCHI_TRY(insert->bind(2, enrollment.kioskId));
        MADOGUCHI_TRY(insert->bind(3, enrollment.tempId));
        MADOGUCHI_TRY(insert->bind(4, enrollment.userId));
        MADOGUCHI_TRY(insert->bind(5, status));
        MADOGUCHI_TRY(insert->bind(6, std::span<const std::uint8_t>(enrollment.envelope)));
        MADOGUCHI_TRY(insert->bind(8, enrollment.receivedAt));
        MADOGUCHI_TRY(insert->bind(9, enrollment.stage));
        MADOGUCHI_TRY(insert->bind(10, enrollment.sessionId));
        MADOGUCHI_TRY(insert->run());

        auto used =
            m_db.prepare("UPDATE verifications SET registration_id = ?2 WHERE session_id = ?1");
        if (!used) {
            return used.error();
        }
        MADOGUCHI_TRY(used->bind(1, enrollment.sessionId));
        MADOGUCHI_TRY(used->bind(2, enrollment.enrollmentId));
        MADOGUCHI_TRY(used->run());

        if (conflict) {
            StaffItem item;
            item.createdAt = enrollment.receivedAt;
            item.kind = "user_id_conflict";
            item.enrollmentId = enrollment.enrollmentId;
            item.kioskId = enrollment.kioskId;
            item.tempId = enrollment.tempId;
            item.userId = enrollment.userId;
            item.detail = "user ID was taken by another enrollment before delivery";
            if (auto added = insertStaffItem(item); !added) {
                return added.error();
            }
        } else {
            auto reg =
                m_db.prepare("INSERT INTO user_ids (user_id, enrollment_id) VALUES (?1, ?2)");
            if (!reg) {
                return reg.error();
            }
            MADOGUCHI_TRY(reg->bind(1, enrollment.userId));
            MADOGUCHI_TRY(reg->bind(2, enrollment.enrollmentId));
            MADOGUCHI_TRY(reg->run());
            // A registration waits for its second factor (pushed whole, once).
            if (enrollment.queuePush && enrollment.stage == "complete") {
                MADOGUCHI_TRY(queuePushLocked(enrollment.enrollmentId, enrollment.kioskId,
                                              enrollment.tempId, enrollment.userId,
                                              enrollment.receivedAt));
            }
        }

        auto roster = m_db.prepare(
            "UPDATE roster SET enrolled_at = ?2 WHERE temp_id = ?1 AND enrolled_at IS NULL");
        if (!roster) {
            return roster.error();
        }
        MADOGUCHI_TRY(roster->bind(1, enrollment.tempId));
        MADOGUCHI_TRY(roster->bind(2, enrollment.receivedAt));
        MADOGUCHI_TRY(roster->run());

        MADOGUCHI_TRY(
            markDeliveryDone(enrollment.enrollmentId, conflict ? conflictAnswer : acceptedAnswer));
        return conflict ? RegistrationOutcome::UserIdConflict : RegistrationOutcome::Accepted;
    });
}

Status SqliteCentralStore::markDeliveryDone(const std::string& enrollmentId,
                                            const std::string& answer) {
    auto done = m_db.prepare("UPDATE deliveries SET state = 'done', answer = ?2 WHERE "
                             "enrollment_id = ?1 AND state = 'in_flight'");
    if (!done) {
        return done.error();
    }
    MADOGUCHI_TRY(done->bind(1, enrollmentId));
    MADOGUCHI_TRY(done->bind(2, answer));
    MADOGUCHI_TRY(done->run());
    if (m_db.changes() != 1) {
        return Error{ErrorCode::StorageConstraint, "delivery was not in flight"};
    }
    return {};
}

Result<SecondFactorOutcome>
SqliteCentralStore::completeSecondFactor(const SecondFactorRecord& secondFactor,
                                         const std::string& acceptedAnswer,
                                         const std::string& conflictAnswer) {
    std::lock_guard lock(m_mutex);
    return inTransaction<SecondFactorOutcome>(
        m_db, m_inOuterTransaction, [&]() -> Result<SecondFactorOutcome> {
            auto reg = m_db.prepare("SELECT stage, user_id, status, temp_id, kiosk_id FROM "
                                    "enrollments WHERE enrollment_id = ?1");
            if (!reg) {
                return reg.error();
            }
            MADOGUCHI_TRY(reg->bind(1, secondFactor.registrationId));
            auto row = reg->step();
            if (!row) {
                return row.error();
            }
            if (*row != sqlite::StepResult::Row) {
                return SecondFactorOutcome::RegistrationMissing;
            }
            if (reg->columnText(0) != "registration") {
                return SecondFactorOutcome::NotARegistration;
            }
            if (reg->columnText(4) != secondFactor.kioskId) {
                return SecondFactorOutcome::KioskMismatch;
            }
            if (reg->columnText(1) != secondFactor.userId) {
                return SecondFactorOutcome::UserIdMismatch;
            }
            const std::string status = reg->columnText(2);
            const std::string tempId = reg->columnText(3);
            const bool conflict = status == "user_id_conflict";

            // At most one current binding per method: the later one supersedes.
            auto supersede = m_db.prepare(
                "UPDATE second_factors SET superseded_by = ?3 WHERE registration_id = ?1 AND "
                "method = ?2 AND superseded_by IS NULL");
            if (!supersede) {
                return supersede.error();
            }
            MADOGUCHI_TRY(supersede->bind(1, secondFactor.registrationId));
            MADOGUCHI_TRY(supersede->bind(2, secondFactor.method));
            MADOGUCHI_TRY(supersede->bind(3, secondFactor.enrollmentId));
            MADOGUCHI_TRY(supersede->run());

            auto insert = m_db.prepare(
                "INSERT INTO second_factors (enrollment_id, registration_id, kiosk_id, temp_id, "
                "user_id, method, status, envelope, result_json, received_at, superseded_by) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, '', ?10, NULL)");
            if (!insert) {
                return insert.error();
            }
            MADOGUCHI_TRY(insert->bind(1, secondFactor.enrollmentId));
            MADOGUCHI_TRY(insert->bind(2, secondFactor.registrationId));
            MADOGUCHI_TRY(insert->bind(3, secondFactor.kioskId));
            MADOGUCHI_TRY(insert->bind(4, tempId));
            MADOGUCHI_TRY(insert->bind(5, secondFactor.userId));
            MADOGUCHI_TRY(insert->bind(6, secondFactor.method));
            MADOGUCHI_TRY(insert->bind(7, status));
            MADOGUCHI_TRY(insert->bind(8, std::span<const std::uint8_t>(secondFactor.envelope)));
            MADOGUCHI_TRY(insert->bind(10, secondFactor.receivedAt));
            MADOGUCHI_TRY(insert->run());

            if (conflict) {
                StaffItem item;
                item.createdAt = secondFactor.receivedAt;
                item.kind = "user_id_conflict";
                item.enrollmentId = secondFactor.enrollmentId;
                item.kioskId = secondFactor.kioskId;
                item.tempId = tempId;
                item.userId = secondFactor.userId;
                item.detail = "second factor for registration " + secondFactor.registrationId +
                              ", whose user ID was taken by another enrollment";
                if (auto added = insertStaffItem(item); !added) {
                    return added.error();
                }
            } else if (secondFactor.queuePush) {
                MADOGUCHI_TRY(queuePushLocked(secondFactor.registrationId, secondFactor.kioskId,
                                              tempId, secondFactor.userId,
                                              secondFactor.receivedAt));
            }
            MADOGUCHI_TRY(markDeliveryDone(secondFactor.enrollmentId,
                                           conflict ? conflictAnswer : acceptedAnswer));
            return conflict ? SecondFactorOutcome::UserIdConflict : SecondFactorOutcome::Accepted;
        });
}

Result<std::vector<SecondFactorRecord>> SqliteCentralStore::listSecondFactors() {
    std::lock_guard lock(m_mutex);
    auto s = m_db.prepare("SELECT enrollment_id, registration_id, kiosk_id, temp_id, user_id, "
                          "method, status, envelope, result_json, received_at, "
                          "COALESCE(superseded_by, '') FROM second_factors ORDER BY rowid");
    if (!s) {
        return s.error();
    }
    std::vector<SecondFactorRecord> out;
    while (true) {
        auto row = s->step();
        if (!row) {
            return row.error();
        }
        if (*row == sqlite::StepResult::Done) {
            break;
        }
        SecondFactorRecord f;
        f.enrollmentId = s->columnText(0);
        f.registrationId = s->columnText(1);
        f.kioskId = s->columnText(2);
        f.tempId = s->columnText(3);
        f.userId = s->columnText(4);
        f.method = s->columnText(5);
        f.status = s->columnText(6);
        f.envelope = s->columnBlob(7);
        f.resultJson = s->columnText(8);
        f.receivedAt = s->columnInt64(9);
        f.supersededBy = s->columnText(10);
        out.push_back(std::move(f));
    }
    return out;
}

Status SqliteCentralStore::abandonDelivery(std::string_view enrollmentId) {
    std::lock_guard lock(m_mutex);
    auto s =
        m_db.prepare("DELETE FROM deliveries WHERE enrollment_id = ?1 AND state = 'in_flight'");
    if (!s) {
        return s.error();
    }
    MADOGUCHI_TRY(s->bind(1, enrollmentId));
    return s->run();
}

Result<std::vector<EnrollmentRecord>> SqliteCentralStore::listEnrollments() {
    std::lock_guard lock(m_mutex);
    auto s = m_db.prepare(
        "SELECT e.enrollment_id, e.kiosk_id, e.temp_id, e.user_id, e.status, e.envelope, "
        "e.result_json, e.received_at, COALESCE(r.kana_name, ''), COALESCE(r.member_number, ''), "
        "e.stage "
        "FROM enrollments e LEFT JOIN roster r ON r.temp_id = e.temp_id "
        // Arrival order; rowid breaks ties of the same second (a random UUID would not).
        "ORDER BY e.received_at, e.rowid");
    if (!s) {
        return s.error();
    }
    std::vector<EnrollmentRecord> out;
    while (true) {
        auto row = s->step();
        if (!row) {
            return row.error();
        }
        if (*row == sqlite::StepResult::Done) {
            break;
        }
        EnrollmentRecord e;
        e.enrollmentId = s->columnText(0);
        e.kioskId = s->columnText(1);
        e.tempId = s->columnText(2);
        e.userId = s->columnText(3);
        e.status = s->columnText(4);
        e.envelope = s->columnBlob(5);
        e.resultJson = s->columnText(6);
        e.receivedAt = s->columnInt64(7);
        e.kanaName = s->columnText(8);
        e.memberNumber = s->columnText(9);
        e.stage = s->columnText(10);
        out.push_back(std::move(e));
    }
    return out;
}

Result<std::int64_t> SqliteCentralStore::countEnrollments(std::string_view enrollmentId) {
    std::lock_guard lock(m_mutex);
    auto s = m_db.prepare(enrollmentId.empty()
                              ? "SELECT COUNT(*) FROM enrollments WHERE ?1 = ?1"
                              : "SELECT COUNT(*) FROM enrollments WHERE enrollment_id = ?1");
    if (!s) {
        return s.error();
    }
    MADOGUCHI_TRY(s->bind(1, enrollmentId));
    auto row = s->step();
    if (!row) {
        return row.error();
    }
    return s->columnInt64(0);
}

Result<std::int64_t> SqliteCentralStore::insertStaffItem(const StaffItem& item) {
    auto s = m_db.prepare("INSERT INTO staff_items (created_at, kind, enrollment_id, kiosk_id, "
                          "temp_id, user_id, detail, resolved) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
                          "?7, ?8)");
    if (!s) {
        return s.error();
    }
    MADOGUCHI_TRY(s->bind(1, item.createdAt));
    MADOGUCHI_TRY(s->bind(2, item.kind));
    MADOGUCHI_TRY(s->bind(3, item.enrollmentId));
    MADOGUCHI_TRY(s->bind(4, item.kioskId));
    MADOGUCHI_TRY(s->bind(5, item.tempId));
    MADOGUCHI_TRY(s->bind(6, item.userId));
    MADOGUCHI_TRY(s->bind(7, item.detail));
    MADOGUCHI_TRY(s->bind(8, item.resolved ? 1 : 0));
    MADOGUCHI_TRY(s->run());
    return m_db.lastInsertRowId();
}

Result<std::int64_t> SqliteCentralStore::addStaffItem(const StaffItem& item) {
    std::lock_guard lock(m_mutex);
    return insertStaffItem(item);
}

Result<std::vector<StaffItem>> SqliteCentralStore::listStaffItems(bool includeResolved) {
    std::lock_guard lock(m_mutex);
    auto s = m_db.prepare("SELECT id, created_at, kind, enrollment_id, kiosk_id, temp_id, "
                          "user_id, detail, resolved FROM staff_items WHERE resolved = 0 OR ?1 "
                          "ORDER BY id");
    if (!s) {
        return s.error();
    }
    MADOGUCHI_TRY(s->bind(1, includeResolved ? 1 : 0));
    std::vector<StaffItem> out;
    while (true) {
        auto row = s->step();
        if (!row) {
            return row.error();
        }
        if (*row == sqlite::StepResult::Done) {
            break;
        }
        StaffItem item;
        item.id = s->columnInt64(0);
        item.createdAt = s->columnInt64(1);
        item.kind = s->columnText(2);
        item.enrollmentId = s->columnText(3);
        item.kioskId = s->columnText(4);
        item.tempId = s->columnText(5);
        item.userId = s->columnText(6);
        item.detail = s->columnText(7);
        item.resolved = s->columnInt64(8) != 0;
        out.push_back(std::move(item));
    }
    return out;
}

Status SqliteCentralStore::putHandoff(const HandoffRecord& handoff) {
    std::lock_guard lock(m_mutex);
    auto s = m_db.prepare("INSERT INTO handoffs (token_digest, enrollment_id, kiosk_id, temp_id, "
                          "created_at, expires_at, confirmed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
                          "NULL)");
    if (!s) {
        return s.error();
    }
    MADOGUCHI_TRY(s->bind(1, handoff.tokenDigest));
    MADOGUCHI_TRY(s->bind(2, handoff.enrollmentId));
    MADOGUCHI_TRY(s->bind(3, handoff.kioskId));
    MADOGUCHI_TRY(s->bind(4, handoff.tempId));
    MADOGUCHI_TRY(s->bind(5, handoff.createdAt));
    MADOGUCHI_TRY(s->bind(6, handoff.expiresAt));
    return s->run();
}

Result<std::optional<HandoffRecord>> SqliteCentralStore::findHandoff(std::string_view tokenDigest) {
    std::lock_guard lock(m_mutex);
    auto s = m_db.prepare("SELECT token_digest, enrollment_id, kiosk_id, temp_id, created_at, "
                          "expires_at, confirmed_at FROM handoffs WHERE token_digest = ?1");
    if (!s) {
        return s.error();
    }
    MADOGUCHI_TRY(s->bind(1, tokenDigest));
    auto row = s->step();
    if (!row) {
        return row.error();
    }
    if (*row == sqlite::StepResult::Done) {
        return std::optional<HandoffRecord>();
    }
    HandoffRecord h;
    h.tokenDigest = s->columnText(0);
    h.enrollmentId = s->columnText(1);
    h.kioskId = s->columnText(2);
    h.tempId = s->columnText(3);
    h.createdAt = s->columnInt64(4);
    h.expiresAt = s->columnInt64(5);
    h.confirmedAt = optionalInt(*s, 6);
    return std::optional<HandoffRecord>(std::move(h));
}

Status SqliteCentralStore::confirmHandoff(std::string_view tokenDigest, std::int64_t now) {
    std::lock_guard lock(m_mutex);
    auto s = m_db.prepare("UPDATE handoffs SET confirmed_at = ?2 WHERE token_digest = ?1 AND "
                          "confirmed_at IS NULL");
    if (!s) {
        return s.error();
    }
    MADOGUCHI_TRY(s->bind(1, tokenDigest));
    MADOGUCHI_TRY(s->bind(2, now));
    return s->run();
}

} // namespace madoguchi::central
