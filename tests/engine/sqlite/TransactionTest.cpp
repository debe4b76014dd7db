// SPDX-License-Identifier: Apache-2.0
#include "sqlite/Transaction.h"

#include "ScratchDir.h"
#include "sqlite/Database.h"

#include <gtest/gtest.h>

#include <string>

using madoguchi::ErrorCode;
using madoguchi::sqlite::Database;
using madoguchi::sqlite::OpenOptions;
using madoguchi::sqlite::Transaction;
using madoguchi::test::ScratchDir;

namespace {

Database openOrDie(const std::filesystem::path& path, int busyMs = 5000) {
    OpenOptions options;
    options.busyTimeoutMs = busyMs;
    auto db = Database::open(path, options);
    EXPECT_TRUE(db.ok()) << db.error().detail;
    return std::move(db).value();
}

std::int64_t count(Database& db) {
    auto n = db.queryInt64("SELECT count(*) FROM t");
    EXPECT_TRUE(n.ok());
    return n.ok() ? *n : -1;
}

} // namespace

TEST(Transaction, CommittedWorkIsSeenByAnotherConnection) {
    ScratchDir dir;
    Database writer = openOrDie(dir.file("t.db"));
    ASSERT_TRUE(writer.exec("CREATE TABLE t(x)").ok());
    Database reader = openOrDie(dir.file("t.db"));
    auto tx = Transaction::begin(writer);
    ASSERT_TRUE(tx.ok());
    EXPECT_TRUE(writer.inTransaction());
    ASSERT_TRUE(writer.exec("INSERT INTO t VALUES (1)").ok());
    EXPECT_EQ(count(reader), 0); // not yet committed
    ASSERT_TRUE(tx->commit().ok());
    EXPECT_FALSE(writer.inTransaction());
    EXPECT_EQ(count(reader), 1);
}

TEST(Transaction, DestroyedWithoutCommitRollsBack) {
    ScratchDir dir;
    Database db = openOrDie(dir.file("t.db"));
    ASSERT_TRUE(db.exec("CREATE TABLE t(x)").ok());
    {
        auto tx = Transaction::begin(db);
        ASSERT_TRUE(tx.ok());
        ASSERT_TRUE(db.exec("INSERT INTO t VALUES (1)").ok());
    }
    EXPECT_FALSE(db.inTransaction());
    EXPECT_EQ(count(db), 0);
}

TEST(Transaction, MovedTransactionIsRolledBackOnlyOnce) {
    ScratchDir dir;
    Database db = openOrDie(dir.file("t.db"));
    ASSERT_TRUE(db.exec("CREATE TABLE t(x)").ok());
    auto tx = Transaction::begin(db);
    ASSERT_TRUE(tx.ok());
    Transaction moved = std::move(tx).value();
    ASSERT_TRUE(db.exec("INSERT INTO t VALUES (1)").ok());
    ASSERT_TRUE(moved.commit().ok());
    EXPECT_EQ(count(db), 1);
    EXPECT_FALSE(moved.commit().ok()); // a second commit is a programming error, reported
}

TEST(Transaction, SecondWriterIsBusyWhileTheFirstHoldsTheLock) {
    ScratchDir dir;
    Database first = openOrDie(dir.file("t.db"));
    ASSERT_TRUE(first.exec("CREATE TABLE t(x)").ok());
    Database second = openOrDie(dir.file("t.db"), 50);
    auto held = Transaction::begin(first);
    ASSERT_TRUE(held.ok());
    auto blocked = Transaction::begin(second);
    ASSERT_FALSE(blocked.ok());
    EXPECT_EQ(blocked.code(), ErrorCode::StorageBusy);
    ASSERT_TRUE(held->commit().ok());
    auto now = Transaction::begin(second);
    EXPECT_TRUE(now.ok());
}

TEST(Transaction, FullDiskFailsWithStorageIoAndLeavesNothingBehind) {
    ScratchDir dir;
    Database db = openOrDie(dir.file("t.db"));
    ASSERT_TRUE(db.exec("CREATE TABLE t(x)").ok());
    ASSERT_TRUE(db.exec("INSERT INTO t VALUES ('kept')").ok());
    auto pages = db.queryInt64("PRAGMA page_count");
    ASSERT_TRUE(pages.ok());
    // A tiny "disk": the file may not grow past its current size.
    ASSERT_TRUE(db.exec("PRAGMA max_page_count=" + std::to_string(*pages)).ok());
    auto tx = Transaction::begin(db);
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(db.exec("INSERT INTO t VALUES ('small')").ok()); // fits in the page
    auto big = db.exec("INSERT INTO t VALUES (zeroblob(100000))");
    ASSERT_FALSE(big.ok());
    EXPECT_EQ(big.code(), ErrorCode::StorageIo);
    tx->rollback().ok() ? void() : ADD_FAILURE();
    EXPECT_EQ(count(db), 1);
}
