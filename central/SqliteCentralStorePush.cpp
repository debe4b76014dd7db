// SPDX-License-Identifier: Apache-2.0
// SqliteCentralStore: the Keycloak push queue (table keycloak_push, schema v5).
#include "central/SqliteCentralStore.h"
#include "core/Try.h"
#include "sqlite/Statement.h"
#include "sqlite/Transaction.h"

namespace madoguchi::central {

namespace {

PushItem pushRow(const sqlite::Statement& s) {
    PushItem p;
    p.enrollmentId = s.columnText(0);
    p.state = s.columnText(1);
    p.attempts = s.columnInt64(2);
    p.nextAttemptAt = s.columnInt64(3);
    p.lastError = s.columnText(4);
    p.queuedAt = s.columnInt64(5);
    p.updatedAt = s.columnInt64(6);
    return p;
}

constexpr const char* kPushColumns =
    "enrollment_id, state, attempts, next_attempt_at, last_error, queued_at, updated_at";

} // namespace

Status SqliteCentralStore::queuePushLocked(const std::string& enrollmentId,
                                           const std::string& kioskId, const std::string& tempId,
                                           const std::string& userId, std::int64_t now) {
    auto existing = m_db.prepare("SELECT state FROM keycloak_push WHERE enrollment_id = ?1");
    if (!existing) {
        return existing.error();
    }
    MADOGUCHI_TRY(existing->bind(1, enrollmentId));
    auto row = existing->step();
    if (!row) {
        return row.error();
    }
    if (*row == sqlite::StepResult::Row) {
        // Still pending: the push reads the current factors when it runs. Already done or
        // failed: Keycloak keeps what it got (the push never overwrites a user), so a person
        // must add the new factor there.
        if (existing->columnText(0) == "pending") {
            return {};
        }
        MADOGUCHI_TRY(insertStaffItem(
            stalePushItem(now, enrollmentId, kioskId, tempId, userId, existing->columnText(0))));
        return {};
    }
    auto insert = m_db.prepare("INSERT INTO keycloak_push (enrollment_id, state, attempts, "
                               "next_attempt_at, last_error, queued_at, updated_at) VALUES (?1, "
                               "'pending', 0, ?2, '', ?2, ?2)");
    if (!insert) {
        return insert.error();
    }
    MADOGUCHI_TRY(insert->bind(1, enrollmentId));
    MADOGUCHI_TRY(insert->bind(2, now));
    return insert->run();
}

Result<std::vector<PushItem>> SqliteCentralStore::duePushes(std::int64_t now, std::int64_t limit) {
    std::lock_guard lock(m_mutex);
    auto s = m_db.prepare(std::string("SELECT ") + kPushColumns +
                          " FROM keycloak_push WHERE state = 'pending' AND next_attempt_at <= ?1 "
                          "ORDER BY next_attempt_at, rowid LIMIT ?2");
    if (!s) {
        return s.error();
    }
    MADOGUCHI_TRY(s->bind(1, now));
    MADOGUCHI_TRY(s->bind(2, limit));
    std::vector<PushItem> out;
    while (true) {
        auto row = s->step();
        if (!row) {
            return row.error();
        }
        if (*row == sqlite::StepResult::Done) {
            break;
        }
        out.push_back(pushRow(*s));
    }
    return out;
}

Result<std::optional<PushItem>> SqliteCentralStore::findPush(std::string_view enrollmentId) {
    std::lock_guard lock(m_mutex);
    auto s = m_db.prepare(std::string("SELECT ") + kPushColumns +
                          " FROM keycloak_push WHERE enrollment_id = ?1");
    if (!s) {
        return s.error();
    }
    MADOGUCHI_TRY(s->bind(1, enrollmentId));
    auto row = s->step();
    if (!row) {
        return row.error();
    }
    if (*row == sqlite::StepResult::Done) {
        return std::optional<PushItem>();
    }
    return std::optional<PushItem>(pushRow(*s));
}

Status SqliteCentralStore::updatePush(const PushItem& item, const std::optional<StaffItem>& staff) {
    std::lock_guard lock(m_mutex);
    auto tx = sqlite::Transaction::begin(m_db);
    if (!tx) {
        return tx.error();
    }
    // A row that is no longer pending (another central process finished it) is left alone.
    auto s = m_db.prepare("UPDATE keycloak_push SET state = ?2, attempts = ?3, next_attempt_at = "
                          "?4, last_error = ?5, updated_at = ?6 WHERE enrollment_id = ?1 AND "
                          "state = 'pending'");
    if (!s) {
        return s.error();
    }
    MADOGUCHI_TRY(s->bind(1, item.enrollmentId));
    MADOGUCHI_TRY(s->bind(2, item.state));
    MADOGUCHI_TRY(s->bind(3, item.attempts));
    MADOGUCHI_TRY(s->bind(4, item.nextAttemptAt));
    MADOGUCHI_TRY(s->bind(5, item.lastError));
    MADOGUCHI_TRY(s->bind(6, item.updatedAt));
    MADOGUCHI_TRY(s->run());
    if (m_db.changes() == 1 && staff) {
        if (auto added = insertStaffItem(*staff); !added) {
            return added.error();
        }
    }
    return tx->commit();
}

Result<std::optional<EnrollmentRecord>> SqliteCentralStore::findEnrollment(std::string_view id) {
    std::lock_guard lock(m_mutex);
    auto s = m_db.prepare(
        "SELECT e.enrollment_id, e.kiosk_id, e.temp_id, e.user_id, e.status, e.envelope, "
        "e.received_at, COALESCE(r.kana_name, ''), COALESCE(r.member_number, ''), e.stage "
        "FROM enrollments e LEFT JOIN roster r ON r.temp_id = e.temp_id WHERE e.enrollment_id = "
        "?1");
    if (!s) {
        return s.error();
    }
    MADOGUCHI_TRY(s->bind(1, id));
    auto row = s->step();
    if (!row) {
        return row.error();
    }
    if (*row == sqlite::StepResult::Done) {
        return std::optional<EnrollmentRecord>();
    }
    EnrollmentRecord e;
    e.enrollmentId = s->columnText(0);
    e.kioskId = s->columnText(1);
    e.tempId = s->columnText(2);
    e.userId = s->columnText(3);
    e.status = s->columnText(4);
    e.envelope = s->columnBlob(5);
    e.receivedAt = s->columnInt64(6);
    e.kanaName = s->columnText(7);
    e.memberNumber = s->columnText(8);
    e.stage = s->columnText(9);
    return std::optional<EnrollmentRecord>(std::move(e));
}

} // namespace madoguchi::central
