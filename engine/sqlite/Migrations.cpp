// SPDX-License-Identifier: Apache-2.0
#include "sqlite/Migrations.h"

#include "sqlite/Database.h"
#include "sqlite/Transaction.h"

namespace madoguchi::sqlite {

Migrations& Migrations::add(int version, std::string sql) {
    return add(version, [text = std::move(sql)](Database& db) { return db.exec(text); });
}

Migrations& Migrations::add(int version, Step step) {
    if (version != latestVersion() + 1) {
        m_misnumbered = true; // reported by apply(): a programming error, found by any test
    }
    m_steps.push_back(std::move(step));
    return *this;
}

Result<int> Migrations::currentVersion(Database& db) {
    Result<std::int64_t> version = db.queryInt64("PRAGMA user_version");
    if (!version) {
        return version.error();
    }
    return static_cast<int>(*version);
}

Result<int> Migrations::apply(Database& db) const {
    if (m_misnumbered) {
        return Error{ErrorCode::Internal, "migrations are not numbered 1, 2, 3, ..."};
    }
    Result<int> before = currentVersion(db);
    if (!before) {
        return before.error();
    }
    if (*before > latestVersion()) {
        return Error{ErrorCode::StorageSchemaTooNew,
                     "database schema version " + std::to_string(*before) +
                         " is newer than this program's " + std::to_string(latestVersion())};
    }
    if (*before < 0) {
        return Error{ErrorCode::StorageCorrupt,
                     "negative schema version " + std::to_string(*before)};
    }
    if (*before == latestVersion()) {
        return *before;
    }
    Result<Transaction> tx = Transaction::begin(db);
    if (!tx) {
        return tx.error();
    }
    // Another connection may have migrated between the first look and BEGIN IMMEDIATE.
    Result<int> locked = currentVersion(db);
    if (!locked) {
        return locked.error();
    }
    for (int version = *locked + 1; version <= latestVersion(); ++version) {
        Status done = m_steps[static_cast<std::size_t>(version - 1)](db);
        if (!done) {
            ErrorCode code = done.error().code;
            if (code != ErrorCode::StorageBusy && code != ErrorCode::StorageIo) {
                code = ErrorCode::StorageMigrationFailed;
            }
            return Error{code, "migration " + std::to_string(version) + ": " + done.error().detail};
        }
    }
    if (Status set = db.exec("PRAGMA user_version=" + std::to_string(latestVersion())); !set) {
        return set.error();
    }
    if (Status committed = tx->commit(); !committed) {
        return committed.error();
    }
    return *before;
}

} // namespace madoguchi::sqlite
