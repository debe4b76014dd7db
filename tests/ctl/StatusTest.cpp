// SPDX-License-Identifier: Apache-2.0
#include "Contains.h"
#include "CtlFixture.h"
#include "sqlite/Database.h"
#include "sync/OutboxWorker.h"

namespace madoguchi::test {
namespace {

using KioskStatus = CtlFixture;

TEST_F(KioskStatus, SaysNothingHasBeenCommittedBeforeTheKioskMadeItsStore) {
    const CtlRun r = run("status " + configArg());
    EXPECT_EQ(r.exitCode, 0) << r.output;
    EXPECT_TRUE(contains(r.output, "does not exist yet")) << r.output;
    EXPECT_TRUE(contains(r.output, "Waiting for delivery: 0")) << r.output;
    EXPECT_TRUE(contains(r.output, "Kiosk ID: ctl-test-kiosk")) << r.output;
    EXPECT_FALSE(std::filesystem::exists(m_storePath)) << "status must not create the store";
}

TEST_F(KioskStatus, ListsEveryQueuedItemWithoutItsPayload) {
    {
        store::LocalStore kiosk = openStore();
        for (int n = 1; n <= 3; ++n) {
            ASSERT_TRUE(kiosk.commitStep(sampleStep(n)).ok());
        }
    }
    const CtlRun r = run("status " + configArg());
    EXPECT_EQ(r.exitCode, 0) << r.output;
    EXPECT_TRUE(contains(r.output, "Waiting for delivery: 3")) << r.output;
    for (int n = 1; n <= 3; ++n) {
        EXPECT_TRUE(contains(r.output, "00000000-0000-4000-8000-00000000000" + std::to_string(n)))
            << r.output;
    }
    EXPECT_TRUE(contains(r.output, "0 attempts")) << r.output;
    EXPECT_TRUE(contains(r.output, "Last delivery: never")) << r.output;
    EXPECT_TRUE(contains(r.output, "Audit chain: verified")) << r.output;
    // The member's user ID is in the enrollment row, not in what status prints.
    EXPECT_FALSE(contains(r.output, "member1")) << r.output;
}

// After a package upgrade, before the kiosk's first start: the store is of an older schema.
// status reports its queue and leaves the migration to the kiosk.
TEST_F(KioskStatus, ReportsTheQueueOfAnOlderStoreWithoutMigratingIt) {
    {
        store::LocalStore kiosk = openStore();
        ASSERT_TRUE(kiosk.commitStep(sampleStep(1)).ok());
        ASSERT_TRUE(kiosk.commitStep(sampleStep(2)).ok());
    }
    {
        auto db = sqlite::Database::open(m_storePath);
        ASSERT_TRUE(db.ok()) << db.error().detail;
        ASSERT_TRUE(db->exec("PRAGMA user_version=2").ok());
    }
    const CtlRun r = run("status " + configArg());
    EXPECT_EQ(r.exitCode, 0) << r.output;
    EXPECT_TRUE(contains(r.output, "Store schema: version 2")) << r.output;
    EXPECT_TRUE(contains(r.output, "Waiting for delivery: 2")) << r.output;
    auto db = sqlite::Database::open(m_storePath);
    ASSERT_TRUE(db.ok()) << db.error().detail;
    EXPECT_EQ(db->queryInt64("PRAGMA user_version").value(), 2); // not migrated by a reader
}

TEST_F(KioskStatus, ReportsABrokenAuditChainAndFails) {
    {
        store::LocalStore kiosk = openStore();
        ASSERT_TRUE(kiosk.commitStep(sampleStep(1)).ok());
        ASSERT_TRUE(kiosk.commitStep(sampleStep(2)).ok());
    }
    {
        auto db = sqlite::Database::open(m_storePath);
        ASSERT_TRUE(db.ok()) << db.error().detail;
        // Someone edits history: the chain of hashes no longer verifies.
        ASSERT_TRUE(db->exec("UPDATE audit SET detail = 'state=complete' WHERE seq = 1").ok());
    }
    const CtlRun r = run("status " + configArg());
    EXPECT_EQ(r.exitCode, 1) << r.output;
    EXPECT_TRUE(contains(r.output, "Audit chain: BROKEN")) << r.output;
}

TEST_F(KioskStatus, ShowsStaffItemsThatTheWorkerRecorded) {
    {
        store::LocalStore kiosk = openStore();
        ASSERT_TRUE(kiosk.commitStep(sampleStep(1)).ok());
        ASSERT_TRUE(kiosk
                        .setValue(sync::OutboxWorker::kStaffItemsKey,
                                  R"([{"outbox_id":1,"enrollment":"00000000-0000-4000-8000-)"
                                  R"(000000000001","code":"UserIdTaken","detail":"user ID )"
                                  R"(taken meanwhile","at":1714555800000,"delivered":false}])")
                        .ok());
    }
    const CtlRun r = run("status " + configArg());
    EXPECT_TRUE(contains(r.output, "Staff items: 1")) << r.output;
    EXPECT_TRUE(contains(r.output, "UserIdTaken")) << r.output;
    EXPECT_TRUE(contains(r.output, "not delivered")) << r.output;
    EXPECT_TRUE(contains(r.output, "2024-05-01 09:30:00 UTC")) << r.output;
}

TEST_F(KioskStatus, RefusesAnUnknownOptionAndABrokenConfig) {
    EXPECT_EQ(run("status --verbose " + configArg()).exitCode, 2);
    writeFile(m_configPath, readFile(m_configPath) + "\nunknown_top_level = 1\n");
    const CtlRun r = run("status " + configArg());
    EXPECT_EQ(r.exitCode, 1) << r.output;
    EXPECT_TRUE(contains(r.output, "unknown_top_level")) << r.output;
}

} // namespace
} // namespace madoguchi::test
