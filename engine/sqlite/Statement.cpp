// SPDX-License-Identifier: Apache-2.0
#include "sqlite/Statement.h"

#include "sqlite/SqliteError.h"

#include <sqlite3.h>

#include <cstring>

namespace madoguchi::sqlite {

void StatementDeleter::operator()(sqlite3_stmt* stmt) const {
    // sqlite3_finalize repeats the last step error; that error was reported by step().
    sqlite3_finalize(stmt);
}

Status Statement::check(int rc, std::string_view what) const {
    if (rc == SQLITE_OK) {
        return {};
    }
    return toStorageError(rc, m_db, what);
}

Status Statement::bind(int index, std::int64_t value) {
    return check(sqlite3_bind_int64(m_stmt.get(), index, value), "bind int64");
}

Status Statement::bind(int index, double value) {
    return check(sqlite3_bind_double(m_stmt.get(), index, value), "bind double");
}

Status Statement::bind(int index, std::string_view text) {
    // A null data pointer would bind NULL; an empty text must stay an empty text.
    const char* data = text.data() != nullptr ? text.data() : "";
    return check(
        sqlite3_bind_text64(m_stmt.get(), index, data, text.size(), SQLITE_TRANSIENT, SQLITE_UTF8),
        "bind text");
}

Status Statement::bind(int index, std::span<const std::uint8_t> blob) {
    if (blob.empty()) {
        // sqlite3_bind_blob with a null pointer binds NULL; a zero-length zeroblob is a blob.
        return check(sqlite3_bind_zeroblob(m_stmt.get(), index, 0), "bind blob");
    }
    return check(
        sqlite3_bind_blob64(m_stmt.get(), index, blob.data(), blob.size(), SQLITE_TRANSIENT),
        "bind blob");
}

Status Statement::bindNull(int index) {
    return check(sqlite3_bind_null(m_stmt.get(), index), "bind null");
}

Status Statement::bindNull(std::string_view name) {
    Result<int> index = parameterIndex(name);
    if (!index) {
        return index.error();
    }
    return bindNull(*index);
}

Result<int> Statement::parameterIndex(std::string_view name) const {
    std::string terminated(name);
    int index = sqlite3_bind_parameter_index(m_stmt.get(), terminated.c_str());
    if (index == 0) {
        return Error{ErrorCode::InvalidArgument, "no SQL parameter named " + terminated};
    }
    return index;
}

Result<StepResult> Statement::step() {
    int rc = sqlite3_step(m_stmt.get());
    if (rc == SQLITE_ROW) {
        return StepResult::Row;
    }
    if (rc == SQLITE_DONE) {
        return StepResult::Done;
    }
    return toStorageError(rc, m_db, "step");
}

Status Statement::run() {
    Result<StepResult> stepped = step();
    if (!stepped) {
        return stepped.error();
    }
    if (*stepped != StepResult::Done) {
        return Error{ErrorCode::Internal, "run: statement returned rows"};
    }
    return {};
}

int Statement::columnCount() const {
    return sqlite3_column_count(m_stmt.get());
}

ColumnType Statement::columnType(int column) const {
    switch (sqlite3_column_type(m_stmt.get(), column)) {
    case SQLITE_INTEGER:
        return ColumnType::Integer;
    case SQLITE_FLOAT:
        return ColumnType::Float;
    case SQLITE_TEXT:
        return ColumnType::Text;
    case SQLITE_BLOB:
        return ColumnType::Blob;
    default:
        return ColumnType::Null;
    }
}

std::int64_t Statement::columnInt64(int column) const {
    return sqlite3_column_int64(m_stmt.get(), column);
}

double Statement::columnDouble(int column) const {
    return sqlite3_column_double(m_stmt.get(), column);
}

std::string Statement::columnText(int column) const {
    const unsigned char* text = sqlite3_column_text(m_stmt.get(), column);
    int size = sqlite3_column_bytes(m_stmt.get(), column); // after _text, as SQLite asks
    if (text == nullptr || size <= 0) {
        return {};
    }
    return std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(size));
}

std::vector<std::uint8_t> Statement::columnBlob(int column) const {
    const void* blob = sqlite3_column_blob(m_stmt.get(), column);
    int size = sqlite3_column_bytes(m_stmt.get(), column);
    if (blob == nullptr || size <= 0) {
        return {};
    }
    const auto* bytes = static_cast<const std::uint8_t*>(blob);
    return std::vector<std::uint8_t>(bytes, bytes + size);
}

SecureBuffer Statement::columnSecureBlob(int column) const {
    const void* blob = sqlite3_column_blob(m_stmt.get(), column);
    int size = sqlite3_column_bytes(m_stmt.get(), column);
    if (blob == nullptr || size <= 0) {
        return {};
    }
    return SecureBuffer(std::span<const std::uint8_t>(static_cast<const std::uint8_t*>(blob),
                                                      static_cast<std::size_t>(size)));
}

std::string Statement::columnName(int column) const {
    const char* name = sqlite3_column_name(m_stmt.get(), column);
    return name != nullptr ? std::string(name) : std::string();
}

Status Statement::reset() {
    // In the v2 interface sqlite3_reset repeats the last step's error; that was reported
    // already, so only a failure to reset itself matters. Reset twice to tell them apart.
    sqlite3_reset(m_stmt.get());
    return check(sqlite3_reset(m_stmt.get()), "reset");
}

Status Statement::clearBindings() {
    return check(sqlite3_clear_bindings(m_stmt.get()), "clear bindings");
}

} // namespace madoguchi::sqlite
