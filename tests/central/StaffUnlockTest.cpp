// SPDX-License-Identifier: Apache-2.0
// Unlocking a temporary ID from a kiosk's staff panel (POST /v1/temp-credentials/unlock) and
// the completion screen's question (GET /v1/enrollments/{id}/portal), over mutual TLS, with
// the hostile client: another kiosk's certificate, a forged body, a replay, a flood.
#include "CentralTestSupport.h"
#include "ScratchDir.h"
#include "ServerOnLoopback.h"
#include "StoreBackends.h"
#include "TestPki.h"
#include "central/CentralServer.h"
#include "central/CentralService.h"
#include "protocol/JsonReader.h"
#include "protocol/Paths.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

using namespace madoguchi;
using namespace madoguchi::central;
using madoguchi::centraltest::randomUuid;
using madoguchi::centraltest::StoreBackend;
using madoguchi::centraltest::StoreHome;
using madoguchi::centraltest::unixNow;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

// On both backends: the service's store is SQLite (a file) or a fresh PostgreSQL database.
class StaffUnlock : public ::testing::TestWithParam<StoreBackend> {
protected:
    void SetUp() override {
        m_pki = std::make_unique<centraltest::TestPki>();
        ASSERT_TRUE(m_pki->ok());
        m_keys =
            std::make_unique<crypto::SealingKeyPair>(crypto::SealingKeyPair::generate().value());
    }
    void start(CentralOptions options = {}) {
        ServerSettings settings;
        settings.listenAddress = "127.0.0.1";
        settings.port = 0;
        settings.certificateFile = m_pki->path("server.crt");
        settings.privateKeyFile = m_pki->path("server.key");
        settings.clientCaFile = m_pki->path("ca.crt");
        options.rateLimitPerSecond = 1000;
        options.rateLimitBurst = 1000;
        options.openingKeyPem = m_keys->privateKeyPem.clone();
        m_home = std::make_unique<StoreHome>(GetParam(), m_dir.file("central.db"));
        auto service = m_home->openService(std::move(options));
        ASSERT_TRUE(service.ok()) << service.error().detail;
        m_service = std::move(*service);
        ASSERT_TRUE(
            m_service->importRosterCsv(SecureBuffer::fromText(centraltest::kRosterCsv)).ok());
        m_port = m_running.start(CentralServer::create(*m_service, settings).value());
    }
    void TearDown() override { m_running.stop(); }

    std::unique_ptr<httplib::SSLClient> client(const char* cert = "client.crt",
                                               const char* key = "client.key") {
        return centraltest::mtlsClient(*m_pki, m_port, cert, key);
    }

    // Five wrong tries, as the central service counts them: locked.
    void lock(const char* tempId) {
        for (int i = 0; i < 5; ++i) {
            ASSERT_TRUE(m_service->store().countAttempt(tempId, unixNow()).ok());
        }
    }
    std::int64_t attempts(const char* tempId) {
        return m_service->store().attemptCount(tempId).value();
    }

    static json unlockBody(const std::string& actionId, const char* tempId = "T0001",
                           const char* kiosk = "kiosk-01", std::int64_t at = unixNow()) {
        return {{"kiosk_id", kiosk},
                {"temp_id", tempId},
                {"action_id", actionId},
                {"requested_at", at}};
    }
    struct Answer {
        int status = 0;
        json body;
    };
    Answer post(const json& body, const char* cert = "client.crt", const char* key = "client.key") {
        auto res = client(cert, key)->Post(std::string(protocol::Paths::kStaffUnlock), body.dump(),
                                           "application/json");
        if (!res) {
            return {};
        }
        auto parsed = protocol::parseJson(res->body);
        return {res->status, parsed.ok() ? *parsed : json()};
    }
    Answer portal(const std::string& enrollmentId, const char* cert = "client.crt",
                  const char* key = "client.key") {
        auto res =
            client(cert, key)->Get(std::string(protocol::Paths::kEnrollments) + "/" + enrollmentId +
                                   std::string(protocol::Paths::kPortalSuffix));
        if (!res) {
            return {};
        }
        auto parsed = protocol::parseJson(res->body);
        return {res->status, parsed.ok() ? *parsed : json()};
    }

    // The audit rows (kiosk, kind, temp ID, outcome) in the central store.
    std::vector<std::string> auditRows() {
        std::vector<std::string> rows;
        const auto actions = m_service->store().listStaffActions().value(); // a copy, kept alive
        for (const auto& a : actions) {
            rows.push_back(a.kioskId + " " + a.kind + " " + a.tempId + " " + a.outcome);
        }
        return rows;
    }

    std::unique_ptr<centraltest::TestPki> m_pki;
    test::ScratchDir m_dir;
    std::unique_ptr<crypto::SealingKeyPair> m_keys;
    std::unique_ptr<StoreHome> m_home;
    std::unique_ptr<CentralService> m_service;
    centraltest::ServerOnLoopback m_running;
    int m_port = 0;
};

} // namespace

MADOGUCHI_ON_BOTH_STORES(StaffUnlock);

TEST_P(StaffUnlock, AKioskUnlocksALockedTempIdAndTheCentralStoreAuditsIt) {
    start();
    lock("T0001");
    const auto action = randomUuid();
    auto answer = post(unlockBody(action));
    ASSERT_EQ(answer.status, 200) << answer.body.dump();
    EXPECT_EQ(answer.body["unlocked"], true);
    EXPECT_EQ(answer.body["replayed"], false);
    EXPECT_EQ(attempts("T0001"), 0);
    // Nothing locked: said so, and audited too.
    auto nothing = post(unlockBody(randomUuid(), "T0002"));
    ASSERT_EQ(nothing.status, 200);
    EXPECT_EQ(nothing.body["unlocked"], false);
    EXPECT_EQ(auditRows(),
              (std::vector<std::string>{"kiosk-01 unlock_temp_id T0001 unlocked",
                                        "kiosk-01 unlock_temp_id T0002 nothing_to_unlock"}));
}

TEST_P(StaffUnlock, AReplayedRequestUnlocksNothingAgain) {
    start();
    lock("T0001");
    const auto body = unlockBody(randomUuid());
    ASSERT_EQ(post(body).status, 200);
    // The member locks the ID again; a captured copy of the first request is sent again.
    lock("T0001");
    auto replay = post(body);
    ASSERT_EQ(replay.status, 200);
    EXPECT_EQ(replay.body["replayed"], true);
    EXPECT_EQ(attempts("T0001"), 5); // still locked
    // The same action id for another temp ID (a forged variation): refused, nothing done.
    auto other = body;
    other["temp_id"] = "T0002";
    lock("T0002");
    EXPECT_EQ(post(other).status, 422);
    EXPECT_EQ(attempts("T0002"), 5);
    EXPECT_EQ(auditRows().size(), 1U);
}

TEST_P(StaffUnlock, AnotherKiosksCertificateCannotActInThisKiosksName) {
    start();
    lock("T0001");
    // kiosk-02's certificate with kiosk-01 in the body.
    EXPECT_EQ(post(unlockBody(randomUuid()), "client2.crt", "client2.key").status, 403);
    // A certificate of another CA with CN kiosk-01: no TLS at all.
    EXPECT_EQ(post(unlockBody(randomUuid()), "foreign.crt", "foreign.key").status, 0);
    EXPECT_EQ(attempts("T0001"), 5);
    EXPECT_TRUE(auditRows().empty());
    // kiosk-02 in its own name may (the audit names it).
    ASSERT_EQ(
        post(unlockBody(randomUuid(), "T0001", "kiosk-02"), "client2.crt", "client2.key").status,
        200);
    EXPECT_EQ(auditRows(), std::vector<std::string>{"kiosk-02 unlock_temp_id T0001 unlocked"});
}

TEST_P(StaffUnlock, AForgedOrStaleBodyIsRefusedAndUnlocksNothing) {
    start();
    lock("T0001");
    EXPECT_EQ(post(unlockBody(randomUuid(), "T0001", "kiosk-01", unixNow() - 3600)).status, 400);
    EXPECT_EQ(post(unlockBody(randomUuid(), "T0001", "kiosk-01", unixNow() + 3600)).status, 400);
    EXPECT_EQ(post(unlockBody("not-a-uuid")).status, 400);
    auto extra = unlockBody(randomUuid());
    extra["all"] = true;
    auto refused = post(extra);
    EXPECT_EQ(refused.status, 400);
    EXPECT_EQ(refused.body["code"], "invalid_request");
    auto missing = unlockBody(randomUuid());
    missing.erase("action_id");
    EXPECT_EQ(post(missing).status, 400);
    EXPECT_EQ(post(unlockBody(randomUuid(), "T 0001")).status, 400);
    EXPECT_EQ(attempts("T0001"), 5);
    EXPECT_TRUE(auditRows().empty());
}

TEST_P(StaffUnlock, UnlocksArePacedPerKiosk) {
    CentralOptions options;
    options.staffUnlocksPerHour = 2;
    start(std::move(options));
    EXPECT_EQ(post(unlockBody(randomUuid())).status, 200);
    EXPECT_EQ(post(unlockBody(randomUuid())).status, 200);
    lock("T0001");
    auto third = post(unlockBody(randomUuid()));
    EXPECT_EQ(third.status, 429);
    EXPECT_EQ(third.body["code"], "rate_limited");
    EXPECT_EQ(attempts("T0001"), 5);
    // Another kiosk has its own allowance.
    EXPECT_EQ(
        post(unlockBody(randomUuid(), "T0001", "kiosk-02"), "client2.crt", "client2.key").status,
        200);
}

TEST_P(StaffUnlock, ThePortalStatusIsForTheDeliveringKioskAndFollowsThePush) {
    CentralOptions options;
    options.queueKeycloakPush = true;
    start(std::move(options));
    centraltest::recordTestLogins(m_service->store(), unixNow());
    auto r = centraltest::totpResult(randomUuid(), "kiosk-01", "T0001", "yamada.taro");
    EXPECT_EQ(portal(r.enrollmentId).body["portal"], "not_received");
    ASSERT_TRUE(
        m_service->submitEnrollment(centraltest::sealedSubmission(m_keys->publicKeyPem, r)).ok());
    auto pending = portal(r.enrollmentId);
    ASSERT_EQ(pending.status, 200);
    EXPECT_EQ(pending.body["portal"], "pending");
    EXPECT_EQ(pending.body["enrollment_id"], r.enrollmentId);
    // Another kiosk learns nothing about it.
    EXPECT_EQ(portal(r.enrollmentId, "client2.crt", "client2.key").status, 403);
    // Keycloak confirmed it.
    auto item = m_service->store().findPush(r.enrollmentId).value().value();
    item.state = "done";
    ASSERT_TRUE(m_service->store().updatePush(item, std::nullopt).ok());
    EXPECT_EQ(portal(r.enrollmentId).body["portal"], "ready");
    EXPECT_EQ(portal("not-a-uuid-at-all-but-36-chars-long!").status, 404);
}

TEST_P(StaffUnlock, TheSameActionThroughTwoProcessesAtOnceUnlocksOnceAndThePaceIsShared) {
    // Two central services on one database, as two madoguchi-central processes.
    CentralOptions first;
    first.staffUnlocksPerHour = 3;
    start(std::move(first));
    CentralOptions second;
    second.staffUnlocksPerHour = 3;
    auto other = m_home->openService(std::move(second));
    ASSERT_TRUE(other.ok()) << other.error().detail;
    lock("T0001");
    const protocol::StaffUnlockRequest same{"kiosk-01", "T0001", randomUuid(), unixNow()};
    std::atomic<int> fresh{0};
    std::atomic<int> replayed{0};
    std::atomic<int> failed{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 6; ++i) {
        threads.emplace_back([&, i] {
            auto& service = i % 2 == 0 ? *m_service : **other;
            auto reply = service.staffUnlock(same);
            if (!reply.ok()) {
                failed.fetch_add(1);
            } else {
                (reply.value().replayed ? replayed : fresh).fetch_add(1);
                EXPECT_TRUE(reply.value().unlocked);
            }
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    EXPECT_EQ(failed.load(), 0);
    EXPECT_EQ(fresh.load(), 1);
    EXPECT_EQ(replayed.load(), 5);
    EXPECT_EQ(auditRows(), std::vector<std::string>{"kiosk-01 unlock_temp_id T0001 unlocked"});

    // Six new actions from one kiosk through both at once: two more fit in its three an hour.
    std::atomic<int> done{0};
    std::atomic<int> paced{0};
    threads.clear();
    for (int i = 0; i < 6; ++i) {
        threads.emplace_back([&, i] {
            auto& service = i % 2 == 0 ? *m_service : **other;
            auto reply = service.staffUnlock({"kiosk-01", "T0002", randomUuid(), unixNow()});
            if (reply.ok()) {
                done.fetch_add(1);
            } else if (reply.code() == ErrorCode::RateLimited) {
                paced.fetch_add(1);
            }
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    EXPECT_EQ(done.load(), 2);
    EXPECT_EQ(paced.load(), 4);
    EXPECT_EQ(auditRows().size(), 3U);
}

namespace {

class PortalStatus : public ::testing::TestWithParam<StoreBackend> {};

} // namespace

MADOGUCHI_ON_BOTH_STORES(PortalStatus);

TEST_P(PortalStatus, WithoutThePushAnAcceptedEnrollmentWaitsForTheExport) {
    auto keys = crypto::SealingKeyPair::generate().value();
    CentralOptions options;
    options.openingKeyPem = keys.privateKeyPem.clone();
    auto opened = StoreHome(GetParam()).openService(std::move(options));
    ASSERT_TRUE(opened.ok()) << opened.error().detail;
    auto service = std::move(*opened);
    (void)service->importRosterCsv(SecureBuffer::fromText(centraltest::kRosterCsv));
    centraltest::recordTestLogins(service->store(), unixNow());
    auto r = centraltest::totpResult(randomUuid(), "kiosk-01", "T0001", "yamada.taro");
    ASSERT_TRUE(
        service->submitEnrollment(centraltest::sealedSubmission(keys.publicKeyPem, r)).ok());
    auto status = service->portalStatus(r.enrollmentId, "kiosk-01");
    ASSERT_TRUE(status.ok());
    EXPECT_EQ(status.value().state, protocol::PortalState::Export);
}
