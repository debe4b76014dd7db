// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Result.h"
#include "sqlite/Statement.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string_view>

struct sqlite3;

namespace madoguchi::sqlite {

struct DatabaseDeleter {
    void operator()(sqlite3* db) const;
};
using DatabaseHandle = std::unique_ptr<sqlite3, DatabaseDeleter>;

struct OpenOptions {
    bool readOnly = false;
    bool create = true; // ignored when readOnly
    int busyTimeoutMs = 5000;
    // WAL + synchronous=FULL: a commit that returned survives a crash or a power cut.
    // Off only for ":memory:" databases, which have no WAL.
    bool wal = true;
};

// One connection to one SQLite file. Open checks that the file is a database and that the
// durability settings really took (they are read back, not assumed): journal_mode=WAL,
// synchronous=FULL, foreign_keys=ON. Use one connection per thread.
class Database {
public:
    static Result<Database> open(const std::filesystem::path& path, const OpenOptions& options);
    static Result<Database> open(const std::filesystem::path& path) {
        return open(path, OpenOptions{});
    }

    Database(Database&&) noexcept = default;
    Database& operator=(Database&&) noexcept = default;

    // Runs one or more statements without results (DDL, PRAGMA x=y, BEGIN ...).
    Status exec(std::string_view sql);
    // Compiles exactly one statement; trailing SQL after it is refused, not ignored.
    Result<Statement> prepare(std::string_view sql);

    // The single value of a one-row, one-column query (e.g. "PRAGMA user_version").
    Result<std::int64_t> queryInt64(std::string_view sql);
    Result<std::string> queryText(std::string_view sql);

    std::int64_t lastInsertRowId() const;
    std::int64_t changes() const;
    bool inTransaction() const;
    bool readOnly() const;

    sqlite3* handle() const { return m_db.get(); }

private:
    explicit Database(DatabaseHandle db) : m_db(std::move(db)) {}
    Status configure(const OpenOptions& options);

    DatabaseHandle m_db;
};

} // namespace madoguchi::sqlite
