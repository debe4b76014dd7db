// SPDX-License-Identifier: Apache-2.0
// The storage helpers: parameters bound in order (an empty optional as NULL, times as
// milliseconds), rows read column after column into structs, and the first failure passed up
// by MADOGUCHI_TRY without a hand-written check after each call.
#include "sqlite/Query.h"

#include "core/Try.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace madoguchi::sqlite {
namespace {

using namespace std::chrono_literals;

struct Item {
    std::int64_t id = 0;
    std::string name;
    std::optional<TimePoint> doneAt;
    bool operator==(const Item&) const = default;
};

Item readItem(Row& row) {
    Item item;
    item.id = row.int64();
    item.name = row.text();
    item.doneAt = row.optionalTime();
    return item;
}

class QueryTest : public ::testing::Test {
protected:
    QueryTest() {
        OpenOptions memory;
        memory.wal = false;
        auto db = Database::open(":memory:", memory);
        EXPECT_TRUE(db.ok());
        m_db.emplace(std::move(db).value());
        EXPECT_TRUE(
            m_db->exec("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, done_at "
                       "INTEGER) STRICT")
                .ok());
    }

    Status insert(std::int64_t id, const std::string& name, std::optional<TimePoint> doneAt) {
        return execute(*m_db, "INSERT INTO items (id, name, done_at) VALUES (?, ?, ?)", id, name,
                       doneAt);
    }

    Result<std::vector<Item>> all() {
        MADOGUCHI_TRY_ASSIGN(
            auto stmt, prepareBound(*m_db, "SELECT id, name, done_at FROM items ORDER BY id"));
        return readAll(stmt, readItem);
    }

    std::optional<Database> m_db;
};

TEST_F(QueryTest, BindsInOrderAndReadsRowsIntoStructs) {
    const TimePoint done = fromMs(1'800'000'000'123);
    ASSERT_TRUE(insert(1, "first", std::nullopt).ok());
    ASSERT_TRUE(insert(2, "二番目", done).ok());
    auto items = all();
    ASSERT_TRUE(items.ok()) << items.error().detail;
    EXPECT_EQ(*items, (std::vector<Item>{{1, "first", std::nullopt}, {2, "二番目", done}}));
}

TEST_F(QueryTest, ReadOneGivesTheFirstRowOrNothing) {
    ASSERT_TRUE(insert(7, "seven", std::nullopt).ok());
    auto stmt = prepareBound(*m_db, "SELECT id, name, done_at FROM items WHERE id = ?", 7);
    ASSERT_TRUE(stmt.ok());
    auto found = readOne(*stmt, readItem);
    ASSERT_TRUE(found.ok());
    ASSERT_TRUE(found->has_value());
    EXPECT_EQ((*found)->name, "seven");

    auto none = prepareBound(*m_db, "SELECT id, name, done_at FROM items WHERE id = ?", 8);
    ASSERT_TRUE(none.ok());
    auto missing = readOne(*none, readItem);
    ASSERT_TRUE(missing.ok());
    EXPECT_FALSE(missing->has_value());
}

TEST_F(QueryTest, TheFirstFailurePassesUp) {
    ASSERT_TRUE(insert(1, "one", std::nullopt).ok());
    // A constraint: the same primary key again.
    const Status twice = insert(1, "again", std::nullopt);
    ASSERT_FALSE(twice.ok());
    EXPECT_EQ(twice.code(), ErrorCode::StorageConstraint);
    // SQL that does not compile stops before any bind.
    EXPECT_FALSE(execute(*m_db, "INSERT INTO nowhere VALUES (?)", 1).ok());
    // More arguments than parameters: the bind fails, nothing runs.
    EXPECT_FALSE(execute(*m_db, "DELETE FROM items WHERE id = ?", 1, 2).ok());
    auto items = all();
    ASSERT_TRUE(items.ok());
    EXPECT_EQ(items->size(), 1U);
}

Result<int> addChecked(Result<int> a, Result<int> b) {
    MADOGUCHI_TRY_ASSIGN(const int x, std::move(a));
    MADOGUCHI_TRY_ASSIGN(const int y, std::move(b));
    return x + y;
}

Status both(Status a, Status b) {
    MADOGUCHI_TRY(std::move(a));
    MADOGUCHI_TRY(std::move(b));
    return {};
}

TEST(Try, PassesTheFirstErrorAndOtherwiseTheValue) {
    EXPECT_EQ(*addChecked(2, 3), 5);
    EXPECT_EQ(addChecked(Error{ErrorCode::NotFound, "a"}, 3).error().detail, "a");
    EXPECT_EQ(addChecked(2, Error{ErrorCode::StorageIo, "b"}).code(), ErrorCode::StorageIo);
    EXPECT_TRUE(both({}, {}).ok());
    EXPECT_EQ(both(Error{ErrorCode::StorageBusy, "first"}, Error{ErrorCode::StorageIo, "second"})
                  .error()
                  .detail,
              "first");
}

} // namespace
} // namespace madoguchi::sqlite
