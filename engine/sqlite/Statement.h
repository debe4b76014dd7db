// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Result.h"
#include "core/SecureBuffer.h"

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace madoguchi::sqlite {

struct StatementDeleter {
    void operator()(sqlite3_stmt* stmt) const;
};
using StatementHandle = std::unique_ptr<sqlite3_stmt, StatementDeleter>;

enum class StepResult { Row, Done };

enum class ColumnType { Integer, Float, Text, Blob, Null };

// A prepared statement; made by Database::prepare, valid while its Database lives.
// Indexes for bind are 1-based (as in SQLite), indexes for columns are 0-based.
// Names for bind include their prefix: ":uuid", "@id", "$x".
// Text and blobs are copied by SQLite when bound (SQLITE_TRANSIENT), so the caller's
// buffer may be wiped right after the bind.
class Statement {
public:
    Statement(StatementHandle stmt, sqlite3* db) : m_stmt(std::move(stmt)), m_db(db) {}
    Statement(Statement&&) noexcept = default;
    Statement& operator=(Statement&&) noexcept = default;

    Status bind(int index, std::int64_t value);
    Status bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Status bind(int index, double value);
    Status bind(int index, std::string_view text);
    Status bind(int index, const char* text) { return bind(index, std::string_view(text)); }
    Status bind(int index, std::span<const std::uint8_t> blob); // empty blob stays a blob
    Status bind(int index, const SecureBuffer& blob) { return bind(index, blob.bytes()); }
    Status bindNull(int index);

    template <class T>
    Status bind(std::string_view name, const T& value) {
        Result<int> index = parameterIndex(name);
        if (!index) {
            return index.error();
        }
        return bind(*index, value);
    }
    Status bindNull(std::string_view name);

    // Row: a row is ready for the column getters. Done: the statement has finished.
    // An error leaves the statement needing reset().
    Result<StepResult> step();
    // Steps once and expects Done: for INSERT, UPDATE, DELETE and DDL.
    Status run();

    int columnCount() const;
    ColumnType columnType(int column) const;
    bool columnIsNull(int column) const { return columnType(column) == ColumnType::Null; }
    std::int64_t columnInt64(int column) const;
    double columnDouble(int column) const;
    std::string columnText(int column) const;
    std::vector<std::uint8_t> columnBlob(int column) const;
    // For secret bytes read back (they should not be there in plain text, but keys may be).
    SecureBuffer columnSecureBlob(int column) const;
    std::string columnName(int column) const;

    // Makes the statement ready to step again; bindings are kept (clearBindings drops them).
    Status reset();
    Status clearBindings();

    sqlite3_stmt* handle() const { return m_stmt.get(); }

private:
    Result<int> parameterIndex(std::string_view name) const;
    Status check(int rc, std::string_view what) const;

    StatementHandle m_stmt;
    sqlite3* m_db = nullptr;
};

} // namespace madoguchi::sqlite
