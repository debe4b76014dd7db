// SPDX-License-Identifier: Apache-2.0
#include "sync/HttpsCentralClient.h"

#include "ClosedLoopbackPort.h"
#include "Guarded.h"
#include "ScratchDir.h"
#include "TestPki.h"
#include "TlsTestServer.h"
#include "protocol/JsonReader.h"
#include "protocol/Paths.h"
#include "store/LocalStore.h"
#include "sync/OutboxWorker.h"
#include "sync/TransportErrors.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

namespace madoguchi::sync {
namespace {

using namespace std::chrono_literals;
using test::TestPki;
using test::TlsTestServer;

void json(httplib::Response& res, int status, const nlohmann::json& body) {
    res.status = status;
    res.set_content(body.dump(), "application/json");
}

HttpsClientConfig configFor(const std::string& url) {
    const auto& pki = TestPki::get();
    HttpsClientConfig c;
    c.baseUrl = url;
    c.caBundle = pki.serverCa;
    c.clientCert = pki.clientCert;
    c.clientKey = pki.clientKey;
    c.connectTimeout = 2000ms;
    c.requestTimeout = 3000ms;
    c.proxy = std::string(); // loopback: never through a proxy the test machine may set
    return c;
}

std::unique_ptr<HttpsCentralClient> clientFor(const HttpsClientConfig& config) {
    auto client = HttpsCentralClient::create(config);
    EXPECT_TRUE(client.ok()) << client.error().detail;
    return std::move(client.value());
}

class HttpsCentralClientTest : public ::testing::Test {
protected:
    void SetUp() override {
        const auto& pki = TestPki::get();
        server = std::make_unique<TlsTestServer>(pki.serverCert, pki.serverKey, pki.kioskCa);
        server->http().Get(std::string(protocol::Paths::kHealth),
                           [this](const httplib::Request&, httplib::Response& res) {
                               ++requests;
                               json(res, 200, {{"status", "ok"}, {"protocol", 1}, {"time", 42}});
                           });
    }
    void TearDown() override { server->stop(); }

    std::unique_ptr<TlsTestServer> server;
    std::atomic<int> requests{0};
};

TEST(HttpsCentralClientConfig, RefusesPlainHttpAndMissingTlsFiles) {
    HttpsClientConfig c = configFor("http://127.0.0.1:1");
    EXPECT_EQ(HttpsCentralClient::create(c).code(), ErrorCode::InvalidArgument);
    c = configFor("https://127.0.0.1:1");
    c.clientKey.clear();
    EXPECT_EQ(HttpsCentralClient::create(c).code(), ErrorCode::InvalidArgument);
}

TEST_F(HttpsCentralClientTest, SpeaksEveryOperationWithTheServerItTrusts) {
    test::Guarded<nlohmann::json> seenVerify;
    test::Guarded<nlohmann::json> seenSubmit;
    test::Guarded<std::string> seenPoll;
    auto& http = server->http();
    http.Get(std::string(protocol::Paths::kTerms), [](const httplib::Request&, auto& res) {
        json(res, 200, {{"version", "2024-04"}});
    });
    http.Post(std::string(protocol::Paths::kVerifyTemp), [&](const httplib::Request& req,
                                                             httplib::Response& res) {
        seenVerify.set(nlohmann::json::parse(req.body));
        json(res, 200, {{"session_token", "tok"}, {"expires_at", 99}, {"kana_name", "ヤマダ"}});
    });
    http.Post(std::string(protocol::Paths::kCheckUserId),
              [](const httplib::Request& req, httplib::Response& res) {
                  auto body = nlohmann::json::parse(req.body);
                  json(res, 200, {{"user_id", body["user_id"]}, {"available", false}});
              });
    http.Post(std::string(protocol::Paths::kEnrollments),
              [&](const httplib::Request& req, httplib::Response& res) {
                  const auto body = nlohmann::json::parse(req.body);
                  seenSubmit.set(body);
                  json(res, 200,
                       {{"enrollment_id", body["enrollment_id"]},
                        {"status", "user_id_conflict"},
                        {"received_at", 7},
                        {"replayed", true}});
              });
    http.Post(std::string(protocol::Paths::kHandoffs), [](const httplib::Request&, auto& res) {
        json(res, 201, {{"handoff_token", "h-_1"}, {"url", "https://p/h-_1"}, {"expires_at", 5}});
    });
    http.Get(R"(/v1/handoffs/([A-Za-z0-9_-]+))",
             [&](const httplib::Request& req, httplib::Response& res) {
                 const std::string token = req.matches[1];
                 seenPoll.set(token);
                 json(res, 200,
                      {{"handoff_token", token},
                       {"status", "confirmed"},
                       {"expires_at", 5},
                       {"confirmed_at", 4}});
             });
    server->start();
    auto client = clientFor(configFor(server->url()));

    auto health = client->health();
    ASSERT_TRUE(health.ok()) << health.error().detail;
    EXPECT_EQ(health->time, 42);

    auto terms = client->termsVersion();
    ASSERT_TRUE(terms.ok()) << terms.error().detail;
    EXPECT_EQ(terms->version, "2024-04");

    protocol::VerifyTempCredentialsRequest verify{"kiosk-01", "T0001234",
                                                  SecureBuffer::fromText("Ab3dE6gH"),
                                                  SecureBuffer::fromText("19580401")};
    auto session = client->verifyTempCredentials(verify);
    ASSERT_TRUE(session.ok()) << session.error().detail;
    EXPECT_EQ(session->sessionToken, "tok");
    EXPECT_EQ(session->kanaName, "ヤマダ");
    EXPECT_EQ(seenVerify.get()["temp_password"], "Ab3dE6gH");
    EXPECT_EQ(seenVerify.get()["birth_date"], "19580401");

    auto check = client->checkUserId({"tok", "yamada.taro"});
    ASSERT_TRUE(check.ok()) << check.error().detail;
    EXPECT_EQ(check->userId, "yamada.taro");
    EXPECT_FALSE(check->available);

    auto submit = client->submitEnrollment({"uuid-1", "kiosk-01", "AQID"});
    ASSERT_TRUE(submit.ok()) << submit.error().detail;
    EXPECT_EQ(submit->status, protocol::EnrollmentStatus::UserIdConflict);
    EXPECT_TRUE(submit->replayed);
    EXPECT_EQ(seenSubmit.get(),
              (nlohmann::json{
                  {"enrollment_id", "uuid-1"}, {"kiosk_id", "kiosk-01"}, {"envelope", "AQID"}}));

    auto handoff = client->createHandoff({"tok", "kiosk-01", "uuid-1"});
    ASSERT_TRUE(handoff.ok()) << handoff.error().detail;
    auto poll = client->pollHandoff(handoff->handoffToken);
    ASSERT_TRUE(poll.ok()) << poll.error().detail;
    EXPECT_EQ(seenPoll.get(), "h-_1");
    EXPECT_EQ(poll->status, protocol::HandoffStatus::Confirmed);
    server->stop(); // joins the handlers before the values they record go out of scope
}

TEST_F(HttpsCentralClientTest, FailsTlsWhenTheServerCertificateIsNotFromTheConfiguredCa) {
    const auto& pki = TestPki::get();
    server = std::make_unique<TlsTestServer>(pki.rogueServerCert, pki.rogueServerKey, pki.kioskCa);
    server->http().Get("/v1/health", [this](const auto&, auto& res) {
        ++requests;
        json(res, 200, {{"status", "ok"}, {"protocol", 1}, {"time", 1}});
    });
    server->start();
    auto result = clientFor(configFor(server->url()))->health();
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.code(), ErrorCode::TlsFailure) << result.error().detail;
    EXPECT_EQ(requests.load(), 0);
}

TEST_F(HttpsCentralClientTest, FailsTlsWhenTheServerNameDoesNotMatch) {
    const auto& pki = TestPki::get();
    server = std::make_unique<TlsTestServer>(pki.wrongHostCert, pki.wrongHostKey, pki.kioskCa);
    server->start();
    auto result = clientFor(configFor(server->url()))->health();
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.code(), ErrorCode::TlsFailure) << result.error().detail;
}

TEST_F(HttpsCentralClientTest, FailsTlsWhenTheKioskCertificateIsFromAnotherCa) {
    server->start();
    auto config = configFor(server->url());
    config.clientCert = TestPki::get().rogueClientCert;
    config.clientKey = TestPki::get().rogueClientKey;
    auto result = clientFor(config)->health();
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.code(), ErrorCode::TlsFailure) << result.error().detail;
    EXPECT_EQ(requests.load(), 0);
}

TEST_F(HttpsCentralClientTest, FailsTlsWhenTheKioskCertificateFileIsMissing) {
    server->start();
    auto config = configFor(server->url());
    config.clientCert = TestPki::get().dir / "absent.pem";
    auto result = clientFor(config)->health();
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.code(), ErrorCode::TlsFailure) << result.error().detail;
}

TEST_F(HttpsCentralClientTest, NamesTheErrorCodeTheServerSent) {
    std::atomic<int> status{0};
    test::Guarded<std::string> body;
    server->http().Post("/v1/enrollments", [&](const auto&, httplib::Response& res) {
        res.status = status.load();
        res.set_content(body.get(), "application/json");
    });
    server->start();
    auto client = clientFor(configFor(server->url()));
    struct Case {
        int status;
        std::string body;
        ErrorCode expected;
    };
    const Case cases[] = {
        {409, R"({"code":"idempotency_in_flight","detail":"x","retry_after":1})",
         ErrorCode::IdempotencyInFlight},
        {409, R"({"code":"user_id_taken","detail":"x"})", ErrorCode::UserIdTaken},
        {422, R"({"code":"idempotency_mismatch","detail":"x"})", ErrorCode::IdempotencyMismatch},
        {422, R"({"code":"envelope_rejected","detail":"x"})", ErrorCode::EnvelopeRejected},
        {401, R"({"code":"temp_credentials_invalid","detail":"x","attempts_left":2})",
         ErrorCode::TempCredentialsInvalid},
        {423, R"({"code":"temp_credentials_locked","detail":"x"})",
         ErrorCode::TempCredentialsLocked},
        {429, R"({"code":"rate_limited","detail":"x","retry_after":3})", ErrorCode::RateLimited},
        {403, R"({"code":"kiosk_not_authorized","detail":"x"})", ErrorCode::KioskNotAuthorized},
        {503, R"({"code":"unavailable","detail":"x"})", ErrorCode::ServerError},
        {500, "", ErrorCode::ServerError},
        {502, "<html>bad gateway</html>", ErrorCode::ServerError},
        // No readable body: the status decides.
        {409, "", ErrorCode::IdempotencyInFlight},
        {422, "not json", ErrorCode::IdempotencyMismatch},
        {429, "", ErrorCode::RateLimited},
        {418, R"({"code":"teapot","detail":"x"})", ErrorCode::RequestRefused},
        // The service found our request malformed: final, unlike an answer we cannot read.
        {400, R"({"code":"invalid_request","detail":"x: missing"})", ErrorCode::RequestRefused},
        {400, "", ErrorCode::RequestRefused},
        {411, R"({"code":"length_required","detail":"x"})", ErrorCode::LengthRequired},
        {415, R"({"code":"unsupported_media_type","detail":"x"})", ErrorCode::UnsupportedMediaType},
        {415, "", ErrorCode::UnsupportedMediaType},
    };
    for (const auto& c : cases) {
        status = c.status;
        body.set(c.body);
        auto result = client->submitEnrollment({"u", "kiosk-01", "AQID"});
        ASSERT_FALSE(result.ok()) << c.status << " " << c.body;
        EXPECT_EQ(result.code(), c.expected)
            << c.status << " " << c.body << " -> " << result.error().detail;
    }
    server->stop(); // joins the handler before `body` goes out of scope
}

// A test handler's hold: until `release` is set, at most `cap`.
void holdUntil(const std::atomic<bool>& release, std::chrono::milliseconds cap) {
    const auto until = std::chrono::steady_clock::now() + cap;
    while (!release.load() && std::chrono::steady_clock::now() < until) {
        std::this_thread::sleep_for(10ms);
    }
}

TEST_F(HttpsCentralClientTest, TimesOutOnAnAnswerSlowerThanTheRequestTimeout) {
    // The answer is held until released (at most 20 s): the client returning while it is still
    // held shows it gave up before the answer came, with no wall-clock bound in the test.
    std::atomic<bool> release{false};
    std::atomic<int> answered{0};
    server->http().Get("/v1/terms", [&](const auto&, httplib::Response& res) {
        holdUntil(release, 20s);
        ++answered;
        json(res, 200, {{"version", "late"}});
    });
    server->start();
    auto config = configFor(server->url());
    config.requestTimeout = 300ms;
    auto client = clientFor(config);
    auto result = client->termsVersion();
    EXPECT_EQ(answered.load(), 0);
    release = true;
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.code(), ErrorCode::NetworkTimeout) << result.error().detail;
    server->stop(); // joins the handler before `release` and `answered` go out of scope
}

TEST_F(HttpsCentralClientTest, ReportsNetworkUnavailableWhenNothingListens) {
    // A port that was free a moment ago: bind, read it, close.
    const int port = test::closedLoopbackPort();
    ASSERT_NE(port, 0);
    auto client = clientFor(configFor("https://127.0.0.1:" + std::to_string(port)));
    auto result = client->health();
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.code(), ErrorCode::NetworkUnavailable) << result.error().detail;
}

TEST_F(HttpsCentralClientTest, ReportsNetworkUnavailableWhenTheConnectionDropsMidBody) {
    server->http().Get("/v1/terms", [](const auto&, httplib::Response& res) {
        res.set_content_provider(1000, "application/json",
                                 [](std::size_t offset, std::size_t, httplib::DataSink& sink) {
                                     if (offset == 0) {
                                         sink.write(R"({"version":")", 12);
                                         return true;
                                     }
                                     return false; // the server gives up: connection closed
                                 });
    });
    server->start();
    auto result = clientFor(configFor(server->url()))->termsVersion();
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.code(), ErrorCode::NetworkUnavailable) << result.error().detail;
}

TEST_F(HttpsCentralClientTest, RefusesAnAnswerOverTheSizeBound) {
    server->http().Get("/v1/terms", [](const auto&, httplib::Response& res) {
        json(res, 200, {{"version", std::string(5000, 'x')}});
    });
    server->start();
    auto config = configFor(server->url());
    config.maxResponseBytes = 4096;
    auto result = clientFor(config)->termsVersion();
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.code(), ErrorCode::ProtocolError) << result.error().detail;
    config.maxResponseBytes = 8192;
    EXPECT_TRUE(clientFor(config)->termsVersion().ok());
}

TEST_F(HttpsCentralClientTest, RefusesARequestOverTheSizeBoundWithoutSendingIt) {
    server->http().Post("/v1/enrollments", [this](const auto&, httplib::Response& res) {
        ++requests;
        json(res, 500, {});
    });
    server->start();
    auto config = configFor(server->url());
    config.maxRequestBytes = 1024;
    auto result = clientFor(config)->submitEnrollment({"u", "k", std::string(2000, 'A')});
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.code(), ErrorCode::PayloadTooLarge);
    EXPECT_EQ(requests.load(), 0);
}

TEST_F(HttpsCentralClientTest, ParsesAnswersStrictly) {
    test::Guarded<std::string> body;
    test::Guarded<std::string> type(std::string("application/json"));
    server->http().Get("/v1/terms", [&](const auto&, httplib::Response& res) {
        res.set_content(body.get(), type.get());
    });
    server->http().Post("/v1/enrollments", [&](const auto&, httplib::Response& res) {
        res.set_content(body.get(), type.get());
    });
    server->start();
    auto client = clientFor(configFor(server->url()));
    body.set(R"({"version":"1","extra":true})"); // unknown field
    EXPECT_EQ(client->termsVersion().code(), ErrorCode::ProtocolError);
    body.set(R"({"version":1})"); // wrong type
    EXPECT_EQ(client->termsVersion().code(), ErrorCode::ProtocolError);
    body.set(R"({"version":"1")"); // truncated
    EXPECT_EQ(client->termsVersion().code(), ErrorCode::ProtocolError);
    body.set(R"({"version":"1"})");
    type.set("text/html");
    EXPECT_EQ(client->termsVersion().code(), ErrorCode::ProtocolError);
    type.set("application/json");
    EXPECT_TRUE(client->termsVersion().ok());
    // An answer about another enrollment is not an answer to ours.
    body.set(R"({"enrollment_id":"other","status":"accepted","received_at":1,"replayed":false})");
    EXPECT_EQ(client->submitEnrollment({"mine", "kiosk-01", "AQID"}).code(),
              ErrorCode::ProtocolError);
    server->stop(); // joins the handlers before `body` and `type` go out of scope
}

TEST_F(HttpsCentralClientTest, RefusesAHandoffTokenThatWouldChangeThePath) {
    server->start();
    auto client = clientFor(configFor(server->url()));
    EXPECT_EQ(client->pollHandoff("../enrollments").code(), ErrorCode::InvalidArgument);
    EXPECT_EQ(client->pollHandoff("").code(), ErrorCode::InvalidArgument);
    EXPECT_EQ(requests.load(), 0);
}

TEST_F(HttpsCentralClientTest, CancelFlagEndsATransferInFlightQuickly) {
    std::atomic<bool> release{false};
    std::atomic<int> arrived{0};
    std::atomic<int> answered{0};
    server->http().Get("/v1/terms", [&](const auto&, httplib::Response& res) {
        ++arrived;
        holdUntil(release, 20s);
        ++answered;
        json(res, 200, {{"version", "late"}});
    });
    server->start();
    auto config = configFor(server->url());
    config.requestTimeout = 30000ms; // longer than the hold: only the flag can end the wait
    auto client = clientFor(config);
    auto flag = std::make_shared<std::atomic<bool>>(false);
    client->setCancelFlag(flag);
    std::thread canceller([&] {
        while (arrived.load() == 0 && !release) {
            std::this_thread::sleep_for(10ms);
        }
        flag->store(true);
    });
    auto result = client->termsVersion();
    // Returned while the server still held the answer: the flag ended the transfer.
    EXPECT_EQ(answered.load(), 0);
    release = true;
    canceller.join();
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.code(), ErrorCode::Cancelled) << result.error().detail;
    EXPECT_EQ(client->health().code(), ErrorCode::Cancelled); // and no new transfer starts
    server->stop();
}

// What the kiosk runtime does at quit: stop the outbox worker on the UI thread while a
// delivery hangs. With the client watching the worker's stop flag (as KioskRuntime wires
// it) stop() returns at once; without it, stop() waits for the transfer.
TEST_F(HttpsCentralClientTest, AWorkerStopsAtOnceMidDeliveryOnlyWhenTheClientWatchesItsFlag) {
    // Each request is held until released by its number (at most 20 s), so what stop() waited
    // for is read from the server's side, not from a wall-clock bound.
    std::atomic<int> arrived{0};
    std::atomic<int> answered{0};
    std::atomic<int> releasedUpTo{0};
    server->http().Post(
        std::string(protocol::Paths::kEnrollments), [&](const auto&, httplib::Response& res) {
            const int me = ++arrived;
            const auto until = std::chrono::steady_clock::now() + 20s;
            while (releasedUpTo.load() < me && std::chrono::steady_clock::now() < until) {
                std::this_thread::sleep_for(10ms);
            }
            ++answered;
            json(res, 503, {{"code", "unavailable"}, {"detail", "slow"}});
        });
    server->start();
    test::ScratchDir dir;
    const auto storePath = dir.file("kiosk.db");
    {
        auto store = store::LocalStore::open(storePath);
        ASSERT_TRUE(store.ok()) << store.error().detail;
        store::StepCommit step;
        step.at = std::chrono::system_clock::now();
        step.enrollment.uuid = "00000000-0000-4000-8000-000000000001";
        step.enrollment.createdAt = step.at;
        step.enrollment.updatedAt = step.at;
        step.enrollment.state = "basic_done";
        step.outbox = store::OutboxDraft{"enrollment_result", {1, 2, 3}};
        step.audit = {"step_committed", step.enrollment.uuid, "test"};
        ASSERT_TRUE(store->commitStep(step).ok());
    }
    auto config = configFor(server->url());
    config.requestTimeout = 30000ms; // longer than the hold
    OutboxWorkerConfig workerConfig;
    workerConfig.kioskId = "kiosk-01";
    const auto waitForArrival = [&](int count) {
        for (int i = 0; i < 2000 && arrived.load() < count; ++i) {
            std::this_thread::sleep_for(10ms);
        }
        return arrived.load() == count;
    };
    {
        // Watching the flag: stop() returns while the server still holds the answer.
        auto client = clientFor(config);
        OutboxWorker worker(storePath, *client, workerConfig);
        client->setCancelFlag(worker.stopFlag());
        worker.start();
        ASSERT_TRUE(waitForArrival(1));
        worker.stop();
        EXPECT_EQ(answered.load(), 0);
        EXPECT_EQ(worker.status().depth, 1); // not delivered, still queued
        releasedUpTo = 1;
    }
    {
        // Not watching it: stop() waits for the answer, whenever it comes.
        auto client = clientFor(config);
        OutboxWorker worker(storePath, *client, workerConfig);
        worker.start();
        ASSERT_TRUE(waitForArrival(2));
        std::atomic<bool> stopped{false};
        std::thread stopper([&] {
            worker.stop();
            stopped = true;
        });
        std::this_thread::sleep_for(300ms); // stop() has had time to return, had it not waited
        EXPECT_FALSE(stopped.load());
        releasedUpTo = 2;
        stopper.join();
        EXPECT_EQ(answered.load(), 2); // it returned after the answer
        EXPECT_EQ(worker.status().depth, 1);
    }
    releasedUpTo = 1000;
    server->stop(); // joins the handlers before the counters go out of scope
}

// A server (an older madoguchi-central, a proxy) that answers before it read the body and
// keeps the connection open: the rest of that body would be read as our next request. The
// client must never send another request on a connection that got a non-2xx answer.
TEST_F(HttpsCentralClientTest, NeverReusesAConnectionAfterANon2xxAnswer) {
    std::atomic<int> posts{0};
    std::mutex portsMutex;
    std::vector<int> ports;
    auto& http = server->http();
    http.set_pre_routing_handler([&](const httplib::Request& req, httplib::Response& res) {
        {
            std::lock_guard lock(portsMutex);
            ports.push_back(req.remote_port);
        }
        if (req.method == "POST" && ++posts == 1) {
            json(res, 429, {{"code", "rate_limited"}, {"detail", "slow down"}, {"retry_after", 1}});
            return httplib::Server::HandlerResponse::Handled; // the body stays on the wire
        }
        return httplib::Server::HandlerResponse::Unhandled;
    });
    http.Post(std::string(protocol::Paths::kEnrollments),
              [](const httplib::Request& req, httplib::Response& res) {
                  auto body = nlohmann::json::parse(req.body);
                  json(res, 200,
                       {{"enrollment_id", body["enrollment_id"]},
                        {"status", "accepted"},
                        {"received_at", 7},
                        {"replayed", false}});
              });
    const int port = server->start();
    auto client = clientFor(configFor("https://127.0.0.1:" + std::to_string(port)));
    const protocol::SubmitEnrollmentRequest request{
        "6f1c2a4e-0000-4000-8000-000000000001", "kiosk-01",
        "ZW52ZWxvcGUgYnl0ZXMgdGhhdCBhcmUgbm90IHJlYWQgYnkgdGhlIHNlcnZlcg=="};
    auto limited = client->submitEnrollment(request);
    EXPECT_EQ(limited.code(), ErrorCode::RateLimited);
    EXPECT_EQ(TransportErrors::retryAfter(limited.error()), std::chrono::seconds(1));
    auto next = client->submitEnrollment(request);
    // Over the first connection it would have met the rest of the first body: 400.
    ASSERT_TRUE(next.ok()) << next.error().detail;
    std::lock_guard lock(portsMutex);
    ASSERT_EQ(ports.size(), 2U);
    EXPECT_NE(ports[0], ports[1]) << "the second request went over the first one's connection";
}

TEST_F(HttpsCentralClientTest, ServesConcurrentCallersFromItsPool) {
    server->start();
    auto client = clientFor(configFor(server->url()));
    std::atomic<int> ok{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 10; ++i) {
                auto h = client->health();
                if (h.ok()) {
                    ++ok;
                } else {
                    ADD_FAILURE() << h.error().detail;
                }
            }
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    EXPECT_EQ(ok.load(), 40);
    EXPECT_EQ(requests.load(), 40);
}

} // namespace
} // namespace madoguchi::sync
