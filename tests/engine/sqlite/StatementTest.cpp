// SPDX-License-Identifier: Apache-2.0
#include "ScratchDir.h"
#include "core/SecureBuffer.h"
#include "sqlite/Database.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

using madoguchi::ErrorCode;
using madoguchi::SecureBuffer;
using madoguchi::sqlite::ColumnType;
using madoguchi::sqlite::Database;
using madoguchi::sqlite::StepResult;
using madoguchi::test::ScratchDir;

namespace {

class StatementTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto opened = Database::open(m_dir.file("s.db"));
        ASSERT_TRUE(opened.ok()) << opened.error().detail;
        m_db.emplace(std::move(opened).value());
        ASSERT_TRUE(m_db->exec("CREATE TABLE v(i INTEGER, d REAL, t TEXT, b BLOB, n)").ok());
    }
    Database& db() { return *m_db; }

    ScratchDir m_dir;
    std::optional<Database> m_db;
};

} // namespace

TEST_F(StatementTest, EveryTypeBoundByIndexReadsBackUnchanged) {
    const std::string text("健保ポータル\0after-nul", 28);
    const std::vector<std::uint8_t> blob{0x00, 0xff, 0x00, 0x7f, 0x80};
    auto insert = db().prepare("INSERT INTO v VALUES (?1, ?2, ?3, ?4, ?5)");
    ASSERT_TRUE(insert.ok());
    ASSERT_TRUE(insert->bind(1, std::numeric_limits<std::int64_t>::min()).ok());
    ASSERT_TRUE(insert->bind(2, -0.125).ok());
    ASSERT_TRUE(insert->bind(3, std::string_view(text)).ok());
    ASSERT_TRUE(insert->bind(4, std::span<const std::uint8_t>(blob)).ok());
    ASSERT_TRUE(insert->bindNull(5).ok());
    ASSERT_TRUE(insert->run().ok());

    auto select = db().prepare("SELECT i, d, t, b, n FROM v");
    ASSERT_TRUE(select.ok());
    auto row = select->step();
    ASSERT_TRUE(row.ok());
    ASSERT_EQ(*row, StepResult::Row);
    EXPECT_EQ(select->columnCount(), 5);
    EXPECT_EQ(select->columnName(2), "t");
    EXPECT_EQ(select->columnType(0), ColumnType::Integer);
    EXPECT_EQ(select->columnInt64(0), std::numeric_limits<std::int64_t>::min());
    EXPECT_EQ(select->columnType(1), ColumnType::Float);
    EXPECT_EQ(select->columnDouble(1), -0.125);
    EXPECT_EQ(select->columnType(2), ColumnType::Text);
    EXPECT_EQ(select->columnText(2), text);
    EXPECT_EQ(select->columnType(3), ColumnType::Blob);
    EXPECT_EQ(select->columnBlob(3), blob);
    EXPECT_TRUE(select->columnIsNull(4));
    auto done = select->step();
    ASSERT_TRUE(done.ok());
    EXPECT_EQ(*done, StepResult::Done);
}

TEST_F(StatementTest, NamedParametersBindTheRightSlots) {
    auto insert = db().prepare("INSERT INTO v(i, t, d, n) VALUES (:i, :t, @d, $n)");
    ASSERT_TRUE(insert.ok());
    ASSERT_TRUE(insert->bind(":t", std::string_view("named")).ok());
    ASSERT_TRUE(insert->bind(":i", std::int64_t{7}).ok());
    ASSERT_TRUE(insert->bind("@d", 2.5).ok());
    ASSERT_TRUE(insert->bindNull("$n").ok());
    ASSERT_TRUE(insert->run().ok());
    auto select = db().prepare("SELECT i, t, d, n FROM v");
    ASSERT_TRUE(select.ok());
    ASSERT_EQ(*select->step(), StepResult::Row);
    EXPECT_EQ(select->columnInt64(0), 7);
    EXPECT_EQ(select->columnText(1), "named");
    EXPECT_EQ(select->columnDouble(2), 2.5);
    EXPECT_TRUE(select->columnIsNull(3));
}

TEST_F(StatementTest, UnknownParameterNameIsRefused) {
    auto insert = db().prepare("INSERT INTO v(i) VALUES (:i)");
    ASSERT_TRUE(insert.ok());
    auto bound = insert->bind(":nope", std::int64_t{1});
    ASSERT_FALSE(bound.ok());
    EXPECT_EQ(bound.code(), ErrorCode::InvalidArgument);
    EXPECT_EQ(insert->bind(9, std::int64_t{1}).code(), ErrorCode::InvalidArgument);
}

TEST_F(StatementTest, EmptyTextAndEmptyBlobAreNotNull) {
    auto insert = db().prepare("INSERT INTO v(t, b) VALUES (?, ?)");
    ASSERT_TRUE(insert.ok());
    ASSERT_TRUE(insert->bind(1, std::string_view()).ok());
    ASSERT_TRUE(insert->bind(2, std::span<const std::uint8_t>()).ok());
    ASSERT_TRUE(insert->run().ok());
    auto count =
        db().queryInt64("SELECT count(*) FROM v WHERE typeof(t) = 'text' AND typeof(b) = 'blob'"
                        " AND length(t) = 0 AND length(b) = 0");
    ASSERT_TRUE(count.ok());
    EXPECT_EQ(*count, 1);
}

TEST_F(StatementTest, SecureBufferMayBeWipedRightAfterBinding) {
    auto insert = db().prepare("INSERT INTO v(b) VALUES (?)");
    ASSERT_TRUE(insert.ok());
    {
        auto secret = SecureBuffer::fromText("sealed-bytes");
        ASSERT_TRUE(insert->bind(1, secret).ok());
    } // wiped and freed here, before the step
    ASSERT_TRUE(insert->run().ok());
    auto select = db().prepare("SELECT b FROM v");
    ASSERT_TRUE(select.ok());
    ASSERT_EQ(*select->step(), StepResult::Row);
    SecureBuffer back = select->columnSecureBlob(0);
    EXPECT_EQ(back.view(), "sealed-bytes");
}

TEST_F(StatementTest, ResetLetsAStatementRunAgainWithNewValues) {
    auto insert = db().prepare("INSERT INTO v(i) VALUES (?)");
    ASSERT_TRUE(insert.ok());
    for (std::int64_t i = 1; i <= 3; ++i) {
        ASSERT_TRUE(insert->bind(1, i).ok());
        ASSERT_TRUE(insert->run().ok());
        ASSERT_TRUE(insert->reset().ok());
    }
    ASSERT_TRUE(insert->clearBindings().ok());
    ASSERT_TRUE(insert->run().ok()); // cleared bindings insert NULL
    auto sum = db().queryInt64("SELECT sum(i) FROM v");
    ASSERT_TRUE(sum.ok());
    EXPECT_EQ(*sum, 6);
    EXPECT_EQ(*db().queryInt64("SELECT count(*) FROM v WHERE i IS NULL"), 1);
}

TEST_F(StatementTest, ConstraintViolationIsReportedAsSuch) {
    ASSERT_TRUE(db().exec("CREATE TABLE u(k TEXT PRIMARY KEY)").ok());
    auto insert = db().prepare("INSERT INTO u VALUES (?)");
    ASSERT_TRUE(insert.ok());
    ASSERT_TRUE(insert->bind(1, std::string_view("same")).ok());
    ASSERT_TRUE(insert->run().ok());
    ASSERT_TRUE(insert->reset().ok());
    auto again = insert->run();
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.code(), ErrorCode::StorageConstraint);
    EXPECT_NE(again.error().detail.find("UNIQUE"), std::string::npos);
    EXPECT_EQ(again.error().detail.find("same"), std::string::npos); // no bound value in logs
    EXPECT_TRUE(insert->reset().ok()); // the statement is usable again after the error
}

TEST_F(StatementTest, ForeignKeysAreEnforced) {
    ASSERT_TRUE(db().exec("CREATE TABLE p(id INTEGER PRIMARY KEY);"
                          "CREATE TABLE c(p INTEGER NOT NULL REFERENCES p(id))")
                    .ok());
    auto orphan = db().exec("INSERT INTO c VALUES (99)");
    ASSERT_FALSE(orphan.ok());
    EXPECT_EQ(orphan.code(), ErrorCode::StorageConstraint);
}

TEST_F(StatementTest, RunOnAQueryThatReturnsRowsIsAnError) {
    auto select = db().prepare("SELECT 1");
    ASSERT_TRUE(select.ok());
    EXPECT_FALSE(select->run().ok());
}
