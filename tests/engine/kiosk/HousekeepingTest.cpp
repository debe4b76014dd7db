// SPDX-License-Identifier: Apache-2.0
// The kiosk's periodic upkeep through the job runner: a resume verifier whose window has
// passed (the clock moved past it) is deleted from the store; one still in its window stays.
#include "kiosk/Housekeeping.h"

#include "KioskFixture.h"
#include "UiQueue.h"
#include "kiosk/JobRunner.h"

#include <gtest/gtest.h>

#include <chrono>
#include <functional>

namespace madoguchi::test {
namespace {

using namespace std::chrono_literals;

class Housekeeping : public KioskTest {
protected:
    Housekeeping() {
        kiosk::JobRunnerOptions options;
        options.workers = 1;
        options.openStore = [path = m_dir.file("kiosk.db")] {
            return store::LocalStore::open(path);
        };
        options.deliver = [this](std::function<void()> continuation) {
            m_ui.post(std::move(continuation));
        };
        auto jobs = kiosk::JobRunner::create(std::move(options));
        EXPECT_TRUE(jobs.ok());
        m_jobs = std::move(jobs).value();
        m_housekeeping = std::make_unique<kiosk::Housekeeping>(*m_jobs, m_clock, 10min);
    }
    ~Housekeeping() override {
        m_jobs->shutdown();
        m_housekeeping.reset();
        m_jobs.reset();
    }

    // One tick that posts the job, and its result back on the "UI thread".
    ::testing::AssertionResult runOnce() {
        const auto before = m_housekeeping->runsFinished();
        if (!m_housekeeping->tick()) {
            return ::testing::AssertionFailure() << "no job posted";
        }
        if (!m_ui.runNext()) {
            return ::testing::AssertionFailure() << "nothing delivered";
        }
        if (m_housekeeping->runsFinished() != before + 1) {
            return ::testing::AssertionFailure() << "the job's result did not arrive";
        }
        return ::testing::AssertionSuccess();
    }

    std::int64_t verifiersOnDisk() {
        auto count = m_store->database().queryInt64(
            "SELECT count(*) FROM enrollments WHERE resume_verifier IS NOT NULL");
        EXPECT_TRUE(count.ok());
        return count ? *count : -1;
    }

    UiQueue m_ui;
    std::unique_ptr<kiosk::JobRunner> m_jobs;
    std::unique_ptr<kiosk::Housekeeping> m_housekeeping;
};

TEST_F(Housekeeping, DeletesAResumeVerifierOnceTheClockPassedItsWindow) {
    ASSERT_TRUE(commitBasic(MfaMethod::Otp));
    ASSERT_TRUE(m_flow->cancel());
    ASSERT_EQ(verifiersOnDisk(), 1);

    // Inside the window the upkeep keeps it: the member may still come back.
    m_clock.advance(71h);
    ASSERT_TRUE(runOnce());
    EXPECT_EQ(verifiersOnDisk(), 1);
    EXPECT_FALSE(m_housekeeping->tick()) << "not due again before the interval";

    m_clock.advance(1h + 1min); // past the 72-hour window, and past the interval
    ASSERT_TRUE(runOnce());
    EXPECT_EQ(verifiersOnDisk(), 0);
    auto record = enrollment();
    ASSERT_TRUE(record);
    EXPECT_TRUE(record->resumeVerifier.empty());
    EXPECT_FALSE(resume(kUserId, kPassword).ok());
}

TEST_F(Housekeeping, RunsAgainEveryInterval) {
    ASSERT_TRUE(runOnce());
    EXPECT_FALSE(m_housekeeping->tick());
    m_clock.advance(9min);
    EXPECT_FALSE(m_housekeeping->tick());
    m_clock.advance(1min);
    ASSERT_TRUE(runOnce());
    EXPECT_EQ(m_housekeeping->runsFinished(), 2);
}

} // namespace
} // namespace madoguchi::test
