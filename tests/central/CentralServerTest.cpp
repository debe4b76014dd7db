// SPDX-License-Identifier: Apache-2.0
#include "central/CentralServer.h"

#include "CentralTestSupport.h"
#include "TestPki.h"
#include "central/CentralService.h"
#include "protocol/JsonReader.h"
#include "protocol/Paths.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <memory>
#include <thread>

using namespace madoguchi;
using namespace madoguchi::central;
using madoguchi::centraltest::randomUuid;
using madoguchi::centraltest::sealedSubmission;
using madoguchi::centraltest::totpResult;
using nlohmann::json;

namespace {

class CentralServerTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { s_pki = std::make_unique<centraltest::TestPki>(); }
    static void TearDownTestSuite() { s_pki.reset(); }

    void SetUp() override { ASSERT_TRUE(s_pki->ok()) << "openssl CLI could not make the PKI"; }

    void start(double ratePerSecond = 100.0, double burst = 1000.0) {
        m_keys =
            std::make_unique<crypto::SealingKeyPair>(crypto::SealingKeyPair::generate().value());
        CentralOptions options;
        options.openingKeyPem = m_keys->privateKeyPem.clone();
        options.rateLimitPerSecond = ratePerSecond;
        options.rateLimitBurst = burst;
        m_service = CentralService::openInMemory(std::move(options)).value();
        ASSERT_TRUE(
            m_service->importRosterCsv(SecureBuffer::fromText(centraltest::kRosterCsv)).ok());
        ServerSettings settings;
        settings.listenAddress = "127.0.0.1";
        settings.port = 0;
        settings.certificateFile = s_pki->path("server.crt");
        settings.privateKeyFile = s_pki->path("server.key");
        settings.clientCaFile = s_pki->path("ca.crt");
        settings.maxBodyBytes = 16 * 1024;
        settings.allowTestConfirm = true;
        auto server = CentralServer::create(*m_service, settings);
        ASSERT_TRUE(server.ok()) << server.error().detail;
        m_server = std::move(*server);
        auto port = m_server->bind();
        ASSERT_TRUE(port.ok());
        m_port = *port;
        m_thread = std::thread([this] { (void)m_server->run(); });
        for (int i = 0; i < 200 && !m_server->running(); ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
    }

    void TearDown() override {
        if (m_server) {
            m_server->stop();
        }
        if (m_thread.joinable()) {
            m_thread.join();
        }
    }

    std::unique_ptr<httplib::SSLClient> client(const char* cert = "client.crt",
                                               const char* key = "client.key") {
        std::unique_ptr<httplib::SSLClient> c;
        if (cert == nullptr) {
            c = std::make_unique<httplib::SSLClient>("127.0.0.1", m_port);
        } else {
            c = std::make_unique<httplib::SSLClient>("127.0.0.1", m_port, s_pki->path(cert),
                                                     s_pki->path(key));
        }
        c->set_ca_cert_path(s_pki->path("ca.crt"));
        c->enable_server_certificate_verification(true);
        c->set_connection_timeout(5, 0);
        c->set_read_timeout(10, 0);
        return c;
    }

    static httplib::Result post(httplib::SSLClient& c, std::string_view path, const json& body) {
        return c.Post(std::string(path), protocol::dumpJson(body), "application/json");
    }

    static json bodyOf(const httplib::Result& res) {
        auto parsed = protocol::parseJson(res->body);
        return parsed.ok() ? *parsed : json();
    }

    static json verifyBody(const char* password) {
        return {{"kiosk_id", "kiosk-01"},
                {"temp_id", "T0001"},
                {"temp_password", password},
                {"birth_date", "19580401"}};
    }

    static inline std::unique_ptr<centraltest::TestPki> s_pki;
    std::unique_ptr<crypto::SealingKeyPair> m_keys;
    std::unique_ptr<CentralService> m_service;
    std::unique_ptr<CentralServer> m_server;
    std::thread m_thread;
    int m_port = 0;
};

} // namespace

TEST_F(CentralServerTest, HappyPathOverMutualTls) {
    start();
    auto c = client();
    auto health = c->Get(std::string(protocol::Paths::kHealth));
    ASSERT_TRUE(health) << httplib::to_string(health.error());
    EXPECT_EQ(health->status, 200);
    EXPECT_EQ(bodyOf(health)["status"], "ok");
    EXPECT_EQ(bodyOf(c->Get(std::string(protocol::Paths::kTerms)))["version"], "2024-04");

    auto verified = post(*c, protocol::Paths::kVerifyTemp, verifyBody("Pw-One-111"));
    ASSERT_TRUE(verified);
    ASSERT_EQ(verified->status, 200) << verified->body;
    auto session = protocol::VerifyTempCredentialsResponse::fromJson(bodyOf(verified));
    ASSERT_TRUE(session.ok());
    EXPECT_EQ(session->kanaName, "ヤマダ タロウ");

    auto check = post(*c, protocol::Paths::kCheckUserId,
                      {{"session_token", session->sessionToken}, {"user_id", "yamada.taro"}});
    ASSERT_TRUE(check);
    EXPECT_EQ(check->status, 200);
    EXPECT_EQ(bodyOf(check)["available"], true);

    const auto r = totpResult(randomUuid(), "kiosk-01", "T0001", "yamada.taro");
    const auto submission = sealedSubmission(m_keys->publicKeyPem, r).toJson();
    auto first = post(*c, protocol::Paths::kEnrollments, submission);
    ASSERT_TRUE(first);
    ASSERT_EQ(first->status, 200) << first->body;
    auto answer = protocol::SubmitEnrollmentResponse::fromJson(bodyOf(first)).value();
    EXPECT_EQ(answer.status, protocol::EnrollmentStatus::Accepted);
    EXPECT_FALSE(answer.replayed);

    // A repeat gets the first answer (marked replayed) and makes no second record.
    auto repeat = post(*c, protocol::Paths::kEnrollments, submission);
    ASSERT_TRUE(repeat);
    EXPECT_EQ(repeat->status, 200);
    auto again = protocol::SubmitEnrollmentResponse::fromJson(bodyOf(repeat)).value();
    EXPECT_TRUE(again.replayed);
    EXPECT_EQ(again.receivedAt, answer.receivedAt);
    EXPECT_EQ(m_service->store().countEnrollments("").value(), 1);

    // Same key, another body (a fresh sealing of the same result).
    auto other =
        post(*c, protocol::Paths::kEnrollments, sealedSubmission(m_keys->publicKeyPem, r).toJson());
    ASSERT_TRUE(other);
    EXPECT_EQ(other->status, 422);
    EXPECT_EQ(bodyOf(other)["code"], "idempotency_mismatch");
    EXPECT_EQ(m_service->store().countEnrollments("").value(), 1);
}

TEST_F(CentralServerTest, AClientWithoutCertificateIsRefusedAtTheHandshake) {
    start();
    auto anonymous = client(nullptr);
    auto res = anonymous->Get(std::string(protocol::Paths::kHealth));
    EXPECT_FALSE(res);
    // The server is up: a kiosk with a certificate gets through.
    auto ok = client()->Get(std::string(protocol::Paths::kHealth));
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->status, 200);
}

TEST_F(CentralServerTest, AClientCertificateFromAnotherCaIsRefused) {
    start();
    auto foreign = client("foreign.crt", "foreign.key");
    auto res = foreign->Get(std::string(protocol::Paths::kHealth));
    EXPECT_FALSE(res);
}

TEST_F(CentralServerTest, MalformedJsonIs400WithAReason) {
    start();
    auto c = client();
    auto res =
        c->Post(std::string(protocol::Paths::kVerifyTemp), "{\"kiosk_id\": ", "application/json");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400);
    EXPECT_EQ(bodyOf(res)["code"], "invalid_request");
    EXPECT_NE(bodyOf(res)["detail"].get<std::string>().find("malformed JSON"), std::string::npos);

    auto body = verifyBody("x");
    body.erase("temp_id");
    auto missing = post(*c, protocol::Paths::kVerifyTemp, body);
    ASSERT_TRUE(missing);
    EXPECT_EQ(missing->status, 400);
    EXPECT_EQ(bodyOf(missing)["detail"], "temp_id: missing");
}

TEST_F(CentralServerTest, OversizedBodyIs413) {
    start();
    auto c = client();
    auto body = verifyBody("x");
    body["temp_password"] = std::string(20 * 1024, 'a');
    auto res = post(*c, protocol::Paths::kVerifyTemp, body);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 413);
    EXPECT_EQ(bodyOf(res)["code"], "payload_too_large");
}

TEST_F(CentralServerTest, UnknownPathIs404WithACode) {
    start();
    auto res = client()->Get("/v1/nothing-here");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 404);
    EXPECT_EQ(bodyOf(res)["code"], "not_found");
}

TEST_F(CentralServerTest, KioskIdMustMatchTheCertificate) {
    start();
    auto body = verifyBody("Pw-One-111");
    body["kiosk_id"] = "kiosk-02";
    auto res = post(*client(), protocol::Paths::kVerifyTemp, body);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 403);
    EXPECT_EQ(bodyOf(res)["code"], "kiosk_not_authorized");
}

TEST_F(CentralServerTest, LocksOutAfterFiveFailuresUntilUnlocked) {
    start();
    auto c = client();
    for (int i = 1; i <= 4; ++i) {
        auto res = post(*c, protocol::Paths::kVerifyTemp, verifyBody("wrong"));
        ASSERT_TRUE(res);
        EXPECT_EQ(res->status, 401);
        EXPECT_EQ(bodyOf(res)["code"], "temp_credentials_invalid");
        EXPECT_EQ(bodyOf(res)["attempts_left"], 5 - i);
    }
    auto fifth = post(*c, protocol::Paths::kVerifyTemp, verifyBody("wrong"));
    ASSERT_TRUE(fifth);
    EXPECT_EQ(fifth->status, 423);
    auto right = post(*c, protocol::Paths::kVerifyTemp, verifyBody("Pw-One-111"));
    ASSERT_TRUE(right);
    EXPECT_EQ(right->status, 423);
    EXPECT_EQ(bodyOf(right)["code"], "temp_credentials_locked");
    ASSERT_TRUE(m_service->unlockTempId("T0001").value());
    auto after = post(*c, protocol::Paths::kVerifyTemp, verifyBody("Pw-One-111"));
    ASSERT_TRUE(after);
    EXPECT_EQ(after->status, 200);
}

TEST_F(CentralServerTest, RateLimitIs429WithRetryAfter) {
    start(0.5, 3.0);
    auto c = client();
    for (int i = 0; i < 3; ++i) {
        auto res = c->Get(std::string(protocol::Paths::kHealth));
        ASSERT_TRUE(res);
        EXPECT_EQ(res->status, 200) << i;
    }
    auto limited = c->Get(std::string(protocol::Paths::kHealth));
    ASSERT_TRUE(limited);
    EXPECT_EQ(limited->status, 429);
    EXPECT_EQ(bodyOf(limited)["code"], "rate_limited");
    EXPECT_GE(bodyOf(limited)["retry_after"].get<int>(), 1);
    EXPECT_FALSE(limited->get_header_value("Retry-After").empty());
    // Another kiosk has its own bucket.
    auto other = client("client2.crt", "client2.key")->Get(std::string(protocol::Paths::kHealth));
    ASSERT_TRUE(other);
    EXPECT_EQ(other->status, 200);
}

TEST_F(CentralServerTest, ADuplicateArrivingWhileTheFirstIsInFlightGets409) {
    start();
    const auto r = totpResult(randomUuid(), "kiosk-01", "T0001", "yamada.taro");
    const auto submission = sealedSubmission(m_keys->publicKeyPem, r).toJson();
    int duplicateStatus = 0;
    std::string duplicateCode;
    m_service->setBeforeCompleteHookForTesting([&] {
        m_service->setBeforeCompleteHookForTesting(nullptr);
        // Runs on the server thread that holds the first copy: a second connection now.
        auto dup = post(*client(), protocol::Paths::kEnrollments, submission);
        if (dup) {
            duplicateStatus = dup->status;
            duplicateCode = bodyOf(dup)["code"].get<std::string>();
        }
    });
    auto first = post(*client(), protocol::Paths::kEnrollments, submission);
    ASSERT_TRUE(first);
    EXPECT_EQ(first->status, 200);
    EXPECT_EQ(duplicateStatus, 409);
    EXPECT_EQ(duplicateCode, "idempotency_in_flight");
    EXPECT_EQ(m_service->store().countEnrollments("").value(), 1);
}

TEST_F(CentralServerTest, AUserIdTakenMeanwhileIsAnsweredAndRaisedToStaff) {
    start();
    auto c1 = client();
    auto c2 = client("client2.crt", "client2.key");
    const auto a = totpResult(randomUuid(), "kiosk-01", "T0001", "same.id");
    const auto b = totpResult(randomUuid(), "kiosk-02", "T0002", "same.id");
    auto first = post(*c1, protocol::Paths::kEnrollments,
                      sealedSubmission(m_keys->publicKeyPem, a).toJson());
    ASSERT_TRUE(first);
    EXPECT_EQ(bodyOf(first)["status"], "accepted");
    auto second = post(*c2, protocol::Paths::kEnrollments,
                       sealedSubmission(m_keys->publicKeyPem, b).toJson());
    ASSERT_TRUE(second);
    EXPECT_EQ(second->status, 200);
    EXPECT_EQ(bodyOf(second)["status"], "user_id_conflict");
    auto items = m_service->staffItems().value();
    ASSERT_EQ(items.size(), 1u);
    EXPECT_EQ(items[0].kind, "user_id_conflict");
    EXPECT_EQ(items[0].enrollmentId, b.enrollmentId);
}

TEST_F(CentralServerTest, HandoffCreatePollConfirm) {
    start();
    auto c = client();
    auto verified = post(*c, protocol::Paths::kVerifyTemp, verifyBody("Pw-One-111"));
    ASSERT_TRUE(verified);
    const auto token = bodyOf(verified)["session_token"].get<std::string>();
    auto created =
        post(*c, protocol::Paths::kHandoffs,
             {{"session_token", token}, {"kiosk_id", "kiosk-01"}, {"enrollment_id", randomUuid()}});
    ASSERT_TRUE(created);
    ASSERT_EQ(created->status, 201) << created->body;
    const auto handoff = bodyOf(created)["handoff_token"].get<std::string>();
    const std::string path = std::string(protocol::Paths::kHandoffs) + "/" + handoff;
    auto pending = c->Get(path);
    ASSERT_TRUE(pending);
    EXPECT_EQ(bodyOf(pending)["status"], "pending");
    auto confirmed =
        c->Post(path + std::string(protocol::Paths::kConfirmSuffix), "", "application/json");
    ASSERT_TRUE(confirmed);
    EXPECT_EQ(confirmed->status, 200);
    auto poll = protocol::HandoffPollResponse::fromJson(bodyOf(c->Get(path)));
    ASSERT_TRUE(poll.ok());
    EXPECT_EQ(poll->status, protocol::HandoffStatus::Confirmed);
    auto unknown = c->Get(std::string(protocol::Paths::kHandoffs) + "/nope");
    ASSERT_TRUE(unknown);
    EXPECT_EQ(unknown->status, 404);
}
