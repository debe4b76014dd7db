// SPDX-License-Identifier: Apache-2.0
#include "Contains.h"
#include "CtlFixture.h"
#include "sync/OutboxWorker.h"

#include <nlohmann/json.hpp>

#include <chrono>

namespace madoguchi::test {
namespace {

using SyncOnce = CtlFixture;

TEST_F(SyncOnce, DeliversWhatIsQueuedOverMutualTlsAndSaysSo) {
    startCentral();
    if (HasFatalFailure()) {
        return;
    }
    queueSealedResults(4);

    CtlRun r = run("sync --once " + configArg());
    EXPECT_EQ(r.exitCode, 0) << r.output;
    EXPECT_TRUE(contains(r.output, "Delivered: 4")) << r.output;
    EXPECT_TRUE(contains(r.output, "Still waiting for delivery: 0")) << r.output;
    EXPECT_TRUE(contains(r.output, "Result: OK")) << r.output;
    auto recorded = m_central->store().listEnrollments();
    ASSERT_TRUE(recorded.ok());
    EXPECT_EQ(recorded->size(), 4U);

    // A second pass has nothing to do and records nothing twice.
    r = run("sync " + configArg());
    EXPECT_EQ(r.exitCode, 0) << r.output;
    EXPECT_TRUE(contains(r.output, "Delivered: 0")) << r.output;
    EXPECT_EQ(m_central->store().listEnrollments()->size(), 4U);

    // status now shows when the last delivery happened.
    r = run("status " + configArg());
    EXPECT_TRUE(contains(r.output, "Waiting for delivery: 0")) << r.output;
    EXPECT_FALSE(contains(r.output, "Last delivery: never")) << r.output;
}

TEST_F(SyncOnce, PutsParkedStaffItemsBackWithAnAuditRowAndDeliversThem) {
    startCentral();
    if (HasFatalFailure()) {
        return;
    }
    queueSealedResults(2);
    {
        // Both parked for staff, as the worker parks a refusal it takes for final.
        store::LocalStore kiosk = openStore();
        const auto parked = std::chrono::system_clock::now() + std::chrono::hours(24 * 365 * 100);
        nlohmann::json list = nlohmann::json::array();
        for (std::int64_t id : {1, 2}) {
            ASSERT_TRUE(kiosk.markFailed(id, "staff: RequestRefused: HTTP 400", parked).ok());
            auto item = kiosk.findOutbox(id);
            ASSERT_TRUE(item.ok() && item->has_value());
            list.push_back({{"outbox_id", id},
                            {"enrollment", (*item)->enrollmentUuid},
                            {"code", "RequestRefused"},
                            {"delivered", false},
                            {"detail", "HTTP 400 invalid_request"},
                            {"at", 0}});
        }
        ASSERT_TRUE(kiosk.setValue(sync::OutboxWorker::kStaffItemsKey, list.dump()).ok());
    }
    CtlRun r = run("sync " + configArg());
    EXPECT_TRUE(contains(r.output, "Delivered: 0")) << r.output;
    EXPECT_TRUE(contains(r.output, "Staff items: 2")) << r.output;

    r = run("sync --requeue 1 " + configArg());
    EXPECT_EQ(r.exitCode, 0) << r.output;
    EXPECT_TRUE(contains(r.output, "Put back in the queue: outbox 1")) << r.output;
    EXPECT_TRUE(contains(r.output, "Delivered: 1")) << r.output;
    EXPECT_TRUE(contains(r.output, "Staff items: 1")) << r.output;

    r = run("sync --all-parked " + configArg());
    EXPECT_EQ(r.exitCode, 0) << r.output;
    EXPECT_TRUE(contains(r.output, "Put back in the queue: outbox 2")) << r.output;
    EXPECT_TRUE(contains(r.output, "Delivered: 1")) << r.output;
    EXPECT_TRUE(contains(r.output, "Still waiting for delivery: 0")) << r.output;
    EXPECT_TRUE(contains(r.output, "Staff items: 0")) << r.output;
    EXPECT_EQ(m_central->store().listEnrollments()->size(), 2U);

    store::LocalStore kiosk = openStore();
    auto audit = kiosk.auditEntries(1, 1000);
    ASSERT_TRUE(audit.ok());
    int requeued = 0;
    for (const auto& entry : *audit) {
        requeued += entry.event.kind == "outbox_requeued" ? 1 : 0;
    }
    EXPECT_EQ(requeued, 2);
    EXPECT_TRUE(kiosk.verifyAuditChain().ok());

    // Nothing left to put back; a delivered item cannot be; a bad id is bad usage.
    r = run("sync --all-parked " + configArg());
    EXPECT_TRUE(contains(r.output, "No parked staff item to put back")) << r.output;
    r = run("sync --requeue 1 " + configArg());
    EXPECT_EQ(r.exitCode, 1) << r.output;
    EXPECT_EQ(run("sync --requeue x " + configArg()).exitCode, 2);
    EXPECT_EQ(run("sync --requeue 1 --all-parked " + configArg()).exitCode, 2);
}

TEST_F(SyncOnce, FailsAndKeepsEverythingWhenTheCentralServiceCannotBeReached) {
    {
        store::LocalStore kiosk = openStore();
        ASSERT_TRUE(kiosk.commitStep(sampleStep(1)).ok());
        ASSERT_TRUE(kiosk.commitStep(sampleStep(2)).ok());
    }
    // Port 9 (discard) on loopback: nothing listens, the connection is refused.
    const CtlRun r = run("sync " + configArg());
    EXPECT_EQ(r.exitCode, 1) << r.output;
    EXPECT_TRUE(contains(r.output, "Result: FAILED")) << r.output;
    EXPECT_TRUE(contains(r.output, "could not be reached")) << r.output;
    store::LocalStore kiosk = openStore();
    EXPECT_EQ(kiosk.outboxDepth().value(), 2);
}

TEST_F(SyncOnce, DoesNotCreateAStoreThatIsNotThere) {
    const CtlRun r = run("sync " + configArg());
    EXPECT_EQ(r.exitCode, 0) << r.output;
    EXPECT_TRUE(contains(r.output, "nothing to deliver")) << r.output;
    EXPECT_FALSE(std::filesystem::exists(m_storePath));
}

TEST_F(SyncOnce, RefusesAPositionalArgument) {
    const CtlRun r = run("sync now " + configArg());
    EXPECT_EQ(r.exitCode, 2) << r.output;
}

} // namespace
} // namespace madoguchi::test
