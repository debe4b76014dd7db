// SPDX-License-Identifier: Apache-2.0
#include "sqlite/Transaction.h"

#include "core/Log.h"
#include "sqlite/Database.h"

#include <utility>

namespace madoguchi::sqlite {

Result<Transaction> Transaction::begin(Database& db) {
    if (Status begun = db.exec("BEGIN IMMEDIATE"); !begun) {
        return begun.error();
    }
    return Transaction(db);
}

Transaction::Transaction(Transaction&& other) noexcept : m_db(std::exchange(other.m_db, nullptr)) {}

Transaction::~Transaction() {
    if (m_db != nullptr) {
        if (Status rolledBack = rollback(); !rolledBack) {
            logger()->error("rollback failed: {}", rolledBack.error().detail);
        }
    }
}

Status Transaction::commit() {
    if (m_db == nullptr) {
        return Error{ErrorCode::Internal, "commit: transaction is not active"};
    }
    Status committed = m_db->exec("COMMIT");
    if (!committed) {
        // A failed COMMIT may leave the transaction open (e.g. SQLITE_BUSY); end it so
        // that nothing of it can become visible later.
        if (m_db->inTransaction()) {
            (void)m_db->exec("ROLLBACK");
        }
        m_db = nullptr;
        return committed;
    }
    m_db = nullptr;
    return {};
}

Status Transaction::rollback() {
    if (m_db == nullptr) {
        return {};
    }
    Database* db = std::exchange(m_db, nullptr);
    // SQLite may already have rolled back by itself (SQLITE_FULL, SQLITE_IOERR, ...).
    if (!db->inTransaction()) {
        return {};
    }
    return db->exec("ROLLBACK");
}

} // namespace madoguchi::sqlite
