// SPDX-License-Identifier: Apache-2.0
// Two central services on one database (as two madoguchi-central processes would be), several
// kiosks delivering at once with duplicates: every enrollment is accepted exactly once.
#include "CentralTestSupport.h"
#include "ScratchDir.h"
#include "StoreBackends.h"

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

using namespace madoguchi;
using namespace madoguchi::central;
using madoguchi::centraltest::randomUuid;
using madoguchi::centraltest::StoreBackend;
using madoguchi::centraltest::StoreHome;
using madoguchi::centraltest::testSessionId;

namespace {

constexpr int kKiosks = 4;
constexpr int kPerKiosk = 6;

class SharedStoreTest : public ::testing::TestWithParam<StoreBackend> {
protected:
    void SetUp() override {
        m_keys =
            std::make_unique<crypto::SealingKeyPair>(crypto::SealingKeyPair::generate().value());
        m_home = std::make_unique<StoreHome>(GetParam(), m_dir.file("central.db"));
        for (auto* slot : {&m_first, &m_second}) {
            CentralOptions options;
            options.openingKeyPem = m_keys->privateKeyPem.clone();
            auto service = m_home->openService(std::move(options));
            ASSERT_TRUE(service.ok()) << service.error().detail;
            *slot = std::move(*service);
        }
    }

    // A roster member verified at `kiosk` (no PBKDF2: the verifier is never checked here).
    void enrol(const std::string& tempId, const std::string& kiosk) {
        ASSERT_TRUE(m_first->store().putRosterEntry(
            {tempId, "unused", "カナ", "M-" + tempId, centraltest::unixNow(), std::nullopt}));
        ASSERT_TRUE(m_first->store().recordVerification(
            {testSessionId(kiosk, tempId), tempId, kiosk, centraltest::unixNow()}));
    }

    // Delivers until the answer is final, as the kiosk's outbox does (409 in flight and 503
    // are retried).
    ServiceReply<protocol::SubmitEnrollmentResponse>
    deliver(CentralService& service, const protocol::SubmitEnrollmentRequest& request) {
        for (int attempt = 0;; ++attempt) {
            auto reply = service.submitEnrollment(request);
            const bool retry = !reply.ok() && (reply.code() == ErrorCode::IdempotencyInFlight ||
                                               reply.code() == ErrorCode::StorageBusy ||
                                               reply.code() == ErrorCode::ServerError);
            if (!retry || attempt == 1000) {
                return reply;
            }
            std::this_thread::yield();
        }
    }

    test::ScratchDir m_dir;
    std::unique_ptr<crypto::SealingKeyPair> m_keys;
    std::unique_ptr<StoreHome> m_home;
    std::unique_ptr<CentralService> m_first;
    std::unique_ptr<CentralService> m_second;
};

} // namespace

MADOGUCHI_ON_BOTH_STORES(SharedStoreTest);

TEST_P(SharedStoreTest, ConcurrentClaimsOfOneKeyFromTwoServicesGiveOneClaim) {
    const std::string id = randomUuid();
    std::atomic<int> claimed{0};
    std::atomic<int> failed{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 8; ++i) {
        threads.emplace_back([&, i] {
            auto& store = (i % 2 == 0 ? m_first : m_second)->store();
            auto claim = store.claimDelivery(id, "digest", 1000, 900);
            if (!claim) {
                failed.fetch_add(1);
            } else if (claim->state == DeliveryState::Claimed) {
                claimed.fetch_add(1);
            }
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    EXPECT_EQ(claimed.load(), 1);
    EXPECT_EQ(failed.load(), 0);
}

TEST_P(SharedStoreTest, KiosksDeliveringToTwoServicesWithDuplicatesGetEachResultAcceptedOnce) {
    struct Item {
        protocol::SubmitEnrollmentRequest request;
        std::string userId;
    };
    std::vector<std::vector<Item>> perKiosk(kKiosks);
    for (int k = 0; k < kKiosks; ++k) {
        const std::string kiosk = "kiosk-0" + std::to_string(k + 1);
        for (int i = 0; i < kPerKiosk; ++i) {
            const std::string tempId = "T" + std::to_string(1000 + k * 100 + i);
            enrol(tempId, kiosk);
            const std::string userId = "user." + std::to_string(k) + "." + std::to_string(i);
            auto r = centraltest::totpResult(randomUuid(), kiosk, tempId, userId);
            perKiosk[static_cast<std::size_t>(k)].push_back(
                {centraltest::sealedSubmission(m_keys->publicKeyPem, r), userId});
        }
    }
    // Two members at two kiosks chose the same user ID: one gets it, the other is a conflict.
    enrol("T9001", "kiosk-01");
    enrol("T9002", "kiosk-02");
    perKiosk[0].push_back(
        {centraltest::sealedSubmission(
             m_keys->publicKeyPem,
             centraltest::totpResult(randomUuid(), "kiosk-01", "T9001", "same.name")),
         "same.name"});
    perKiosk[1].push_back(
        {centraltest::sealedSubmission(
             m_keys->publicKeyPem,
             centraltest::totpResult(randomUuid(), "kiosk-02", "T9002", "same.name")),
         "same.name"});

    std::mutex answersMutex;
    std::map<std::string, std::vector<protocol::SubmitEnrollmentResponse>> answers;
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int k = 0; k < kKiosks; ++k) {
        // Each kiosk sends every result three times, alternating services (a retry after a
        // lost answer, a duplicate from a restarted outbox), in two threads at once.
        for (int copy = 0; copy < 2; ++copy) {
            threads.emplace_back([&, k, copy] {
                int n = copy;
                for (const auto& item : perKiosk[static_cast<std::size_t>(k)]) {
                    for (int repeat = 0; repeat < 3; ++repeat, ++n) {
                        auto& service = n % 2 == 0 ? *m_first : *m_second;
                        auto reply = deliver(service, item.request);
                        if (!reply.ok()) {
                            failures.fetch_add(1);
                            continue;
                        }
                        std::lock_guard lock(answersMutex);
                        answers[item.request.enrollmentId].push_back(reply.value());
                    }
                }
            });
        }
    }
    for (auto& t : threads) {
        t.join();
    }
    EXPECT_EQ(failures.load(), 0);
    const int expected = kKiosks * kPerKiosk + 2;
    ASSERT_EQ(static_cast<int>(answers.size()), expected);
    EXPECT_EQ(m_first->store().countEnrollments("").value(), expected);
    int accepted = 0;
    int conflicts = 0;
    for (const auto& [id, replies] : answers) {
        EXPECT_EQ(m_second->store().countEnrollments(id).value(), 1) << id;
        // Every copy got the same answer; exactly one of them was the first.
        int fresh = 0;
        for (const auto& reply : replies) {
            EXPECT_EQ(reply.status, replies.front().status) << id;
            EXPECT_EQ(reply.receivedAt, replies.front().receivedAt) << id;
            fresh += reply.replayed ? 0 : 1;
        }
        EXPECT_EQ(fresh, 1) << id;
        if (replies.front().status == protocol::EnrollmentStatus::Accepted) {
            ++accepted;
        } else {
            ++conflicts;
        }
    }
    EXPECT_EQ(accepted, expected - 1);
    EXPECT_EQ(conflicts, 1);
    EXPECT_TRUE(m_first->store().userIdTaken("same.name").value());
}

TEST_P(SharedStoreTest, TwoResultsForOneTempIdAtOnceAreAcceptedOnce) {
    // The member signed in at two kiosks and both delivered a registration, each to another
    // central process, at the same moment: one is accepted, the other refused.
    enrol("T7001", "kiosk-01");
    ASSERT_TRUE(m_first->store().recordVerification(
        {testSessionId("kiosk-02", "T7001"), "T7001", "kiosk-02", centraltest::unixNow()}));
    const auto one = centraltest::sealedSubmission(
        m_keys->publicKeyPem, centraltest::totpResult(randomUuid(), "kiosk-01", "T7001", "one"));
    const auto two = centraltest::sealedSubmission(
        m_keys->publicKeyPem, centraltest::totpResult(randomUuid(), "kiosk-02", "T7001", "two"));
    std::atomic<int> ok{0};
    std::atomic<int> refused{0};
    std::thread first([&] {
        auto reply = deliver(*m_first, one);
        (reply.ok() ? ok : refused).fetch_add(1);
    });
    std::thread second([&] {
        auto reply = deliver(*m_second, two);
        (reply.ok() ? ok : refused).fetch_add(1);
    });
    first.join();
    second.join();
    EXPECT_EQ(ok.load(), 1);
    EXPECT_EQ(refused.load(), 1);
    EXPECT_EQ(m_first->store().countEnrollments("").value(), 1);
}

TEST_P(SharedStoreTest, KiosksDeliveringOverlappingBatchesToTwoServicesGetEachResultOnce) {
    // Each kiosk sends its results in overlapping batches of three (a batch resent whole after
    // a lost answer), alternating services, in two threads at once: the batches of the two
    // services run as concurrent transactions on one database.
    constexpr int kBatchKiosks = 3;
    std::vector<std::vector<protocol::SubmitEnrollmentRequest>> perKiosk(kBatchKiosks);
    for (int k = 0; k < kBatchKiosks; ++k) {
        const std::string kiosk = "kiosk-0" + std::to_string(k + 1);
        for (int i = 0; i < kPerKiosk; ++i) {
            const std::string tempId = "B" + std::to_string(1000 + k * 100 + i);
            enrol(tempId, kiosk);
            perKiosk[static_cast<std::size_t>(k)].push_back(centraltest::sealedSubmission(
                m_keys->publicKeyPem,
                centraltest::totpResult(randomUuid(), kiosk, tempId,
                                        "batch." + std::to_string(k) + "." + std::to_string(i))));
        }
    }
    std::mutex answersMutex;
    std::map<std::string, std::vector<protocol::SubmitEnrollmentResponse>> answers;
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int k = 0; k < kBatchKiosks; ++k) {
        for (int copy = 0; copy < 2; ++copy) {
            threads.emplace_back([&, k, copy] {
                const auto& results = perKiosk[static_cast<std::size_t>(k)];
                for (std::size_t start = 0; start + 3 <= results.size(); ++start) {
                    std::vector<protocol::SubmitEnrollmentRequest> pending(
                        results.begin() + static_cast<std::ptrdiff_t>(start),
                        results.begin() + static_cast<std::ptrdiff_t>(start + 3));
                    // Until every result in it has its final answer, as the outbox does: a
                    // failed batch and the results answered "in flight" or "busy" go again.
                    for (int attempt = 0; !pending.empty() && attempt < 1000; ++attempt) {
                        auto& service = (start + static_cast<std::size_t>(copy + attempt)) % 2 == 0
                                            ? *m_first
                                            : *m_second;
                        auto replies = service.submitEnrollmentBatch(pending);
                        if (!replies.ok()) {
                            std::this_thread::yield();
                            continue;
                        }
                        std::vector<protocol::SubmitEnrollmentRequest> again;
                        for (std::size_t i = 0; i < pending.size(); ++i) {
                            const auto& reply = (*replies)[i];
                            if (reply.ok()) {
                                std::lock_guard lock(answersMutex);
                                answers[pending[i].enrollmentId].push_back(reply.value());
                            } else if (reply.code() == ErrorCode::IdempotencyInFlight ||
                                       reply.code() == ErrorCode::StorageBusy) {
                                again.push_back(pending[i]);
                            } else {
                                failures.fetch_add(1);
                            }
                        }
                        pending = std::move(again);
                    }
                    if (!pending.empty()) {
                        failures.fetch_add(1);
                    }
                }
            });
        }
    }
    for (auto& t : threads) {
        t.join();
    }
    EXPECT_EQ(failures.load(), 0);
    const int expected = kBatchKiosks * kPerKiosk;
    ASSERT_EQ(static_cast<int>(answers.size()), expected);
    EXPECT_EQ(m_first->store().countEnrollments("").value(), expected);
    for (const auto& [id, replies] : answers) {
        EXPECT_EQ(m_second->store().countEnrollments(id).value(), 1) << id;
        int fresh = 0;
        for (const auto& reply : replies) {
            EXPECT_EQ(reply.status, protocol::EnrollmentStatus::Accepted) << id;
            EXPECT_EQ(reply.receivedAt, replies.front().receivedAt) << id;
            fresh += reply.replayed ? 0 : 1;
        }
        EXPECT_EQ(fresh, 1) << id;
    }
    EXPECT_TRUE(m_first->staffItems().value().empty());
}
