// SPDX-License-Identifier: Apache-2.0
// The kiosk's job runner: results come back on the thread that pumps the UI queue, a
// cancelled visit's job does not run and its result is dropped, each job has its own store
// connection (a UI write cannot land inside a job's transaction), and shutdown cancels and
// joins before what the jobs use is destroyed.
#include "kiosk/JobRunner.h"

#include "ScratchDir.h"
#include "UiQueue.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <string>
#include <thread>

namespace madoguchi::test {
namespace {

using namespace std::chrono_literals;

// A deadlock guard, never a measure of speed.
constexpr auto kHang = 60s;

class JobRunnerTest : public ::testing::Test {
protected:
    std::unique_ptr<kiosk::JobRunner> makeRunner(std::size_t workers = 2) {
        kiosk::JobRunnerOptions options;
        options.workers = workers;
        options.openStore = [path = m_dir.file("kiosk.db")] {
            return store::LocalStore::open(path);
        };
        options.deliver = [this](std::function<void()> continuation) {
            m_ui.post(std::move(continuation));
        };
        auto runner = kiosk::JobRunner::create(std::move(options));
        EXPECT_TRUE(runner.ok()) << runner.error().detail;
        return runner ? std::move(runner).value() : nullptr;
    }
    store::LocalStore openUiStore(int busyTimeoutMs = 5000) {
        sqlite::OpenOptions options;
        options.busyTimeoutMs = busyTimeoutMs;
        auto opened = store::LocalStore::open(m_dir.file("kiosk.db"), options);
        EXPECT_TRUE(opened.ok()) << opened.error().detail;
        return std::move(opened).value();
    }

    ScratchDir m_dir;
    UiQueue m_ui;
};

TEST_F(JobRunnerTest, WorkRunsOnAWorkerAndItsResultOnTheThreadThatPumpsTheUi) {
    auto runner = makeRunner();
    ASSERT_TRUE(runner);
    const auto ui = std::this_thread::get_id();
    std::thread::id doneOn;
    std::thread::id workedOn;
    ASSERT_TRUE(runner->run(
        CancellationToken(), [] { return std::this_thread::get_id(); },
        [&](std::thread::id worker) {
            workedOn = worker;
            doneOn = std::this_thread::get_id();
        }));
    ASSERT_TRUE(m_ui.runUntil(1));
    EXPECT_NE(workedOn, ui);
    EXPECT_EQ(doneOn, ui);
}

TEST_F(JobRunnerTest, AUiWriteCannotLandInsideAJobsTransaction) {
    // The UI thread's connection gives up at once when the file is locked, so the test
    // sees whether its write would have gone into the job's open transaction.
    auto uiStore = openUiStore(/*busyTimeoutMs=*/0);
    auto runner = makeRunner(1);
    ASSERT_TRUE(runner);
    std::promise<void> inTransaction;
    std::promise<void> release;
    auto released = release.get_future().share();
    ASSERT_TRUE(runner->run(
        CancellationToken(),
        [&inTransaction, released](kiosk::JobContext& job) {
            auto& db = job.store().database();
            Status begun = db.exec("BEGIN IMMEDIATE");
            if (!begun) {
                inTransaction.set_value();
                return begun;
            }
            Status written = job.store().setValue("job.step", "half done");
            inTransaction.set_value();
            released.wait();
            // The step fails after its first write: nothing of it may stay, and nothing
            // another thread wrote meanwhile may vanish with it.
            Status rolledBack = db.exec("ROLLBACK");
            return written ? rolledBack : written;
        },
        [](Status job) { EXPECT_TRUE(job.ok()) << job.error().detail; }));
    inTransaction.get_future().wait();

    Status uiWrite = uiStore.setValue("ui.staff_note", "written while the job commits");
    ASSERT_FALSE(uiWrite.ok()) << "the UI write went into the job's transaction";
    EXPECT_EQ(uiWrite.code(), ErrorCode::StorageBusy);
    release.set_value();
    ASSERT_TRUE(m_ui.runUntil(1));

    ASSERT_TRUE(uiStore.setValue("ui.staff_note", "written after the job").ok());
    auto jobValue = uiStore.getValue("job.step");
    ASSERT_TRUE(jobValue.ok());
    EXPECT_FALSE(jobValue->has_value()) << "the job's rolled-back write stayed";
    auto uiValue = uiStore.getValue("ui.staff_note");
    ASSERT_TRUE(uiValue.ok());
    EXPECT_EQ(uiValue->value_or(""), "written after the job");
}

TEST_F(JobRunnerTest, EachWorkerHasItsOwnConnection) {
    auto runner = makeRunner(2);
    ASSERT_TRUE(runner);
    // Two jobs at once: each holds a write transaction open on its own connection only if
    // the connections differ; the second is refused busy (not nested) while the first holds.
    std::promise<void> firstIn;
    std::promise<void> secondTried;
    auto secondTriedFuture = secondTried.get_future().share();
    ASSERT_TRUE(runner->run(
        CancellationToken(),
        [&firstIn, secondTriedFuture](kiosk::JobContext& job) {
            auto& db = job.store().database();
            Status begun = db.exec("BEGIN IMMEDIATE");
            firstIn.set_value();
            secondTriedFuture.wait();
            if (begun) {
                (void)db.exec("ROLLBACK");
            }
            return begun;
        },
        [](Status begun) { EXPECT_TRUE(begun.ok()); }));
    firstIn.get_future().wait();
    ASSERT_TRUE(runner->run(
        CancellationToken(),
        [&secondTried](kiosk::JobContext& job) {
            auto& db = job.store().database();
            const bool nested = db.inTransaction();
            secondTried.set_value();
            return nested;
        },
        [](bool nested) { EXPECT_FALSE(nested) << "two jobs shared one connection"; }));
    ASSERT_TRUE(m_ui.runUntil(2));
}

TEST_F(JobRunnerTest, QuittingDuringASlowJobCancelsItAndJoinsBeforeItsOwnerIsDestroyed) {
    // What a job captures by reference (the controller, the store) dies with the runtime;
    // a detached thread would touch it after that (heap-use-after-free under ASan).
    struct Runtime {
        std::unique_ptr<std::string> controllerState = std::make_unique<std::string>("idle");
        std::unique_ptr<kiosk::JobRunner> jobs;
        ~Runtime() {
            jobs->shutdown(); // as App::OnExit does, before the rest goes
        }
    };
    auto runtime = std::make_unique<Runtime>();
    runtime->jobs = makeRunner();
    ASSERT_TRUE(runtime->jobs);
    std::promise<void> started;
    std::atomic<bool> finished{false};
    bool doneCalled = false;
    std::string* state = runtime->controllerState.get();
    ASSERT_TRUE(runtime->jobs->run(
        CancellationToken(),
        [&started, &finished, state](kiosk::JobContext& job) {
            started.set_value();
            // A slow network call or key touch, which the shutdown's cancel ends.
            const bool cancelled = job.token().waitFor(std::chrono::hours(1));
            *state = cancelled ? "cancelled" : "timed out";
            Status wrote = job.store().setValue("job.after_cancel", *state);
            finished = true;
            return wrote;
        },
        [&doneCalled](Status) { doneCalled = true; }));
    started.get_future().wait();

    runtime.reset();
    EXPECT_TRUE(finished) << "shutdown returned while the job was still running";
    // The continuation of the cancelled job was handed back, and is dropped when run.
    EXPECT_TRUE(m_ui.runUntil(1));
    EXPECT_FALSE(doneCalled);
}

TEST_F(JobRunnerTest, AJobOfAVisitThatEndedBeforeItStartedDoesNotRunAndReleasesOnTheUiThread) {
    auto runner = makeRunner(1);
    ASSERT_TRUE(runner);
    std::promise<void> release;
    auto released = release.get_future().share();
    ASSERT_TRUE(runner->run(
        CancellationToken(),
        [released] {
            released.wait();
            return 1;
        },
        [](int) {}));

    CancellationToken visit;
    std::atomic<bool> ran{false};
    bool doneCalled = false;
    const auto ui = std::this_thread::get_id();
    std::thread::id releasedOn;
    // Stands in for the view's weak reference: must die on the UI thread.
    std::shared_ptr<int> viewRef(new int(0), [&releasedOn](int* p) {
        releasedOn = std::this_thread::get_id();
        delete p;
    });
    ASSERT_TRUE(runner->run(
        visit,
        [&ran] {
            ran = true;
            return 2;
        },
        [&doneCalled, viewRef = std::move(viewRef)](int) { doneCalled = true; }));
    visit.cancel(); // the member walked away while the first job was still running
    release.set_value();
    ASSERT_TRUE(m_ui.runUntil(2));
    EXPECT_FALSE(ran);
    EXPECT_FALSE(doneCalled);
    EXPECT_EQ(releasedOn, ui);
}

TEST_F(JobRunnerTest, AResultThatArrivesAfterTheVisitWasCancelledIsDropped) {
    auto runner = makeRunner();
    ASSERT_TRUE(runner);
    CancellationToken visit;
    std::promise<void> started;
    std::promise<void> release;
    auto released = release.get_future().share();
    bool doneCalled = false;
    ASSERT_TRUE(runner->run(
        visit,
        [&started, released] {
            started.set_value();
            released.wait();
            return 7;
        },
        [&doneCalled](int) { doneCalled = true; }));
    started.get_future().wait();
    visit.cancel();
    release.set_value();
    ASSERT_TRUE(m_ui.runUntil(1));
    EXPECT_FALSE(doneCalled);
}

TEST_F(JobRunnerTest, NothingRunsAfterShutdown) {
    auto runner = makeRunner();
    ASSERT_TRUE(runner);
    runner->shutdown();
    runner->shutdown(); // idempotent
    bool ran = false;
    EXPECT_FALSE(runner->run(
        CancellationToken(),
        [&ran] {
            ran = true;
            return 0;
        },
        [](int) {}));
    EXPECT_FALSE(ran);
    EXPECT_EQ(m_ui.waiting(), 0U);
}

TEST_F(JobRunnerTest, ARunnerWhoseStoreCannotBeOpenedIsNotCreated) {
    kiosk::JobRunnerOptions options;
    options.openStore = [] {
        return store::LocalStore::open("/nonexistent-directory/for/sure/kiosk.db");
    };
    options.deliver = [](std::function<void()>) {
    };
    EXPECT_FALSE(kiosk::JobRunner::create(std::move(options)).ok());
}

} // namespace
} // namespace madoguchi::test
