// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Result.h"
#include "core/Try.h"
#include "sqlite/Database.h"
#include "sqlite/Statement.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace madoguchi::sqlite {

// One way to bind, step and read rows into structs, for the kiosk's local store and the
// central service's SQLite store:
//
//   MADOGUCHI_TRY_ASSIGN(auto stmt, prepareBound(db, "SELECT a, b FROM t WHERE c = ?", c));
//   return readAll<Item>(stmt, [](Row& row) { return Item{row.text(), row.int64()}; });
//
// Parameters bind in order from 1; std::nullopt (an empty optional) binds NULL. Columns are
// read in the order of the SELECT list, so a struct's reader names no column positions.

// Times as the stores keep them: milliseconds since the Unix epoch (UTC).
using TimePoint = std::chrono::system_clock::time_point;
inline std::int64_t toMs(TimePoint t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}
inline TimePoint fromMs(std::int64_t ms) {
    return TimePoint(
        std::chrono::duration_cast<TimePoint::duration>(std::chrono::milliseconds(ms)));
}

// The current row of a statement, read column after column.
class Row {
public:
    explicit Row(const Statement& stmt) : m_stmt(stmt) {}

    std::int64_t int64() { return m_stmt.columnInt64(m_column++); }
    // NULL reads as empty text.
    std::string text() { return m_stmt.columnText(m_column++); }
    std::vector<std::uint8_t> blob() { return m_stmt.columnBlob(m_column++); }
    TimePoint time() { return fromMs(int64()); }
    std::optional<std::int64_t> optionalInt64() {
        if (m_stmt.columnIsNull(m_column)) {
            ++m_column;
            return std::nullopt;
        }
        return int64();
    }
    std::optional<TimePoint> optionalTime() {
        auto ms = optionalInt64();
        return ms ? std::optional<TimePoint>(fromMs(*ms)) : std::nullopt;
    }
    // The next column's position (0-based), e.g. to skip one.
    int column() const { return m_column; }
    void skip() { ++m_column; }

private:
    const Statement& m_stmt;
    int m_column = 0;
};

namespace detail {
inline Status bindOne(Statement& stmt, int index, std::nullopt_t) {
    return stmt.bindNull(index);
}
inline Status bindOne(Statement& stmt, int index, TimePoint t) {
    return stmt.bind(index, toMs(t));
}
inline Status bindOne(Statement& stmt, int index, const std::string& text) {
    return stmt.bind(index, std::string_view(text));
}
template <class T>
Status bindOne(Statement& stmt, int index, const std::optional<T>& value) {
    return value ? bindOne(stmt, index, *value) : stmt.bindNull(index);
}
template <class T>
Status bindOne(Statement& stmt, int index, const T& value) {
    if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
        return stmt.bind(index, static_cast<std::int64_t>(value));
    } else {
        return stmt.bind(index, value);
    }
}
} // namespace detail

// Binds `args` to parameters 1..N, in order.
template <class... Args>
Status bindAll(Statement& stmt, const Args&... args) {
    Status bound;
    if constexpr (sizeof...(Args) > 0) {
        int index = 0;
        // Stops at the first failure; later parameters are not bound.
        auto bindNext = [&](const auto& arg) {
            if (bound) {
                bound = detail::bindOne(stmt, ++index, arg);
            }
        };
        (bindNext(args), ...);
    } else {
        (void)stmt;
    }
    return bound;
}

// Prepares `sql` and binds `args` to it.
template <class... Args>
Result<Statement> prepareBound(Database& db, std::string_view sql, const Args&... args) {
    MADOGUCHI_TRY_ASSIGN(auto stmt, db.prepare(sql));
    MADOGUCHI_TRY(bindAll(stmt, args...));
    return stmt;
}

// Runs a statement without rows (INSERT, UPDATE, DELETE) with `args` bound.
template <class... Args>
Status execute(Database& db, std::string_view sql, const Args&... args) {
    MADOGUCHI_TRY_ASSIGN(auto stmt, prepareBound(db, sql, args...));
    return stmt.run();
}

// Every row, each made by `read(Row&)`.
template <class Read>
auto readAll(Statement& stmt, Read read) -> Result<std::vector<std::invoke_result_t<Read, Row&>>> {
    std::vector<std::invoke_result_t<Read, Row&>> rows;
    for (;;) {
        MADOGUCHI_TRY_ASSIGN(const StepResult step, stmt.step());
        if (step == StepResult::Done) {
            return rows;
        }
        Row row(stmt);
        rows.push_back(read(row));
    }
}

// The first row made by `read(Row&)`, or nullopt when there is none.
template <class Read>
auto readOne(Statement& stmt, Read read)
    -> Result<std::optional<std::invoke_result_t<Read, Row&>>> {
    MADOGUCHI_TRY_ASSIGN(const StepResult step, stmt.step());
    if (step == StepResult::Done) {
        return std::optional<std::invoke_result_t<Read, Row&>>();
    }
    Row row(stmt);
    return std::optional<std::invoke_result_t<Read, Row&>>(read(row));
}

} // namespace madoguchi::sqlite
