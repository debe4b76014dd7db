// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Result.h"

namespace madoguchi::sqlite {

class Database;

// BEGIN IMMEDIATE ... COMMIT. IMMEDIATE takes the write lock at once, so a busy database
// fails at begin() (after the busy timeout) instead of half-way through the work.
// Destroying a transaction that was not committed rolls it back.
class Transaction {
public:
    static Result<Transaction> begin(Database& db);

    Transaction(Transaction&& other) noexcept;
    Transaction& operator=(Transaction&&) = delete;
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction();

    // On failure the transaction is rolled back (nothing of it is visible), and the error
    // says why (StorageIo for a full disk, StorageBusy, ...).
    Status commit();
    Status rollback();
    bool active() const { return m_db != nullptr; }

private:
    explicit Transaction(Database& db) : m_db(&db) {}

    Database* m_db = nullptr; // null once committed or rolled back
};

} // namespace madoguchi::sqlite
