// SPDX-License-Identifier: Apache-2.0
// SqliteCentralStore: staff actions from kiosks (table staff_actions, schema v6).
#include "central/SqliteCentralStore.h"
#include "core/Try.h"
#include "sqlite/Statement.h"
#include "sqlite/Transaction.h"

namespace madoguchi::central {

Result<StaffUnlockResult> SqliteCentralStore::staffUnlock(std::string_view actionId,
                                                          std::string_view kioskId,
                                                          std::string_view tempId, std::int64_t now,
                                                          std::int64_t windowStart,
                                                          std::int64_t maxPerWindow) {
    std::lock_guard lock(m_mutex);
    auto tx = sqlite::Transaction::begin(m_db);
    if (!tx) {
        return tx.error();
    }
    StaffUnlockResult result;
    auto known = m_db.prepare(
        "SELECT kiosk_id, temp_id, kind, outcome FROM staff_actions WHERE action_id = ?1");
    if (!known) {
        return known.error();
    }
    MADOGUCHI_TRY(known->bind(1, actionId));
    auto row = known->step();
    if (!row) {
        return row.error();
    }
    if (*row == sqlite::StepResult::Row) {
        const bool same = known->columnText(0) == kioskId && known->columnText(1) == tempId &&
                          known->columnText(2) == "unlock_temp_id";
        result.outcome = same ? StaffUnlockOutcome::Replayed : StaffUnlockOutcome::Mismatch;
        result.firstUnlocked = known->columnText(3) == "unlocked";
        return result; // nothing written: the transaction rolls back
    }
    auto count = m_db.prepare(
        "SELECT COUNT(*) FROM staff_actions WHERE kiosk_id = ?1 AND kind = 'unlock_temp_id' AND "
        "done_at >= ?2");
    if (!count) {
        return count.error();
    }
    MADOGUCHI_TRY(count->bind(1, kioskId));
    MADOGUCHI_TRY(count->bind(2, windowStart));
    if (auto counted = count->step(); !counted) {
        return counted.error();
    }
    if (count->columnInt64(0) >= maxPerWindow) {
        result.outcome = StaffUnlockOutcome::RateLimited;
        return result;
    }
    auto attempts = m_db.prepare("SELECT attempts FROM temp_attempts WHERE temp_id = ?1");
    if (!attempts) {
        return attempts.error();
    }
    MADOGUCHI_TRY(attempts->bind(1, tempId));
    auto found = attempts->step();
    if (!found) {
        return found.error();
    }
    const bool hadFailures = *found == sqlite::StepResult::Row && attempts->columnInt64(0) > 0;
    if (hadFailures) {
        auto clear = m_db.prepare("DELETE FROM temp_attempts WHERE temp_id = ?1");
        if (!clear) {
            return clear.error();
        }
        MADOGUCHI_TRY(clear->bind(1, tempId));
        MADOGUCHI_TRY(clear->run());
    }
    result.outcome =
        hadFailures ? StaffUnlockOutcome::Unlocked : StaffUnlockOutcome::NothingToUnlock;
    auto audit = m_db.prepare("INSERT INTO staff_actions (action_id, kiosk_id, kind, temp_id, "
                              "done_at, outcome) VALUES (?1, ?2, 'unlock_temp_id', ?3, ?4, ?5)");
    if (!audit) {
        return audit.error();
    }
    MADOGUCHI_TRY(audit->bind(1, actionId));
    MADOGUCHI_TRY(audit->bind(2, kioskId));
    MADOGUCHI_TRY(audit->bind(3, tempId));
    MADOGUCHI_TRY(audit->bind(4, now));
    MADOGUCHI_TRY(audit->bind(5, hadFailures ? "unlocked" : "nothing_to_unlock"));
    MADOGUCHI_TRY(audit->run());
    MADOGUCHI_TRY(tx->commit());
    return result;
}

Result<std::vector<StaffAction>> SqliteCentralStore::listStaffActions() {
    std::lock_guard lock(m_mutex);
    auto s = m_db.prepare("SELECT action_id, kiosk_id, kind, temp_id, done_at, outcome FROM "
                          "staff_actions ORDER BY done_at, rowid");
    if (!s) {
        return s.error();
    }
    std::vector<StaffAction> out;
    for (;;) {
        auto row = s->step();
        if (!row) {
            return row.error();
        }
        if (*row != sqlite::StepResult::Row) {
            return out;
        }
        out.push_back({s->columnText(0), s->columnText(1), s->columnText(2), s->columnText(3),
                       s->columnInt64(4), s->columnText(5)});
    }
}

} // namespace madoguchi::central
