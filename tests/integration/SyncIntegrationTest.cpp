// SPDX-License-Identifier: Apache-2.0
// The kiosk's sync (HttpsCentralClient + OutboxWorker + LocalStore) against the real central
// core behind mutual TLS on loopback, with the faults a network and a server can produce, and
// a sync process killed with SIGKILL at random moments.

#include "../engine/sync/TestPki.h"
#include "CentralFront.h"
#include "ClosedLoopbackPort.h"
#include "RealCentral.h"
#include "SealedResults.h"
#include "UnsupportedCentralApi.h"
#include "WaitUntil.h"
#include "central/CentralService.h"
#include "crypto/Base64.h"
#include "crypto/SealingKeyPair.h"
#include "sync/HttpsCentralClient.h"
#include "sync/OutboxWorker.h"

#include <curl/curl.h>
#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <random>
#include <set>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace madoguchi {
namespace {

using namespace std::chrono_literals;
using test::CentralFront;
using test::RealCentral;
using test::TestPki;

constexpr const char* kKiosk = "kiosk-01";

class SyncIntegrationTest : public ::testing::Test {
protected:
    void SetUp() override {
        static int counter = 0;
        dir = std::filesystem::temp_directory_path() /
              ("madoguchi-sync-it-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
        std::filesystem::create_directories(dir);
        storePath = dir / "kiosk.db";
        auto keys = crypto::SealingKeyPair::generate();
        ASSERT_TRUE(keys.ok());
        publicKey = keys->publicKeyPem;
        privateKey = keys->privateKeyPem.clone();
        central::CentralOptions options;
        options.openingKeyPem = std::move(keys->privateKeyPem);
        options.rateLimitPerSecond = 1e6;
        options.rateLimitBurst = 1e6;
        options.deliveryStaleAfter = std::chrono::seconds(1);
        auto service = central::CentralService::openFile(dir / "central.db", std::move(options));
        ASSERT_TRUE(service.ok()) << service.error().detail;
        central = std::move(service.value());
        // Result 1 is also sent directly by some tests.
        test::recordSealedLogins(central->store(), kKiosk, 1, 1);
        const auto& pki = TestPki::get();
        real = std::make_unique<RealCentral>(*central, pki.serverCert, pki.serverKey, pki.kioskCa);
        front =
            std::make_unique<CentralFront>(*central, pki.serverCert, pki.serverKey, pki.kioskCa);
    }
    void TearDown() override {
        real.reset();
        front.reset();
        central.reset();
        std::filesystem::remove_all(dir);
    }

    sync::HttpsClientConfig clientConfig(const std::string& url) const {
        const auto& pki = TestPki::get();
        sync::HttpsClientConfig c;
        c.baseUrl = url;
        c.caBundle = pki.serverCa;
        c.clientCert = pki.clientCert;
        c.clientKey = pki.clientKey;
        // The kiosk's defaults: a batch of 32 under TSan on a loaded 2-core machine can take
        // longer than a second, and these tests are about records, not timeouts (the one that
        // is sets its own).
        c.connectTimeout = 5000ms;
        c.requestTimeout = 15000ms;
        c.proxy = std::string();
        return c;
    }

    std::unique_ptr<sync::HttpsCentralClient> client(const std::string& url) const {
        auto c = sync::HttpsCentralClient::create(clientConfig(url));
        EXPECT_TRUE(c.ok());
        return std::move(c.value());
    }

    sync::OutboxWorkerConfig workerConfig() const {
        sync::OutboxWorkerConfig c;
        c.kioskId = kKiosk;
        c.retryBase = 20ms;
        c.retryCap = 200ms;
        c.idlePoll = 50ms;
        return c;
    }

    void queue(int first, int last) {
        auto kiosk = store::LocalStore::open(storePath);
        ASSERT_TRUE(kiosk.ok());
        test::queueSealedResults(*kiosk, publicKey, kKiosk, first, last);
        test::recordSealedLogins(central->store(), kKiosk, first, last);
    }

    // Every result first..last is recorded centrally exactly once, and nothing else is.
    void expectCentralHasExactlyOnce(int first, int last) {
        auto all = central->store().listEnrollments();
        ASSERT_TRUE(all.ok());
        EXPECT_EQ(all->size(), static_cast<std::size_t>(last - first + 1));
        std::set<std::string> ids;
        for (const auto& e : *all) {
            ids.insert(e.enrollmentId);
        }
        for (int n = first; n <= last; ++n) {
            auto count = central->store().countEnrollments(test::enrollmentUuid(n));
            ASSERT_TRUE(count.ok());
            EXPECT_EQ(*count, 1) << "enrollment " << n;
            EXPECT_TRUE(ids.contains(test::enrollmentUuid(n)));
        }
    }

    std::int64_t kioskDepth() {
        auto kiosk = store::LocalStore::open(storePath);
        auto depth = kiosk->outboxDepth();
        return depth.ok() ? *depth : -1;
    }

    // Runs the worker thread until the outbox is empty (false only if it never empties).
    bool drainWithThread(sync::CentralApi& api) {
        sync::OutboxWorker worker(storePath, api, workerConfig());
        worker.start();
        return test::waitUntil([&] {
            auto s = worker.status();
            return s.lastPassAt && s.depth == 0;
        });
    }

    std::filesystem::path dir;
    std::filesystem::path storePath;
    std::string publicKey;
    SecureBuffer privateKey;
    std::unique_ptr<central::CentralService> central;
    std::unique_ptr<RealCentral> real;   // madoguchi-central's own HTTPS front
    std::unique_ptr<CentralFront> front; // the fault-injecting test front
};

TEST_F(SyncIntegrationTest, DeliversQueuedResultsToTheCentralCoreOverMutualTls) {
    queue(1, 25);
    real->start();
    auto api = client(real->url());
    auto health = api->health();
    ASSERT_TRUE(health.ok()) << health.error().detail;
    sync::OutboxWorker worker(storePath, *api, workerConfig());
    auto report = worker.runOnce();
    ASSERT_TRUE(report.ok()) << report.error().detail;
    EXPECT_EQ(report->delivered, 25);
    EXPECT_EQ(kioskDepth(), 0);
    expectCentralHasExactlyOnce(1, 25);
    // What arrived opens to what the kiosk sealed.
    auto all = central->openedEnrollments();
    ASSERT_TRUE(all.ok());
    for (const auto& e : *all) {
        EXPECT_EQ(e.kioskId, kKiosk);
        EXPECT_NE(e.resultJson.find(e.enrollmentId), std::string::npos);
    }
}

TEST_F(SyncIntegrationTest, AKioskWithoutAClientCertificateIsTurnedAwayBeforeHttp) {
    real->start();
    // libcurl directly, with no client certificate at all (our client refuses to be
    // configured that way).
    CURL* easy = curl_easy_init();
    ASSERT_NE(easy, nullptr);
    const std::string url = real->url() + "/v1/health";
    const std::string ca = TestPki::get().serverCa.string();
    curl_easy_setopt(easy, CURLOPT_URL, url.c_str());
    curl_easy_setopt(easy, CURLOPT_CAINFO, ca.c_str());
    curl_easy_setopt(easy, CURLOPT_PROXY, "");
    curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, 2000L);
    long status = 0;
    const CURLcode rc = curl_easy_perform(easy);
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(easy);
    EXPECT_NE(rc, CURLE_OK);
    EXPECT_EQ(status, 0); // no HTTP status: the handshake was refused
}

TEST_F(SyncIntegrationTest, AKioskWithACertificateFromAnotherCaDeliversNothing) {
    queue(1, 3);
    real->start();
    auto config = clientConfig(real->url());
    config.clientCert = TestPki::get().rogueClientCert;
    config.clientKey = TestPki::get().rogueClientKey;
    auto api = sync::HttpsCentralClient::create(config);
    ASSERT_TRUE(api.ok());
    sync::OutboxWorker worker(storePath, **api, workerConfig());
    auto report = worker.runOnce();
    ASSERT_TRUE(report.ok());
    EXPECT_EQ(report->delivered, 0);
    EXPECT_EQ(worker.status().lastError->code, ErrorCode::TlsFailure);
    expectCentralHasExactlyOnce(1, 0);
    EXPECT_EQ(kioskDepth(), 3);
}

TEST_F(SyncIntegrationTest, AKioskCertificateForAnotherKioskIsRefusedAndRetried) {
    queue(1, 1);
    real->start();
    auto config = clientConfig(real->url());
    config.clientCert = TestPki::get().otherKioskCert; // CN=kiosk-02, results say kiosk-01
    config.clientKey = TestPki::get().otherKioskKey;
    auto api = sync::HttpsCentralClient::create(config);
    ASSERT_TRUE(api.ok());
    sync::OutboxWorker worker(storePath, **api, workerConfig());
    ASSERT_TRUE(worker.runOnce().ok());
    EXPECT_EQ(worker.status().lastError->code, ErrorCode::KioskNotAuthorized);
    EXPECT_EQ(kioskDepth(), 1);
    expectCentralHasExactlyOnce(1, 0);
}

TEST_F(SyncIntegrationTest, AServerWithAnUntrustedCertificateGetsNothing) {
    queue(1, 2);
    const auto& pki = TestPki::get();
    RealCentral impostor(*central, pki.rogueServerCert, pki.rogueServerKey, pki.kioskCa);
    impostor.start();
    auto api = client(impostor.url());
    sync::OutboxWorker worker(storePath, *api, workerConfig());
    ASSERT_TRUE(worker.runOnce().ok());
    EXPECT_EQ(worker.status().lastError->code, ErrorCode::TlsFailure);
    expectCentralHasExactlyOnce(1, 0);
    EXPECT_EQ(kioskDepth(), 2);
}

TEST_F(SyncIntegrationTest, DeliversOnceTheServerComesUp) {
    queue(1, 10);
    // Reserve a port, then leave it closed while the worker starts.
    const int port = test::closedLoopbackPort();
    ASSERT_NE(port, 0);
    auto api = client("https://127.0.0.1:" + std::to_string(port));
    sync::OutboxWorker worker(storePath, *api, workerConfig());
    worker.start();
    // A failed pass: the error is noted mid-pass, the depth at its end.
    ASSERT_TRUE(test::waitUntil([&] {
        auto s = worker.status();
        return s.lastError.has_value() && s.lastPassAt.has_value();
    }));
    EXPECT_EQ(worker.status().lastError->code, ErrorCode::NetworkUnavailable);
    EXPECT_EQ(worker.status().depth, 10);

    // The server comes up on that port.
    real->start(port);
    EXPECT_TRUE(test::waitUntil([&] { return worker.status().depth == 0; }));
    EXPECT_FALSE(worker.status().lastError);
    worker.stop();
    expectCentralHasExactlyOnce(1, 10);
}

TEST_F(SyncIntegrationTest, RetriesThrough5xxAndDeliversOnce) {
    queue(1, 5);
    front->faults = [](int n) {
        return n <= 3 ? CentralFront::Fault::Unavailable : CentralFront::Fault::None;
    };
    front->start();
    auto api = client(front->url());
    EXPECT_TRUE(drainWithThread(*api));
    expectCentralHasExactlyOnce(1, 5);
    EXPECT_GE(front->submissions(), 8);
}

TEST_F(SyncIntegrationTest, A400InvalidRequestBecomesAStaffItemAndIsNotSentAgain) {
    queue(1, 3);
    front->faults = [](int n) {
        return n == 2 ? CentralFront::Fault::InvalidRequest : CentralFront::Fault::None;
    };
    front->start();
    auto api = client(front->url());
    auto clock = std::make_shared<ManualClock>(std::chrono::system_clock::now());
    sync::OutboxWorker worker(storePath, *api, workerConfig(), clock);
    auto first = worker.runOnce();
    ASSERT_TRUE(first.ok()) << first.error().detail;
    EXPECT_EQ(first->delivered, 2);
    EXPECT_EQ(first->staff, 1);
    const auto staff = worker.status().staffItems;
    ASSERT_EQ(staff.size(), 1U);
    EXPECT_EQ(staff[0].enrollmentUuid, test::enrollmentUuid(2));
    EXPECT_EQ(staff[0].code, ErrorCode::RequestRefused);
    EXPECT_NE(staff[0].detail.find("invalid_request"), std::string::npos) << staff[0].detail;
    // Later passes leave it parked for staff: it is not sent again.
    clock->advance(workerConfig().retryCap + 1s); // past any retry the worker could plan
    ASSERT_TRUE(worker.runOnce().ok());
    EXPECT_EQ(front->submissions(), 3);
    EXPECT_EQ(kioskDepth(), 1);
    EXPECT_EQ(central->store().countEnrollments(test::enrollmentUuid(2)).value(), 0);
}

TEST_F(SyncIntegrationTest, AnAnswerSlowerThanTheTimeoutIsResentAndRecordedOnce) {
    queue(1, 3);
    front->slowFor = 3000ms; // the kiosk gives up after 1000 ms
    front->faults = [](int n) {
        return n == 1 ? CentralFront::Fault::SlowAfterProcessing : CentralFront::Fault::None;
    };
    front->start();
    auto config = clientConfig(front->url());
    config.requestTimeout = 1000ms;
    auto created = sync::HttpsCentralClient::create(config);
    ASSERT_TRUE(created.ok());
    auto& api = *created;
    sync::OutboxWorker worker(storePath, *api, workerConfig());
    auto first = worker.runOnce();
    ASSERT_TRUE(first.ok());
    EXPECT_EQ(worker.status().lastError->code, ErrorCode::NetworkTimeout);
    EXPECT_EQ(kioskDepth(), 3);
    EXPECT_TRUE(drainWithThread(*api));
    expectCentralHasExactlyOnce(1, 3);
}

TEST_F(SyncIntegrationTest, StopEndsADeliveryInFlightQuicklyAndItIsResentLater) {
    queue(1, 1);
    front->slowFor = std::chrono::hours(1); // the answer comes only when released
    front->faults = [](int n) {
        return n == 1 ? CentralFront::Fault::SlowAfterProcessing : CentralFront::Fault::None;
    };
    front->start();
    auto config = clientConfig(front->url());
    config.requestTimeout = 10000ms;
    auto api = sync::HttpsCentralClient::create(config);
    ASSERT_TRUE(api.ok());
    {
        sync::OutboxWorker worker(storePath, **api, workerConfig());
        (*api)->setCancelFlag(worker.stopFlag());
        worker.start();
        ASSERT_TRUE(test::waitUntil([&] { return front->submissions() > 0; }));
        ASSERT_EQ(front->submissions(), 1);
        // The answer is held until released: stop() returning at all shows it did not wait
        // for the answer (nor for the 10 s request timeout).
        worker.stop();
        EXPECT_EQ(front->answersSent(), 0);
        EXPECT_EQ(worker.status().depth, 1); // not marked: the answer never came
    }
    front->releaseHeldAnswers();
    // The next run re-sends; the core answers with the first answer, once recorded.
    auto again = client(front->url());
    EXPECT_TRUE(drainWithThread(*again));
    expectCentralHasExactlyOnce(1, 1);
}

TEST_F(SyncIntegrationTest, AConnectionResetMidAnswerIsResentAndRecordedOnce) {
    queue(1, 4);
    front->faults = [](int n) {
        return n % 2 == 1 && n < 8 ? CentralFront::Fault::DropMidBodyAfterProcessing
                                   : CentralFront::Fault::None;
    };
    front->start();
    auto api = client(front->url());
    EXPECT_TRUE(drainWithThread(*api));
    expectCentralHasExactlyOnce(1, 4);
}

// A result sealed by a kiosk version before session binding, still queued at the upgrade:
// the central service refuses it clearly (no proof of a verified login), the kiosk parks it
// as a staff item instead of retrying, and the central service raises one naming it.
TEST_F(SyncIntegrationTest, AResultQueuedBeforeSessionBindingIsRefusedWithStaffItemsAtBothEnds) {
    const std::string uuid = test::enrollmentUuid(1, 5);
    protocol::EnrollmentResult r;
    r.enrollmentId = uuid;
    r.stage = protocol::ResultStage::Registration;
    r.kioskId = kKiosk;
    r.tempId = test::sealedTempId(1);
    r.userId = "user.before.binding";
    r.email = "old@example.jp";
    r.passwordHash = "pbkdf2-sha256$600000$c2FsdHNhbHRzYWx0c2FsdA==$"
                     "aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=";
    r.termsVersion = "2024-04";
    r.completedAt = 1767225650; // no session_id: sealed before the kiosk sent one
    auto sealed = crypto::Sealer::seal(publicKey, r.toPlaintext(),
                                       crypto::Sealer::enrollmentAad(kKiosk, uuid));
    ASSERT_TRUE(sealed.ok());
    {
        auto kiosk = store::LocalStore::open(storePath);
        ASSERT_TRUE(kiosk.ok());
        store::StepCommit step;
        step.at = std::chrono::system_clock::now();
        step.enrollment.uuid = uuid;
        step.enrollment.createdAt = step.at;
        step.enrollment.updatedAt = step.at;
        step.enrollment.state = "basic_done";
        step.outbox = test::submissionDraft(uuid, kKiosk, *sealed);
        step.audit = {"step_committed", uuid, "before session binding"};
        ASSERT_TRUE(kiosk->commitStep(step).ok());
    }
    real->start();
    auto api = client(real->url());
    sync::OutboxWorker worker(storePath, *api, workerConfig());
    auto report = worker.runOnce();
    ASSERT_TRUE(report.ok()) << report.error().detail;
    EXPECT_EQ(report->delivered, 0);
    EXPECT_EQ(report->staff, 1);
    EXPECT_EQ(report->retryLater, 0);
    auto kiosk = store::LocalStore::open(storePath);
    ASSERT_TRUE(kiosk.ok());
    auto parked = kiosk->getValue(sync::OutboxWorker::kStaffItemsKey);
    ASSERT_TRUE(parked.ok() && parked->has_value());
    EXPECT_NE((*parked)->find("EnvelopeRejected"), std::string::npos) << **parked;
    EXPECT_NE((*parked)->find(uuid), std::string::npos) << **parked;
    const auto items = central->staffItems().value();
    ASSERT_EQ(items.size(), 1U);
    EXPECT_EQ(items[0].kind, "registration_refused");
    EXPECT_EQ(items[0].enrollmentId, uuid);
    EXPECT_NE(items[0].detail.find("sign in again"), std::string::npos) << items[0].detail;
    EXPECT_EQ(central->store().countEnrollments("").value(), 0);
}

TEST_F(SyncIntegrationTest, ADuplicateDeliveryGetsTheFirstAnswerAndNoSecondRecord) {
    real->start();
    auto api = client(real->url());
    const std::string uuid = test::enrollmentUuid(1);
    const protocol::SubmitEnrollmentRequest request{
        uuid, kKiosk, crypto::Base64::encode(test::sealedResult(publicKey, kKiosk, uuid, 1))};
    auto first = api->submitEnrollment(request);
    ASSERT_TRUE(first.ok()) << first.error().detail;
    EXPECT_FALSE(first->replayed);
    auto again = api->submitEnrollment(request);
    ASSERT_TRUE(again.ok()) << again.error().detail;
    EXPECT_TRUE(again->replayed);
    EXPECT_EQ(again->receivedAt, first->receivedAt);
    // Same key, other bytes (sealed again: new ephemeral key and nonce) → mismatch.
    const protocol::SubmitEnrollmentRequest other{
        uuid, kKiosk, crypto::Base64::encode(test::sealedResult(publicKey, kKiosk, uuid, 1))};
    EXPECT_EQ(api->submitEnrollment(other).code(), ErrorCode::IdempotencyMismatch);
    expectCentralHasExactlyOnce(1, 1);
}

TEST_F(SyncIntegrationTest, ConcurrentDuplicatesMakeOneRecord) {
    real->start();
    const std::string uuid = test::enrollmentUuid(1);
    const protocol::SubmitEnrollmentRequest request{
        uuid, kKiosk, crypto::Base64::encode(test::sealedResult(publicKey, kKiosk, uuid, 1))};
    std::atomic<int> ok{0};
    std::atomic<int> inFlight{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            // Four at once on a loaded machine (or under a sanitizer) may take longer than
            // the fixture's 1 s: this test is about the records, not about timeouts.
            auto config = clientConfig(real->url());
            config.requestTimeout = 15000ms;
            auto api = sync::HttpsCentralClient::create(config);
            ASSERT_TRUE(api.ok()) << api.error().detail;
            auto answer = (*api)->submitEnrollment(request);
            if (answer.ok()) {
                ++ok;
            } else if (answer.code() == ErrorCode::IdempotencyInFlight) {
                ++inFlight;
            } else {
                ADD_FAILURE() << answer.error().detail;
            }
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    EXPECT_GE(ok.load(), 1);
    EXPECT_EQ(ok.load() + inFlight.load(), 4);
    expectCentralHasExactlyOnce(1, 1);
}

// The rate limit answers 429 before it reads the body. The kiosk used to send its next
// result over that same connection, where the server took the rest of the first body for a
// request and answered 400 invalid_request: final, a staff item for good. Now the server
// closes such a connection, the kiosk never reuses one after a non-2xx answer, and it
// waits as long as the 429 asks (up to its backoff cap, short here).
TEST_F(SyncIntegrationTest, TwoHundredResultsThroughABurstOfFiveDrainWithNoStaffItem) {
    constexpr int kResults = 200;
    real.reset();
    front.reset();
    central.reset();
    central::CentralOptions options;
    options.openingKeyPem = privateKey.clone();
    options.rateLimitPerSecond = 50.0;
    options.rateLimitBurst = 5.0;
    options.deliveryStaleAfter = std::chrono::seconds(1);
    auto service = central::CentralService::openFile(dir / "central-burst.db", std::move(options));
    ASSERT_TRUE(service.ok()) << service.error().detail;
    central = std::move(service.value());
    const auto& pki = TestPki::get();
    real = std::make_unique<RealCentral>(*central, pki.serverCert, pki.serverKey, pki.kioskCa);
    queue(1, kResults);
    real->start();
    auto api = client(real->url());
    const auto started = std::chrono::steady_clock::now();
    EXPECT_TRUE(drainWithThread(*api)) << "left: " << kioskDepth();
    const auto took = std::chrono::steady_clock::now() - started;
    auto kiosk = store::LocalStore::open(storePath);
    ASSERT_TRUE(kiosk.ok());
    auto staff = kiosk->getValue(sync::OutboxWorker::kStaffItemsKey);
    ASSERT_TRUE(staff.ok());
    EXPECT_TRUE(!staff->has_value() || **staff == "[]") << staff->value_or("");
    EXPECT_EQ(kioskDepth(), 0);
    expectCentralHasExactlyOnce(1, kResults);
    std::printf("[ burst ] %d results through burst 5 at 50/s in %lld ms\n", kResults,
                static_cast<long long>(
                    std::chrono::duration_cast<std::chrono::milliseconds>(took).count()));
}

// The kiosk's sync process dies (SIGKILL) at random moments while it delivers, is started
// again, and in the end the central service holds every queued result exactly once.
TEST_F(SyncIntegrationTest, SurvivesSigkillOfTheSyncProcessWithoutLossOrDuplicate) {
    // Backlogs drain in batches now: enough results that several kills land mid-drain.
    constexpr int kResults = 1200;
    queue(1, kResults);
    real->start();
    const auto& pki = TestPki::get();
    const std::string url = real->url();
    auto spawn = [&]() -> pid_t {
        const pid_t pid = ::fork();
        if (pid == 0) {
            ::execl(SYNC_AGENT_PATH, SYNC_AGENT_PATH, storePath.c_str(), url.c_str(),
                    pki.serverCa.c_str(), pki.clientCert.c_str(), pki.clientKey.c_str(), kKiosk,
                    static_cast<char*>(nullptr));
            ::_exit(127);
        }
        return pid;
    };
    std::mt19937 rng(20261125);
    std::uniform_int_distribution<int> delayMs(20, 150);
    int kills = 0;
    for (int round = 0; round < 8 && kioskDepth() > 0; ++round) {
        const pid_t pid = spawn();
        ASSERT_GT(pid, 0);
        std::this_thread::sleep_for(std::chrono::milliseconds(delayMs(rng)));
        ::kill(pid, SIGKILL);
        int status = 0;
        ASSERT_EQ(::waitpid(pid, &status, 0), pid);
        if (WIFSIGNALED(status)) {
            ++kills;
        }
    }
    EXPECT_GE(kills, 3);
    // A last run to the end.
    const pid_t pid = spawn();
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);
    EXPECT_EQ(kioskDepth(), 0);
    expectCentralHasExactlyOnce(1, kResults);
    // The kiosk's audit chain survived the kills too.
    auto kiosk = store::LocalStore::open(storePath);
    ASSERT_TRUE(kiosk.ok());
    EXPECT_TRUE(kiosk->verifyAuditChain().ok());
}

// ---- Batch delivery (POST /v1/enrollments/batch) ------------------------------------------

// Forwards to the real client and counts which path each delivery took; can drop the answer
// of the next batch after the central service recorded it (a connection lost on the way back).
class CountingApi final : public test::UnsupportedCentralApi {
public:
    explicit CountingApi(sync::CentralApi& inner) : m_inner(inner) {}
    std::atomic<int> singles{0};
    std::atomic<int> batches{0};
    std::atomic<int> batchedResults{0};
    std::atomic<bool> loseNextBatchAnswer{false};

    Result<protocol::SubmitEnrollmentResponse>
    submitEnrollment(const protocol::SubmitEnrollmentRequest& request) override {
        ++singles;
        return m_inner.submitEnrollment(request);
    }
    Result<BatchAnswers>
    submitEnrollmentBatch(const std::vector<protocol::SubmitEnrollmentRequest>& requests) override {
        ++batches;
        batchedResults += static_cast<int>(requests.size());
        auto answers = m_inner.submitEnrollmentBatch(requests);
        if (answers && loseNextBatchAnswer.exchange(false)) {
            return Error{ErrorCode::NetworkTimeout, "answer lost (test)"};
        }
        return answers;
    }

private:
    sync::CentralApi& m_inner;
};

TEST_F(SyncIntegrationTest, ABacklogGoesInBatchesAndAResultDueAloneOnTheSinglePath) {
    real->start();
    auto api = client(real->url());
    CountingApi counting(*api);
    sync::OutboxWorker worker(storePath, counting, workerConfig());
    // Right after a step: one result due, sent on its own.
    queue(1, 1);
    auto first = worker.runOnce();
    ASSERT_TRUE(first.ok()) << first.error().detail;
    EXPECT_EQ(first->delivered, 1);
    EXPECT_EQ(counting.singles, 1);
    EXPECT_EQ(counting.batches, 0);
    // After an outage: 70 due, read 32 at a time, each page in one request.
    queue(2, 71);
    auto drained = worker.runOnce();
    ASSERT_TRUE(drained.ok()) << drained.error().detail;
    EXPECT_EQ(drained->delivered, 70);
    EXPECT_EQ(drained->staff, 0);
    EXPECT_EQ(counting.singles, 1);
    EXPECT_EQ(counting.batches, 3); // 32 + 32 + 6
    EXPECT_EQ(counting.batchedResults, 70);
    EXPECT_EQ(kioskDepth(), 0);
    expectCentralHasExactlyOnce(1, 71);
    auto kiosk = store::LocalStore::open(storePath);
    ASSERT_TRUE(kiosk.ok());
    EXPECT_TRUE(kiosk->verifyAuditChain().ok());
}

TEST_F(SyncIntegrationTest, ABatchWhoseAnswerIsLostIsSentAgainAndEachResultRecordedOnce) {
    real->start();
    auto api = client(real->url());
    CountingApi counting(*api);
    queue(1, 12);
    auto clock = std::make_shared<ManualClock>(std::chrono::system_clock::now());
    sync::OutboxWorker worker(storePath, counting, workerConfig(), clock);
    counting.loseNextBatchAnswer = true;
    auto lost = worker.runOnce();
    ASSERT_TRUE(lost.ok()) << lost.error().detail;
    EXPECT_EQ(lost->delivered, 0);
    EXPECT_EQ(kioskDepth(), 12);
    expectCentralHasExactlyOnce(1, 12); // recorded centrally, not marked at the kiosk
    clock->advance(workerConfig().retryCap + 1s);
    auto again = worker.runOnce();
    ASSERT_TRUE(again.ok()) << again.error().detail;
    EXPECT_EQ(again->delivered, 12);
    EXPECT_EQ(again->staff, 0);
    EXPECT_EQ(kioskDepth(), 0);
    // The same batch once more, as a kiosk restored from a backup would send it: replays.
    std::vector<protocol::SubmitEnrollmentRequest> batch;
    auto kiosk = store::LocalStore::open(storePath);
    ASSERT_TRUE(kiosk.ok());
    for (int n = 1; n <= 12; ++n) {
        auto item = kiosk->findOutbox(n);
        ASSERT_TRUE(item.ok() && item->has_value());
        auto parsed = protocol::parseJson(std::string_view(
            reinterpret_cast<const char*>((*item)->payload.data()), (*item)->payload.size()));
        ASSERT_TRUE(parsed.ok());
        batch.push_back(protocol::SubmitEnrollmentRequest::fromJson(*parsed).value());
    }
    auto replayed = api->submitEnrollmentBatch(batch);
    ASSERT_TRUE(replayed.ok()) << replayed.error().detail;
    ASSERT_EQ(replayed->size(), 12U);
    for (const auto& answer : *replayed) {
        ASSERT_TRUE(answer.ok()) << answer.error().detail;
        EXPECT_TRUE(answer->replayed);
    }
    expectCentralHasExactlyOnce(1, 12);
}

TEST_F(SyncIntegrationTest, AForgedResultInABacklogGoesToStaffAndTheOthersAreDelivered) {
    real->start();
    auto api = client(real->url());
    CountingApi counting(*api);
    queue(1, 2);
    {
        // Result 3 sealed to a key that is not the central's: it can never open there.
        auto kiosk = store::LocalStore::open(storePath);
        ASSERT_TRUE(kiosk.ok());
        auto stranger = crypto::SealingKeyPair::generate();
        ASSERT_TRUE(stranger.ok());
        test::queueSealedResults(*kiosk, stranger->publicKeyPem, kKiosk, 3, 3);
        test::recordSealedLogins(central->store(), kKiosk, 3, 3);
    }
    queue(4, 5);
    sync::OutboxWorker worker(storePath, counting, workerConfig());
    auto report = worker.runOnce();
    ASSERT_TRUE(report.ok()) << report.error().detail;
    EXPECT_EQ(report->delivered, 4);
    EXPECT_EQ(report->staff, 1);
    EXPECT_EQ(counting.batches, 1);
    EXPECT_EQ(counting.singles, 0);
    const auto staff = worker.status().staffItems;
    ASSERT_EQ(staff.size(), 1U);
    EXPECT_EQ(staff[0].enrollmentUuid, test::enrollmentUuid(3));
    EXPECT_EQ(staff[0].code, ErrorCode::EnvelopeRejected);
    EXPECT_EQ(kioskDepth(), 1);
    EXPECT_EQ(central->store().countEnrollments(test::enrollmentUuid(3)).value(), 0);
    EXPECT_EQ(central->store().countEnrollments("").value(), 4);
    const auto items = central->staffItems().value();
    ASSERT_EQ(items.size(), 1U);
    EXPECT_EQ(items[0].kind, "envelope_rejected");
    EXPECT_EQ(items[0].enrollmentId, test::enrollmentUuid(3));
}

} // namespace
} // namespace madoguchi
