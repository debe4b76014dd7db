// SPDX-License-Identifier: Apache-2.0
#include "sqlite/Database.h"

#include "core/Log.h"
#include "sqlite/SqliteError.h"

#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <string>

namespace madoguchi::sqlite {

void DatabaseDeleter::operator()(sqlite3* db) const {
    // sqlite3_close_v2 defers the close until any forgotten statement is finalized; every
    // Statement owns its handle, so this only happens if a Statement outlives its Database.
    int rc = sqlite3_close_v2(db);
    if (rc != SQLITE_OK) {
        logger()->error("sqlite close failed: {}", sqlite3_errstr(rc));
    }
}

Result<Database> Database::open(const std::filesystem::path& path, const OpenOptions& options) {
    int flags = options.readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    if (!options.readOnly && options.create) {
        flags |= SQLITE_OPEN_CREATE;
    }
    sqlite3* raw = nullptr;
    std::string name = path.string();
    int rc = sqlite3_open_v2(name.c_str(), &raw, flags, nullptr);
    DatabaseHandle handle(raw); // sqlite3_open_v2 may allocate a handle even when it fails
    if (rc != SQLITE_OK) {
        Error error = toStorageError(rc, raw, "open " + name);
        if (error.code != ErrorCode::StorageCorrupt) {
            error.code = ErrorCode::StorageOpenFailed;
        }
        return error;
    }
    sqlite3_extended_result_codes(raw, 1);
    Database db(std::move(handle));
    if (Status configured = db.configure(options); !configured) {
        Error error = configured.error();
        error.detail = "open " + name + ": " + error.detail;
        return error;
    }
    return db;
}

Status Database::configure(const OpenOptions& options) {
    int rc = sqlite3_busy_timeout(m_db.get(), std::max(options.busyTimeoutMs, 0));
    if (rc != SQLITE_OK) {
        return toStorageError(rc, m_db.get(), "busy_timeout");
    }
    // Reading the schema makes SQLite look at the file: a file that is not a database
    // fails here (SQLITE_NOTADB) rather than at the first real query.
    if (Result<std::int64_t> count = queryInt64("SELECT count(*) FROM sqlite_schema"); !count) {
        return count.error();
    }
    if (options.wal) {
        if (!options.readOnly) {
            if (Result<std::string> mode = queryText("PRAGMA journal_mode=WAL"); !mode) {
                return mode.error();
            }
        }
        Result<std::string> mode = queryText("PRAGMA journal_mode");
        if (!mode) {
            return mode.error();
        }
        std::string lower = *mode;
        std::transform(lower.begin(), lower.end(), lower.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (lower != "wal") {
            return Error{ErrorCode::StorageOpenFailed, "journal_mode is " + *mode + ", not wal"};
        }
    }
    if (Status set = exec("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON"); !set) {
        return set;
    }
    constexpr std::int64_t kSynchronousFull = 2;
    Result<std::int64_t> synchronous = queryInt64("PRAGMA synchronous");
    if (!synchronous) {
        return synchronous.error();
    }
    if (*synchronous != kSynchronousFull) {
        return Error{ErrorCode::StorageOpenFailed,
                     "synchronous is " + std::to_string(*synchronous) + ", not FULL (2)"};
    }
    Result<std::int64_t> foreignKeys = queryInt64("PRAGMA foreign_keys");
    if (!foreignKeys) {
        return foreignKeys.error();
    }
    if (*foreignKeys != 1) {
        return Error{ErrorCode::StorageOpenFailed, "foreign_keys could not be enabled"};
    }
    return {};
}

Status Database::exec(std::string_view sql) {
    std::string terminated(sql);
    char* message = nullptr;
    int rc = sqlite3_exec(m_db.get(), terminated.c_str(), nullptr, nullptr, &message);
    std::unique_ptr<char, decltype(&sqlite3_free)> owned(message, &sqlite3_free);
    if (rc != SQLITE_OK) {
        return toStorageError(rc, m_db.get(), "exec");
    }
    return {};
}

Result<Statement> Database::prepare(std::string_view sql) {
    if (sql.size() > static_cast<std::size_t>(INT_MAX)) {
        return Error{ErrorCode::InvalidArgument, "prepare: SQL too long"};
    }
    sqlite3_stmt* raw = nullptr;
    const char* tail = nullptr;
    int rc =
        sqlite3_prepare_v3(m_db.get(), sql.data(), static_cast<int>(sql.size()), 0, &raw, &tail);
    StatementHandle stmt(raw);
    if (rc != SQLITE_OK) {
        return toStorageError(rc, m_db.get(), "prepare");
    }
    if (!stmt) {
        return Error{ErrorCode::InvalidArgument, "prepare: no statement in SQL"};
    }
    std::string_view rest(tail, static_cast<std::size_t>(sql.data() + sql.size() - tail));
    bool onlySpace = std::all_of(rest.begin(), rest.end(), [](char c) {
        return c == ';' || std::isspace(static_cast<unsigned char>(c)) != 0;
    });
    if (!onlySpace) {
        return Error{ErrorCode::InvalidArgument, "prepare: more than one statement in SQL"};
    }
    return Statement(std::move(stmt), m_db.get());
}

Result<std::int64_t> Database::queryInt64(std::string_view sql) {
    Result<Statement> stmt = prepare(sql);
    if (!stmt) {
        return stmt.error();
    }
    Result<StepResult> stepped = stmt->step();
    if (!stepped) {
        return stepped.error();
    }
    if (*stepped != StepResult::Row) {
        return Error{ErrorCode::NotFound, "query returned no row"};
    }
    return stmt->columnInt64(0);
}

Result<std::string> Database::queryText(std::string_view sql) {
    Result<Statement> stmt = prepare(sql);
    if (!stmt) {
        return stmt.error();
    }
    Result<StepResult> stepped = stmt->step();
    if (!stepped) {
        return stepped.error();
    }
    if (*stepped != StepResult::Row) {
        return Error{ErrorCode::NotFound, "query returned no row"};
    }
    return stmt->columnText(0);
}

std::int64_t Database::lastInsertRowId() const {
    return sqlite3_last_insert_rowid(m_db.get());
}

std::int64_t Database::changes() const {
    return sqlite3_changes64(m_db.get());
}

bool Database::inTransaction() const {
    return sqlite3_get_autocommit(m_db.get()) == 0;
}

bool Database::readOnly() const {
    return sqlite3_db_readonly(m_db.get(), "main") == 1;
}

} // namespace madoguchi::sqlite
