// SPDX-License-Identifier: Apache-2.0
#include "sqlite/Database.h"

#include "ScratchDir.h"
#include "sqlite/SqliteError.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>

using madoguchi::ErrorCode;
using madoguchi::sqlite::Database;
using madoguchi::sqlite::OpenOptions;
using madoguchi::test::ScratchDir;

namespace {

// Asks SQLite directly, through its own C API, so the check does not trust our wrapper.
std::string rawPragma(sqlite3* db, const char* pragma) {
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, pragma, -1, &stmt, nullptr), SQLITE_OK);
    std::string value;
    if (sqlite3_step(stmt) == SQLITE_ROW) {
        value = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
    return value;
}

} // namespace

TEST(Database, OpenTurnsOnWalFullSyncAndForeignKeys) {
    ScratchDir dir;
    auto db = Database::open(dir.file("a.db"));
    ASSERT_TRUE(db.ok()) << db.error().detail;
    EXPECT_EQ(rawPragma(db->handle(), "PRAGMA journal_mode"), "wal");
    EXPECT_EQ(rawPragma(db->handle(), "PRAGMA synchronous"), "2");
    EXPECT_EQ(rawPragma(db->handle(), "PRAGMA foreign_keys"), "1");
    EXPECT_FALSE(db->readOnly());
}

TEST(Database, WalModeIsRecordedInTheFileForOtherConnections) {
    ScratchDir dir;
    {
        auto db = Database::open(dir.file("a.db"));
        ASSERT_TRUE(db.ok());
        ASSERT_TRUE(db->exec("CREATE TABLE t(x)").ok());
    }
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open_v2(dir.file("a.db").c_str(), &raw, SQLITE_OPEN_READONLY, nullptr),
              SQLITE_OK);
    EXPECT_EQ(rawPragma(raw, "PRAGMA journal_mode"), "wal");
    sqlite3_close(raw);
}

TEST(Database, FileThatIsNotADatabaseIsReportedCorrupt) {
    ScratchDir dir;
    {
        std::ofstream junk(dir.file("junk.db"), std::ios::binary);
        for (int i = 0; i < 200; ++i) {
            junk << "this is not an sqlite database, just text. ";
        }
    }
    auto db = Database::open(dir.file("junk.db"));
    ASSERT_FALSE(db.ok());
    EXPECT_EQ(db.code(), ErrorCode::StorageCorrupt);
}

TEST(Database, MissingFileWithoutCreateFailsToOpen) {
    ScratchDir dir;
    OpenOptions options;
    options.create = false;
    auto db = Database::open(dir.file("absent.db"), options);
    ASSERT_FALSE(db.ok());
    EXPECT_EQ(db.code(), ErrorCode::StorageOpenFailed);
    EXPECT_FALSE(std::filesystem::exists(dir.file("absent.db")));
}

TEST(Database, MissingDirectoryFailsToOpen) {
    ScratchDir dir;
    auto db = Database::open(dir.file("no/such/dir/a.db"));
    ASSERT_FALSE(db.ok());
    EXPECT_EQ(db.code(), ErrorCode::StorageOpenFailed);
}

TEST(Database, ReadOnlyConnectionReadsButRefusesWrites) {
    ScratchDir dir;
    {
        auto db = Database::open(dir.file("a.db"));
        ASSERT_TRUE(db.ok());
        ASSERT_TRUE(db->exec("CREATE TABLE t(x); INSERT INTO t VALUES (42)").ok());
    }
    OpenOptions options;
    options.readOnly = true;
    auto db = Database::open(dir.file("a.db"), options);
    ASSERT_TRUE(db.ok()) << db.error().detail;
    EXPECT_TRUE(db->readOnly());
    auto value = db->queryInt64("SELECT x FROM t");
    ASSERT_TRUE(value.ok());
    EXPECT_EQ(*value, 42);
    auto write = db->exec("INSERT INTO t VALUES (1)");
    ASSERT_FALSE(write.ok());
    EXPECT_EQ(write.code(), ErrorCode::StorageIo);
}

TEST(Database, PrepareRefusesASecondStatementInsteadOfIgnoringIt) {
    ScratchDir dir;
    auto db = Database::open(dir.file("a.db"));
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(db->exec("CREATE TABLE t(x)").ok());
    auto stmt = db->prepare("INSERT INTO t VALUES (1); DELETE FROM t");
    ASSERT_FALSE(stmt.ok());
    EXPECT_EQ(stmt.code(), ErrorCode::InvalidArgument);
    EXPECT_TRUE(db->prepare("INSERT INTO t VALUES (1);  \n").ok());
}

TEST(Database, MalformedSqlIsAnInternalErrorNamingTheProblem) {
    ScratchDir dir;
    auto db = Database::open(dir.file("a.db"));
    ASSERT_TRUE(db.ok());
    auto stmt = db->prepare("SELEC 1");
    ASSERT_FALSE(stmt.ok());
    EXPECT_EQ(stmt.code(), ErrorCode::Internal);
    EXPECT_NE(stmt.error().detail.find("syntax error"), std::string::npos);
    auto missing = db->prepare("SELECT * FROM nowhere");
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.error().detail.find("nowhere"), std::string::npos);
}

TEST(Database, LastInsertRowIdAndChangesFollowWrites) {
    ScratchDir dir;
    auto db = Database::open(dir.file("a.db"));
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(db->exec("CREATE TABLE t(id INTEGER PRIMARY KEY, x)").ok());
    ASSERT_TRUE(db->exec("INSERT INTO t(x) VALUES (1),(2),(3)").ok());
    EXPECT_EQ(db->lastInsertRowId(), 3);
    ASSERT_TRUE(db->exec("UPDATE t SET x = 0 WHERE id >= 2").ok());
    EXPECT_EQ(db->changes(), 2);
}

TEST(SqliteError, ExtendedCodesMapByTheirPrimaryCode) {
    using madoguchi::sqlite::toStorageErrorCode;
    EXPECT_EQ(toStorageErrorCode(SQLITE_IOERR_FSYNC), ErrorCode::StorageIo);
    EXPECT_EQ(toStorageErrorCode(SQLITE_BUSY_SNAPSHOT), ErrorCode::StorageBusy);
    EXPECT_EQ(toStorageErrorCode(SQLITE_CORRUPT_INDEX), ErrorCode::StorageCorrupt);
    EXPECT_EQ(toStorageErrorCode(SQLITE_CONSTRAINT_UNIQUE), ErrorCode::StorageConstraint);
    EXPECT_EQ(toStorageErrorCode(SQLITE_CANTOPEN_ISDIR), ErrorCode::StorageOpenFailed);
    EXPECT_EQ(toStorageErrorCode(SQLITE_READONLY_DBMOVED), ErrorCode::StorageIo);
}
