// SPDX-License-Identifier: Apache-2.0
#include "sqlite/Migrations.h"

#include "ScratchDir.h"
#include "sqlite/Database.h"

#include <gtest/gtest.h>

using madoguchi::ErrorCode;
using madoguchi::Status;
using madoguchi::sqlite::Database;
using madoguchi::sqlite::Migrations;
using madoguchi::test::ScratchDir;

namespace {

Migrations twoSteps() {
    Migrations m;
    m.add(1, "CREATE TABLE a(x INTEGER); INSERT INTO a VALUES (1);");
    m.add(2, [](Database& db) { return db.exec("ALTER TABLE a ADD COLUMN y TEXT"); });
    return m;
}

bool hasTable(Database& db, const std::string& name) {
    auto n = db.queryInt64("SELECT count(*) FROM sqlite_schema WHERE name = '" + name + "'");
    return n.ok() && *n == 1;
}

} // namespace

TEST(Migrations, FreshDatabaseIsBroughtToTheLatestVersion) {
    ScratchDir dir;
    auto db = Database::open(dir.file("m.db"));
    ASSERT_TRUE(db.ok());
    auto before = twoSteps().apply(*db);
    ASSERT_TRUE(before.ok()) << before.error().detail;
    EXPECT_EQ(*before, 0);
    EXPECT_EQ(*Migrations::currentVersion(*db), 2);
    EXPECT_TRUE(db->prepare("SELECT x, y FROM a").ok());
}

TEST(Migrations, OnlyPendingMigrationsRunAndAgainIsANoOp) {
    ScratchDir dir;
    {
        auto db = Database::open(dir.file("m.db"));
        ASSERT_TRUE(db.ok());
        Migrations first;
        first.add(1, "CREATE TABLE a(x INTEGER); INSERT INTO a VALUES (1);");
        ASSERT_TRUE(first.apply(*db).ok());
    }
    auto db = Database::open(dir.file("m.db"));
    ASSERT_TRUE(db.ok());
    auto before = twoSteps().apply(*db);
    ASSERT_TRUE(before.ok()) << before.error().detail;
    EXPECT_EQ(*before, 1);
    // Migration 1 did not run twice: its INSERT would have added a second row.
    EXPECT_EQ(*db->queryInt64("SELECT count(*) FROM a"), 1);
    auto again = twoSteps().apply(*db);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(*again, 2);
    EXPECT_EQ(*db->queryInt64("SELECT count(*) FROM a"), 1);
}

TEST(Migrations, DatabaseNewerThanTheProgramIsRefusedUntouched) {
    ScratchDir dir;
    auto db = Database::open(dir.file("m.db"));
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(db->exec("CREATE TABLE future(z); PRAGMA user_version=7").ok());
    auto applied = twoSteps().apply(*db);
    ASSERT_FALSE(applied.ok());
    EXPECT_EQ(applied.code(), ErrorCode::StorageSchemaTooNew);
    EXPECT_EQ(*Migrations::currentVersion(*db), 7);
    EXPECT_FALSE(hasTable(*db, "a"));
}

TEST(Migrations, FailingMigrationLeavesTheDatabaseAsItWas) {
    ScratchDir dir;
    auto db = Database::open(dir.file("m.db"));
    ASSERT_TRUE(db.ok());
    Migrations m = twoSteps();
    m.add(3, "CREATE TABLE b(x); THIS IS NOT SQL;");
    auto applied = m.apply(*db);
    ASSERT_FALSE(applied.ok());
    EXPECT_EQ(applied.code(), ErrorCode::StorageMigrationFailed);
    EXPECT_NE(applied.error().detail.find("migration 3"), std::string::npos);
    EXPECT_EQ(*Migrations::currentVersion(*db), 0);
    EXPECT_FALSE(hasTable(*db, "a"));
    EXPECT_FALSE(hasTable(*db, "b"));
    EXPECT_FALSE(db->inTransaction());
}

TEST(Migrations, GapInNumberingIsAProgrammingErrorCaughtBeforeAnyChange) {
    ScratchDir dir;
    auto db = Database::open(dir.file("m.db"));
    ASSERT_TRUE(db.ok());
    Migrations m;
    m.add(1, "CREATE TABLE a(x)");
    m.add(3, "CREATE TABLE c(x)");
    auto applied = m.apply(*db);
    ASSERT_FALSE(applied.ok());
    EXPECT_EQ(applied.code(), ErrorCode::Internal);
    EXPECT_FALSE(hasTable(*db, "a"));
}
