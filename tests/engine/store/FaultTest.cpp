// SPDX-License-Identifier: Apache-2.0
// Writes that fail part-way through a step: the step reports the failure and nothing of it
// is visible afterwards; the store keeps working.
#include "ScratchDir.h"
#include "StoreSamples.h"
#include "sqlite/Transaction.h"
#include "store/LocalStore.h"

#include <gtest/gtest.h>

using madoguchi::ErrorCode;
using madoguchi::sqlite::OpenOptions;
using madoguchi::store::LocalStore;
using madoguchi::store::StepCommit;
using madoguchi::test::sampleStep;
using madoguchi::test::ScratchDir;

namespace {

class StoreFault : public ::testing::Test {
protected:
    void SetUp() override {
        OpenOptions options;
        options.busyTimeoutMs = 50;
        auto opened = LocalStore::open(m_dir.file("kiosk.db"), options);
        ASSERT_TRUE(opened.ok()) << opened.error().detail;
        m_store.emplace(std::move(opened).value());
        ASSERT_TRUE(m_store->commitStep(sampleStep(1)).ok());
    }
    std::int64_t count(const std::string& table) {
        auto n = m_store->database().queryInt64("SELECT count(*) FROM " + table);
        EXPECT_TRUE(n.ok());
        return n.ok() ? *n : -1;
    }
    // Nothing of sampleStep(2) may be visible, and what was there before is intact.
    void expectOnlyTheFirstStep() {
        EXPECT_FALSE(m_store->findEnrollment(sampleStep(2).enrollment.uuid)->has_value());
        EXPECT_EQ(count("enrollments"), 1);
        EXPECT_EQ(count("outbox"), 1);
        EXPECT_EQ(count("audit"), 1);
        EXPECT_EQ(*m_store->outboxDepth(), 1);
        auto chain = m_store->verifyAuditChain();
        EXPECT_TRUE(chain.ok()) << chain.error().detail;
        EXPECT_FALSE(m_store->database().inTransaction());
    }
    void expectStoreStillWorks() {
        auto again = m_store->commitStep(sampleStep(3));
        ASSERT_TRUE(again.ok()) << again.error().detail;
        EXPECT_EQ(again->auditSeq, 2);
        EXPECT_TRUE(m_store->verifyAuditChain().ok());
    }

    ScratchDir m_dir;
    std::optional<LocalStore> m_store;
};

} // namespace

TEST_F(StoreFault, FullDiskDuringAStepReportsStorageIoAndWritesNothing) {
    auto pages = m_store->database().queryInt64("PRAGMA page_count");
    ASSERT_TRUE(pages.ok());
    // A tiny disk: the enrollment row still fits in its page, the large payload does not.
    ASSERT_TRUE(m_store->database().exec("PRAGMA max_page_count=" + std::to_string(*pages)).ok());
    StepCommit step = sampleStep(2);
    step.outbox->payload.assign(64 * 1024, 0x5a);
    auto committed = m_store->commitStep(step);
    ASSERT_FALSE(committed.ok());
    EXPECT_EQ(committed.code(), ErrorCode::StorageIo);
    expectOnlyTheFirstStep();
    ASSERT_TRUE(m_store->database().exec("PRAGMA max_page_count=1073741823").ok());
    expectStoreStillWorks();
}

// A write that fails on a chosen table (KeePassXC's FailDevice, in SQL): the step's other
// writes, made before it in the same transaction, must not survive.
class StoreFaultOnTable : public StoreFault, public ::testing::WithParamInterface<const char*> {};

TEST_P(StoreFaultOnTable, FailedWriteUndoesTheWholeStep) {
    const std::string table = GetParam();
    ASSERT_TRUE(m_store->database()
                    .exec("CREATE TEMP TRIGGER fail_write BEFORE INSERT ON main." + table +
                          " BEGIN SELECT RAISE(ABORT, 'injected fault'); END")
                    .ok());
    auto committed = m_store->commitStep(sampleStep(2));
    ASSERT_FALSE(committed.ok());
    EXPECT_NE(committed.error().detail.find("injected fault"), std::string::npos);
    expectOnlyTheFirstStep();
    ASSERT_TRUE(m_store->database().exec("DROP TRIGGER temp.fail_write").ok());
    expectStoreStillWorks();
}

INSTANTIATE_TEST_SUITE_P(EachWriteOfAStep, StoreFaultOnTable,
                         ::testing::Values("enrollments", "outbox", "audit", "kv"));

TEST_F(StoreFault, BusyDatabaseReportsStorageBusyAndWritesNothing) {
    OpenOptions options;
    auto other = madoguchi::sqlite::Database::open(m_dir.file("kiosk.db"), options);
    ASSERT_TRUE(other.ok());
    auto held = madoguchi::sqlite::Transaction::begin(*other);
    ASSERT_TRUE(held.ok());
    auto committed = m_store->commitStep(sampleStep(2));
    ASSERT_FALSE(committed.ok());
    EXPECT_EQ(committed.code(), ErrorCode::StorageBusy);
    ASSERT_TRUE(held->rollback().ok());
    expectOnlyTheFirstStep();
    expectStoreStillWorks();
}
