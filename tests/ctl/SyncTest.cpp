// SPDX-License-Identifier: Apache-2.0
#include "Contains.h"
#include "CtlFixture.h"

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
