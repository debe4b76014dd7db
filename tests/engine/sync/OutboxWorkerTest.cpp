// SPDX-License-Identifier: Apache-2.0
#include "sync/OutboxWorker.h"

#include "FakeCentralApi.h"
#include "OutboxSamples.h"
#include "WaitUntil.h"
#include "core/Cancellation.h"
#include "crypto/Base64.h"
#include "protocol/SubmitEnrollment.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <future>
#include <thread>
#include <unistd.h>

namespace madoguchi::sync {
namespace {

using namespace std::chrono_literals;
using test::FakeCentralApi;

const TimePoint kT0 = TimePoint(std::chrono::milliseconds(1'760'000'000'000));

std::string uuidFor(int n) {
    char uuid[40];
    std::snprintf(uuid, sizeof uuid, "00000000-0000-4000-8000-%012d", n);
    return uuid;
}

class OutboxWorkerTest : public ::testing::Test {
protected:
    void SetUp() override {
        static int counter = 0;
        dir = std::filesystem::temp_directory_path() /
              ("madoguchi-sync-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
        std::filesystem::create_directories(dir);
        path = dir / "kiosk.db";
        clock = std::make_shared<ManualClock>(kT0);
        config.kioskId = "kiosk-01";
        config.retryBase = 1000ms;
        config.retryCap = 60000ms;
        config.batchSize = 3; // small, so passes span several batches
    }
    void TearDown() override { std::filesystem::remove_all(dir); }

    // Queues what the kiosk queues for enrollment n (a whole submission request, its
    // envelope derived from n); another kind gets the derived bytes themselves.
    std::int64_t queue(int n,
                       std::string kind = std::string(OutboxWorker::kKindEnrollmentSubmission),
                       std::optional<std::vector<std::uint8_t>> payload = std::nullopt) {
        const std::vector<std::uint8_t> envelope{static_cast<std::uint8_t>(n), 0xfe, 1};
        if (!payload && kind == OutboxWorker::kKindEnrollmentSubmission) {
            payload = test::submissionDraft(uuidFor(n), "kiosk-01", envelope).payload;
        }
        auto s = store::LocalStore::open(path);
        EXPECT_TRUE(s.ok());
        store::StepCommit step;
        step.at = clock->now();
        step.enrollment.uuid = uuidFor(n);
        step.enrollment.createdAt = step.at;
        step.enrollment.updatedAt = step.at;
        step.enrollment.state = "basic_done";
        step.outbox = store::OutboxDraft{std::move(kind), payload.value_or(envelope)};
        step.audit = {"step_committed", step.enrollment.uuid, "test"};
        auto committed = s->commitStep(step);
        EXPECT_TRUE(committed.ok()) << committed.error().detail;
        return committed->outboxId.value_or(0);
    }

    store::OutboxItem item(std::int64_t id) {
        auto s = store::LocalStore::open(path);
        auto found = s->findOutbox(id);
        EXPECT_TRUE(found.ok() && found->has_value());
        return **found;
    }

    std::unique_ptr<OutboxWorker> worker(Backoff::Random random = {}) {
        if (!random) {
            random = [](std::uint64_t max) {
                return max;
            }; // the top of each range
        }
        return std::make_unique<OutboxWorker>(path, api, config, clock, std::move(random));
    }

    std::filesystem::path dir;
    std::filesystem::path path;
    std::shared_ptr<ManualClock> clock;
    OutboxWorkerConfig config;
    FakeCentralApi api;
};

TEST_F(OutboxWorkerTest, DeliversEveryDueItemAndMarksItDelivered) {
    for (int n = 1; n <= 7; ++n) {
        queue(n);
    }
    auto w = worker();
    auto report = w->runOnce();
    ASSERT_TRUE(report.ok()) << report.error().detail;
    EXPECT_EQ(report->delivered, 7);
    ASSERT_EQ(api.submitted().size(), 7U);
    for (std::int64_t id = 1; id <= 7; ++id) {
        EXPECT_EQ(item(id).deliveredAt, kT0);
    }
    EXPECT_EQ(w->status().depth, 0);
    EXPECT_EQ(w->status().lastDeliveryAt, kT0);
    // Nothing is sent twice.
    ASSERT_TRUE(w->runOnce().ok());
    EXPECT_EQ(api.submitted().size(), 7U);
}

TEST_F(OutboxWorkerTest, SendsAnOlderRawEnvelopeItemAsABase64EnvelopeWithTheKioskId) {
    // Kind "enrollment_result": what kiosks queued before whole submissions; still sent.
    queue(5, std::string(OutboxWorker::kKindEnrollmentResult));
    ASSERT_TRUE(worker()->runOnce().ok());
    ASSERT_EQ(api.submitted().size(), 1U);
    const auto sent = api.submitted()[0];
    EXPECT_EQ(sent.enrollmentId, uuidFor(5));
    EXPECT_EQ(sent.kioskId, "kiosk-01");
    auto bytes = crypto::Base64::decode(sent.envelope);
    ASSERT_TRUE(bytes.ok());
    EXPECT_EQ(*bytes, (std::vector<std::uint8_t>{5, 0xfe, 1}));
}

TEST_F(OutboxWorkerTest, SendsAQueuedSubmissionUnderItsOwnIdNotTheEnrollmentRows) {
    // A second-factor submission of enrollment 7 carries an id of its own.
    protocol::SubmitEnrollmentRequest queued{"0b4e7f0c-1111-4a2b-8c3d-5e6f70819203", "kiosk-01",
                                             crypto::Base64::encode(std::string_view("sealed"))};
    const std::string body = queued.toJson().dump();
    queue(7, std::string(OutboxWorker::kKindEnrollmentSubmission),
          std::vector<std::uint8_t>(body.begin(), body.end()));
    ASSERT_TRUE(worker()->runOnce().ok());
    ASSERT_EQ(api.submitted().size(), 1U);
    EXPECT_EQ(api.submitted()[0].enrollmentId, queued.enrollmentId);
    EXPECT_NE(api.submitted()[0].enrollmentId, uuidFor(7));
    EXPECT_EQ(api.submitted()[0].envelope, queued.envelope);
    EXPECT_TRUE(item(1).deliveredAt.has_value());
}

TEST_F(OutboxWorkerTest, ParksASubmissionThatIsNotValidJsonForStaff) {
    const std::string junk = "{\"enrollment_id\": 12";
    queue(8, std::string(OutboxWorker::kKindEnrollmentSubmission),
          std::vector<std::uint8_t>(junk.begin(), junk.end()));
    auto w = worker();
    auto report = w->runOnce();
    ASSERT_TRUE(report.ok());
    EXPECT_EQ(report->staff, 1);
    EXPECT_TRUE(api.submitted().empty());
}

TEST_F(OutboxWorkerTest, SchedulesRetriesWithExponentialFullJitterKeptInTheStore) {
    const auto id = queue(1);
    api.setAnswer([](const auto&) { return Error{ErrorCode::NetworkUnavailable, "down"}; });
    std::vector<std::uint64_t> bounds;
    auto w = worker([&](std::uint64_t max) {
        bounds.push_back(max);
        return max / 2;
    });
    for (int attempt = 0; attempt < 8; ++attempt) {
        auto report = w->runOnce();
        ASSERT_TRUE(report.ok());
        EXPECT_TRUE(report->interrupted);
        const auto stored = item(id);
        EXPECT_EQ(stored.attempts, attempt + 1);
        const auto ceiling = std::min<std::int64_t>(60000, 1000LL << attempt);
        EXPECT_EQ(stored.nextAttemptAt, clock->now() + std::chrono::milliseconds(ceiling / 2));
        EXPECT_NE(stored.lastError.find("NetworkUnavailable"), std::string::npos);
        // Not due before its time: a pass now sends nothing.
        const auto sent = api.submitted().size();
        ASSERT_TRUE(w->runOnce().ok());
        EXPECT_EQ(api.submitted().size(), sent);
        clock->set(stored.nextAttemptAt);
    }
    EXPECT_EQ(bounds,
              (std::vector<std::uint64_t>{1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000}));
    EXPECT_EQ(w->status().lastError->code, ErrorCode::NetworkUnavailable);
    EXPECT_EQ(w->status().depth, 1);
}

TEST_F(OutboxWorkerTest, AZeroJitterDrawDoesNotResendInTheSamePass) {
    queue(1);
    api.setAnswer([](const auto&) { return Error{ErrorCode::IdempotencyInFlight, "busy"}; });
    auto w = worker([](std::uint64_t) { return 0; });
    ASSERT_TRUE(w->runOnce().ok());
    EXPECT_EQ(api.submitted().size(), 1U);
}

TEST_F(OutboxWorkerTest, StopsThePassWhenTheServiceIsUnreachable) {
    for (int n = 1; n <= 5; ++n) {
        queue(n);
    }
    api.setAnswer([](const auto&) { return Error{ErrorCode::NetworkTimeout, "slow"}; });
    auto report = worker()->runOnce();
    ASSERT_TRUE(report.ok());
    EXPECT_TRUE(report->interrupted);
    EXPECT_EQ(api.submitted().size(), 1U); // the other four were not hammered
    EXPECT_EQ(item(2).attempts, 0);
}

TEST_F(OutboxWorkerTest, RetriesAnInFlightItemLaterAndGoesOnWithTheOthers) {
    queue(1);
    queue(2);
    api.setAnswer([](const protocol::SubmitEnrollmentRequest& r)
                      -> Result<protocol::SubmitEnrollmentResponse> {
        if (r.enrollmentId == uuidFor(1)) {
            return Error{ErrorCode::IdempotencyInFlight, "first copy in progress"};
        }
        return FakeCentralApi::accept(r);
    });
    auto w = worker();
    auto report = w->runOnce();
    ASSERT_TRUE(report.ok());
    EXPECT_EQ(report->delivered, 1);
    EXPECT_EQ(report->retryLater, 1);
    EXPECT_FALSE(item(1).deliveredAt);
    EXPECT_TRUE(item(2).deliveredAt);
    api.setAnswer({});
    clock->advance(2s);
    ASSERT_TRUE(w->runOnce().ok());
    EXPECT_TRUE(item(1).deliveredAt);
}

TEST_F(OutboxWorkerTest, AReplayOfTheFirstAnswerCountsAsDelivered) {
    queue(1);
    api.setAnswer([](const protocol::SubmitEnrollmentRequest& r) {
        auto answer = FakeCentralApi::accept(r);
        answer->replayed = true;
        return answer;
    });
    auto report = worker()->runOnce();
    ASSERT_TRUE(report.ok());
    EXPECT_EQ(report->delivered, 1);
    EXPECT_TRUE(item(1).deliveredAt);
}

TEST_F(OutboxWorkerTest, ParksAPermanentRefusalForStaffAndRemembersItAfterARestart) {
    queue(1);
    queue(2);
    api.setAnswer([](const protocol::SubmitEnrollmentRequest& r)
                      -> Result<protocol::SubmitEnrollmentResponse> {
        if (r.enrollmentId == uuidFor(1)) {
            return Error{ErrorCode::IdempotencyMismatch, "other body"};
        }
        return FakeCentralApi::accept(r);
    });
    {
        auto w = worker();
        auto report = w->runOnce();
        ASSERT_TRUE(report.ok());
        EXPECT_EQ(report->staff, 1);
        EXPECT_EQ(report->delivered, 1);
        auto status = w->status();
        ASSERT_EQ(status.staffItems.size(), 1U);
        EXPECT_EQ(status.staffItems[0].enrollmentUuid, uuidFor(1));
        EXPECT_EQ(status.staffItems[0].code, ErrorCode::IdempotencyMismatch);
        EXPECT_FALSE(status.staffItems[0].delivered);
        EXPECT_EQ(status.depth, 1); // still undelivered
    }
    // A restart a year later: the item stays parked, the staff list is still there.
    clock->advance(std::chrono::hours(24 * 365));
    auto again = worker();
    ASSERT_TRUE(again->runOnce().ok());
    EXPECT_EQ(api.submitted().size(), 2U);
    auto status = again->status();
    ASSERT_EQ(status.staffItems.size(), 1U);
    EXPECT_EQ(status.staffItems[0].outboxId, 1);
    EXPECT_EQ(status.staffItems[0].code, ErrorCode::IdempotencyMismatch);
}

TEST_F(OutboxWorkerTest, WaitsAsLongAsTheServiceAsksButNeverBeyondTheCap) {
    queue(1);
    // What HttpsCentralClient makes of a 429 with {"retry_after": 30}.
    api.setAnswer([](const auto&) {
        return Error{ErrorCode::RateLimited, "HTTP 429 rate_limited: slow down; retry_after=30"};
    });
    auto w = worker([](std::uint64_t) { return 0; }); // the backoff alone would retry at once
    ASSERT_TRUE(w->runOnce().ok());
    EXPECT_EQ(item(1).nextAttemptAt, kT0 + 30s);
    clock->advance(30s);
    api.setAnswer([](const auto&) {
        return Error{ErrorCode::RateLimited, "HTTP 429 rate_limited: slow down; retry_after=3600"};
    });
    ASSERT_TRUE(w->runOnce().ok());
    EXPECT_EQ(item(1).nextAttemptAt, kT0 + 30s + config.retryCap);
}

TEST_F(OutboxWorkerTest, StaffPutAParkedItemBackWithAnAuditRowAndItIsDelivered) {
    const auto first = queue(1);
    const auto second = queue(2);
    const auto third = queue(3);
    api.setAnswer([&](const protocol::SubmitEnrollmentRequest& r)
                      -> Result<protocol::SubmitEnrollmentResponse> {
        if (r.enrollmentId != uuidFor(3)) {
            return Error{ErrorCode::RequestRefused, "HTTP 400 invalid_request: body"};
        }
        return FakeCentralApi::accept(r);
    });
    auto w = worker();
    ASSERT_TRUE(w->runOnce().ok());
    ASSERT_EQ(w->status().staffItems.size(), 2U);
    api.setAnswer({});
    {
        auto s = store::LocalStore::open(path);
        ASSERT_TRUE(s.ok());
        // A delivered item or an unknown one cannot be put back.
        EXPECT_EQ(OutboxWorker::requeue(*s, {third}, clock->now()).code(),
                  ErrorCode::InvalidArgument);
        EXPECT_EQ(OutboxWorker::requeue(*s, {999}, clock->now()).code(), ErrorCode::NotFound);
        auto one = OutboxWorker::requeue(*s, {first}, clock->now());
        ASSERT_TRUE(one.ok()) << one.error().detail;
        EXPECT_EQ(*one, std::vector<std::int64_t>{first});
        auto audit = s->auditEntries(1, 100);
        ASSERT_TRUE(audit.ok());
        EXPECT_EQ(audit->back().event.kind, "outbox_requeued");
        EXPECT_EQ(audit->back().event.subject, uuidFor(1));
        EXPECT_TRUE(s->verifyAuditChain().ok());
    }
    EXPECT_EQ(item(1).attempts, 0);
    auto report = w->runOnce();
    ASSERT_TRUE(report.ok());
    EXPECT_EQ(report->delivered, 1);
    EXPECT_TRUE(item(first).deliveredAt);
    EXPECT_FALSE(item(second).deliveredAt); // still parked
    ASSERT_EQ(w->status().staffItems.size(), 1U);
    EXPECT_EQ(w->status().staffItems[0].outboxId, second);

    // --all-parked: every undelivered item on the staff list.
    {
        auto s = store::LocalStore::open(path);
        auto all = OutboxWorker::requeue(*s, {}, clock->now());
        ASSERT_TRUE(all.ok());
        EXPECT_EQ(*all, std::vector<std::int64_t>{second});
    }
    ASSERT_TRUE(w->runOnce().ok());
    EXPECT_TRUE(item(second).deliveredAt);
    EXPECT_TRUE(w->status().staffItems.empty());
    EXPECT_EQ(w->status().depth, 0);
}

TEST_F(OutboxWorkerTest, ParksEveryRefusalThatCanNeverSucceed) {
    const ErrorCode permanent[] = {ErrorCode::IdempotencyMismatch, ErrorCode::EnvelopeRejected,
                                   ErrorCode::UserIdTaken,         ErrorCode::PayloadTooLarge,
                                   ErrorCode::InvalidArgument,     ErrorCode::RequestRefused,
                                   ErrorCode::LengthRequired,      ErrorCode::UnsupportedMediaType};
    constexpr int kCount = static_cast<int>(std::size(permanent));
    for (int n = 0; n < kCount; ++n) {
        queue(n + 1);
    }
    api.setAnswer([&](const protocol::SubmitEnrollmentRequest& r) {
        const int n = std::stoi(r.enrollmentId.substr(24)) - 1;
        return Result<protocol::SubmitEnrollmentResponse>(Error{permanent[n], "no"});
    });
    auto w = worker();
    auto report = w->runOnce();
    ASSERT_TRUE(report.ok());
    EXPECT_EQ(report->staff, kCount);
    EXPECT_EQ(w->status().staffItems.size(), static_cast<std::size_t>(kCount));
    // Parked, not retried: a year of passes sends none of them again.
    clock->advance(std::chrono::hours(24 * 365));
    ASSERT_TRUE(w->runOnce().ok());
    EXPECT_EQ(api.submitted().size(), static_cast<std::size_t>(kCount));
    // The staff list reads back with the same codes after a restart.
    auto again = worker();
    ASSERT_TRUE(again->runOnce().ok());
    const auto items = again->status().staffItems;
    ASSERT_EQ(items.size(), static_cast<std::size_t>(kCount));
    for (int n = 0; n < kCount; ++n) {
        EXPECT_EQ(items[static_cast<std::size_t>(n)].code, permanent[n]) << n;
    }
}

TEST_F(OutboxWorkerTest, RetriesAnAnswerItCannotReadButParksARequestTheServiceRefused) {
    queue(1);
    queue(2);
    api.setAnswer([&](const protocol::SubmitEnrollmentRequest& r) {
        const bool first = r.enrollmentId.ends_with("1");
        return Result<protocol::SubmitEnrollmentResponse>(
            first ? Error{ErrorCode::ProtocolError, "answer is not JSON"}
                  : Error{ErrorCode::RequestRefused, "HTTP 400 invalid_request: x: missing"});
    });
    auto w = worker();
    auto report = w->runOnce();
    ASSERT_TRUE(report.ok());
    EXPECT_EQ(report->retryLater, 1);
    EXPECT_EQ(report->staff, 1);
    const auto items = w->status().staffItems;
    ASSERT_EQ(items.size(), 1U);
    EXPECT_EQ(items[0].outboxId, 2);
    EXPECT_EQ(items[0].code, ErrorCode::RequestRefused);
    EXPECT_EQ(item(1).attempts, 1);
    EXPECT_FALSE(item(1).deliveredAt);
}

TEST_F(OutboxWorkerTest, ListsAUserIdConflictForStaffButDoesNotResendIt) {
    queue(1);
    api.setAnswer([](const protocol::SubmitEnrollmentRequest& r) {
        auto answer = FakeCentralApi::accept(r);
        answer->status = protocol::EnrollmentStatus::UserIdConflict;
        return answer;
    });
    auto w = worker();
    ASSERT_TRUE(w->runOnce().ok());
    EXPECT_TRUE(item(1).deliveredAt);
    auto status = w->status();
    ASSERT_EQ(status.staffItems.size(), 1U);
    EXPECT_TRUE(status.staffItems[0].delivered);
    EXPECT_EQ(status.staffItems[0].code, ErrorCode::UserIdTaken);
    EXPECT_EQ(status.depth, 0);
}

TEST_F(OutboxWorkerTest, HandsAnUnknownKindToStaffWithoutSendingIt) {
    queue(1, "mystery");
    auto w = worker();
    ASSERT_TRUE(w->runOnce().ok());
    EXPECT_TRUE(api.submitted().empty());
    ASSERT_EQ(w->status().staffItems.size(), 1U);
    EXPECT_EQ(w->status().staffItems[0].code, ErrorCode::Unsupported);
}

TEST_F(OutboxWorkerTest, ANewWorkerHonoursTheRetryTimeLeftByTheOldOne) {
    const auto id = queue(1);
    api.setAnswer([](const auto&) { return Error{ErrorCode::ServerError, "500"}; });
    ASSERT_TRUE(worker()->runOnce().ok());
    const auto next = item(id).nextAttemptAt;
    api.setAnswer({});
    auto fresh = worker();
    ASSERT_TRUE(fresh->runOnce().ok());
    EXPECT_EQ(api.submitted().size(), 1U);
    clock->set(next);
    ASSERT_TRUE(fresh->runOnce().ok());
    EXPECT_EQ(api.submitted().size(), 2U);
    EXPECT_TRUE(item(id).deliveredAt);
    EXPECT_EQ(item(id).attempts, 1);
}

TEST_F(OutboxWorkerTest, ReportsAStoreItCannotOpen) {
    path = dir / "missing-dir" / "kiosk.db";
    auto report = worker()->runOnce();
    ASSERT_FALSE(report.ok());
}

TEST_F(OutboxWorkerTest, TheThreadDeliversAfterAWakeAndStopsQuickly) {
    auto systemClock = std::make_shared<SystemClock>();
    config.idlePoll = std::chrono::hours(1); // only a wake can make it look again
    OutboxWorker w(path, api, config, systemClock);
    w.start();
    EXPECT_TRUE(w.status().running);
    // A commit made while it runs, announced with wake().
    {
        auto s = store::LocalStore::open(path);
        ASSERT_TRUE(s.ok());
        store::StepCommit step;
        step.at = systemClock->now();
        step.enrollment.uuid = uuidFor(9);
        step.enrollment.createdAt = step.at;
        step.enrollment.updatedAt = step.at;
        step.enrollment.state = "basic_done";
        step.outbox = test::submissionDraft(uuidFor(9), "kiosk-01", {1, 2, 3});
        step.audit = {"step_committed", uuidFor(9), "test"};
        ASSERT_TRUE(s->commitStep(step).ok());
    }
    w.wake();
    // The delivery is counted when it is answered; the depth is read again from the store at
    // the end of the pass, a moment later: wait for the pass, not only for the answer.
    ASSERT_TRUE(test::waitUntil([&] {
        const auto status = w.status();
        return status.deliveredSinceStart >= 1 && status.depth == 0;
    }));
    EXPECT_EQ(w.status().deliveredSinceStart, 1);
    EXPECT_EQ(w.status().depth, 0);
    // The idle poll is an hour away: stop() returns only because it wakes the thread.
    w.stop();
    EXPECT_FALSE(w.status().running);
    EXPECT_EQ(w.runOnce().ok(), true); // usable again once stopped
}

TEST_F(OutboxWorkerTest, RunOnceIsRefusedWhileTheThreadRuns) {
    auto w = worker();
    w->start();
    EXPECT_EQ(w->runOnce().code(), ErrorCode::InvalidArgument);
    w->stop();
}

TEST_F(OutboxWorkerTest, StatusNeverWaitsForASlowDelivery) {
    queue(1);
    // The delivery is held inside the central call until the test releases it, after it
    // has read the status: a status() that waited for the delivery would never return.
    CancellationToken release;
    std::promise<void> inDelivery;
    api.setAnswer([&](const protocol::SubmitEnrollmentRequest& r) {
        inDelivery.set_value();
        release.waitFor(test::kHangGuard);
        return FakeCentralApi::accept(r);
    });
    auto systemClock = std::make_shared<SystemClock>();
    OutboxWorker w(path, api, config, systemClock);
    w.start();
    inDelivery.get_future().wait();
    auto status = std::async(std::launch::async, [&w] { return w.status(); });
    const bool answered = status.wait_for(test::kHangGuard) == std::future_status::ready;
    release.cancel();
    ASSERT_TRUE(answered) << "status() waited for the delivery in flight";
    EXPECT_TRUE(status.get().running);
    w.stop();
}

} // namespace
} // namespace madoguchi::sync
