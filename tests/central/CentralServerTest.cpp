// SPDX-License-Identifier: Apache-2.0
#include "central/CentralServer.h"

#include "CentralTestSupport.h"
#include "RawTlsClient.h"
#include "TestPki.h"
#include "central/CentralService.h"
#include "protocol/JsonReader.h"
#include "protocol/Paths.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include <arpa/inet.h>
#include <chrono>
#include <memory>
#include <netinet/in.h>
#include <poll.h>
#include <stdexcept>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <zlib.h>

using namespace madoguchi;
using namespace madoguchi::central;
using madoguchi::centraltest::randomUuid;
using madoguchi::centraltest::RawTlsClient;
using madoguchi::centraltest::sealedSubmission;
using madoguchi::centraltest::totpResult;
using nlohmann::json;

namespace {

// The JSON body of a raw HTTP/1.1 answer (after the blank line).
json rawBody(const std::string& answer) {
    const auto at = answer.find("\r\n\r\n");
    if (at == std::string::npos) {
        return json();
    }
    auto parsed = protocol::parseJson(std::string_view(answer).substr(at + 4));
    return parsed.ok() ? *parsed : json();
}

std::string gzipped(const std::string& data) {
    z_stream z{};
    if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) {
        throw std::runtime_error("deflateInit2");
    }
    std::string out(deflateBound(&z, static_cast<uLong>(data.size())), '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    if (rc != Z_STREAM_END) {
        throw std::runtime_error("deflate");
    }
    return out;
}

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
        if (m_recordTestLogins) {
            centraltest::recordTestLogins(m_service->store(), centraltest::unixNow());
        }
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

    std::unique_ptr<RawTlsClient> raw(const char* cert = "client.crt",
                                      const char* key = "client.key") {
        return std::make_unique<RawTlsClient>(m_port, s_pki->path(cert), s_pki->path(key),
                                              s_pki->path("ca.crt"));
    }

    std::string sessionToken() {
        auto verified = post(*client(), protocol::Paths::kVerifyTemp, verifyBody("Pw-One-111"));
        return verified && verified->status == 200
                   ? bodyOf(verified)["session_token"].get<std::string>()
                   : std::string();
    }

    // Tests about something else deliver results of made-up verified logins.
    bool m_recordTestLogins = true;
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

    // The result of that verified login.
    auto r = totpResult(randomUuid(), "kiosk-01", "T0001", "yamada.taro");
    r.sessionId = protocol::sessionIdOf(session->sessionToken);
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
    ASSERT_TRUE(res) << httplib::to_string(res.error());
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

TEST_F(CentralServerTest, AChunkedBodyIsRefusedWith411BeforeItIsRead) {
    start();
    auto c = raw();
    // 2 MiB promised in chunks; only the first 64 KiB are ever sent. A server that read the
    // body would wait for the rest and answer nothing within the deadline.
    const std::string chunk(64 * 1024, ' ');
    char size[16];
    std::snprintf(size, sizeof size, "%zx", chunk.size());
    ASSERT_TRUE(c->send("POST /v1/temp-credentials/verify HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" +
                        std::string(size) + "\r\n" + chunk + "\r\n"));
    const std::string answer = c->readAnswer(std::chrono::milliseconds(5000));
    EXPECT_TRUE(answer.starts_with("HTTP/1.1 411")) << answer.substr(0, 80);
    EXPECT_EQ(rawBody(answer)["code"], "length_required");
    // The rest of the body is still on the wire: this connection must not carry more.
    EXPECT_NE(answer.find("Connection: close"), std::string::npos);
    // The service never saw it.
    EXPECT_EQ(m_service->store().attemptCount("T0001").value(), 0);
}

TEST_F(CentralServerTest, AContentLengthOverTheLimitIs413WithoutReadingTheBody) {
    start();
    auto c = raw();
    ASSERT_TRUE(c->send("POST /v1/temp-credentials/verify HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        "Content-Type: application/json\r\nContent-Length: 2097152\r\n\r\n{"));
    const std::string answer = c->readAnswer(std::chrono::milliseconds(5000));
    EXPECT_TRUE(answer.starts_with("HTTP/1.1 413")) << answer.substr(0, 80);
    EXPECT_EQ(rawBody(answer)["code"], "payload_too_large");
    EXPECT_NE(answer.find("Connection: close"), std::string::npos);
}

TEST_F(CentralServerTest, AGzipBodyIsRefusedWith415InsteadOfBeingInflated) {
    start();
    // 2 MiB of JSON whitespace compresses to a few KiB: a bomb against a 16 KiB limit.
    auto body = verifyBody("Pw-One-111").dump();
    body.insert(1, std::string(2 * 1024 * 1024, ' '));
    const std::string compressed = gzipped(body);
    ASSERT_LT(compressed.size(), 16u * 1024u);
    auto c = client();
    auto res = c->Post(std::string(protocol::Paths::kVerifyTemp), {{"Content-Encoding", "gzip"}},
                       compressed, "application/json");
    ASSERT_TRUE(res) << httplib::to_string(res.error());
    EXPECT_EQ(res->status, 415);
    EXPECT_EQ(bodyOf(res)["code"], "unsupported_media_type");
    EXPECT_EQ(m_service->store().attemptCount("T0001").value(), 0);
    // "identity" is no encoding at all; the same client goes on on a new connection.
    auto plain =
        c->Post(std::string(protocol::Paths::kVerifyTemp), {{"Content-Encoding", "identity"}},
                verifyBody("Pw-One-111").dump(), "application/json");
    ASSERT_TRUE(plain) << httplib::to_string(plain.error());
    EXPECT_EQ(plain->status, 200) << plain->body;
}

TEST_F(CentralServerTest, ABodyThatIsNotJsonIs415) {
    start();
    auto c = client();
    auto res = c->Post(std::string(protocol::Paths::kVerifyTemp), verifyBody("Pw-One-111").dump(),
                       "text/plain");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 415);
    EXPECT_EQ(bodyOf(res)["code"], "unsupported_media_type");
    EXPECT_EQ(bodyOf(res)["detail"], "Content-Type must be application/json");
    auto form = c->Post(std::string(protocol::Paths::kVerifyTemp), "temp_id=T0001",
                        "application/x-www-form-urlencoded");
    ASSERT_TRUE(form);
    EXPECT_EQ(form->status, 415);
    auto withCharset = c->Post(std::string(protocol::Paths::kVerifyTemp),
                               verifyBody("Pw-One-111").dump(), "Application/JSON; charset=utf-8");
    ASSERT_TRUE(withCharset);
    EXPECT_EQ(withCharset->status, 200) << withCharset->body;
}

TEST_F(CentralServerTest, ADuplicateKeyIs400WithTheKeyNamed) {
    start();
    auto res = client()->Post(
        std::string(protocol::Paths::kVerifyTemp),
        R"({"kiosk_id":"kiosk-01","temp_id":"T0001","temp_password":"wrong","birth_date":"19580401","temp_password":"Pw-One-111"})",
        "application/json");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400);
    EXPECT_EQ(bodyOf(res)["code"], "invalid_request");
    EXPECT_EQ(bodyOf(res)["detail"], "temp_password: duplicate key");
    EXPECT_EQ(m_service->store().attemptCount("T0001").value(), 0);
}

TEST_F(CentralServerTest, AUserIdCheckWithAnotherKiosksSessionIs403) {
    start();
    const auto token = sessionToken(); // opened by kiosk-01
    ASSERT_FALSE(token.empty());
    const json check{{"session_token", token}, {"user_id", "yamada.taro"}};
    auto other = post(*client("client2.crt", "client2.key"), protocol::Paths::kCheckUserId, check);
    ASSERT_TRUE(other);
    EXPECT_EQ(other->status, 403);
    EXPECT_EQ(bodyOf(other)["code"], "kiosk_not_authorized");
    auto own = post(*client(), protocol::Paths::kCheckUserId, check);
    ASSERT_TRUE(own);
    EXPECT_EQ(own->status, 200);
}

TEST_F(CentralServerTest, AHandoffPollFromAnotherKioskIs403) {
    start();
    const auto token = sessionToken();
    ASSERT_FALSE(token.empty());
    auto created =
        post(*client(), protocol::Paths::kHandoffs,
             {{"session_token", token}, {"kiosk_id", "kiosk-01"}, {"enrollment_id", randomUuid()}});
    ASSERT_TRUE(created);
    ASSERT_EQ(created->status, 201) << created->body;
    const std::string path = std::string(protocol::Paths::kHandoffs) + "/" +
                             bodyOf(created)["handoff_token"].get<std::string>();
    auto other = client("client2.crt", "client2.key")->Get(path);
    ASSERT_TRUE(other);
    EXPECT_EQ(other->status, 403);
    EXPECT_EQ(bodyOf(other)["code"], "kiosk_not_authorized");
    auto own = client()->Get(path);
    ASSERT_TRUE(own);
    EXPECT_EQ(own->status, 200);
}

// A stolen or hostile kiosk: its own valid certificate (kiosk-02) and the central public key
// that every kiosk holds, but no verified login. It tries to enrol a roster member (with no
// session, and with a session id another kiosk's member verified) and to attach its own
// TOTP to a registration kiosk-01 delivered. Everything is refused, each with a staff item,
// and the export holds only the real member's registration and factor.
TEST_F(CentralServerTest, AHostileKioskCanNeitherRegisterAMemberNorAttachASecondFactor) {
    m_recordTestLogins = false;
    start();
    const auto deliver = [](httplib::SSLClient& c, const protocol::EnrollmentResult& r,
                            const std::string& publicKey) {
        return post(c, protocol::Paths::kEnrollments, sealedSubmission(publicKey, r).toJson());
    };
    // kiosk-01: the member signs in, registers and binds a TOTP.
    const std::string token = sessionToken();
    ASSERT_FALSE(token.empty());
    auto reg = totpResult(randomUuid(), "kiosk-01", "T0001", "yamada.taro");
    reg.stage = protocol::ResultStage::Registration;
    reg.totp.reset();
    reg.sessionId = protocol::sessionIdOf(token);
    auto delivered = deliver(*client(), reg, m_keys->publicKeyPem);
    ASSERT_TRUE(delivered);
    ASSERT_EQ(delivered->status, 200) << delivered->body;

    auto hostile = client("client2.crt", "client2.key");
    // 1. A roster member who never signed in anywhere: no session to name.
    auto forged = totpResult(randomUuid(), "kiosk-02", "T0002", "attacker.one");
    forged.totp->secretBase32 = SecureBuffer::fromText("ATTACKERATTACKER");
    forged.sessionId.clear();
    auto refused = deliver(*hostile, forged, m_keys->publicKeyPem);
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 422) << refused->body;
    EXPECT_EQ(bodyOf(refused)["code"], "envelope_rejected");
    // ... nor with a made-up session, nor with the session kiosk-01's member verified.
    forged.enrollmentId = randomUuid();
    forged.sessionId = protocol::sessionIdOf("guessed");
    EXPECT_EQ(deliver(*hostile, forged, m_keys->publicKeyPem)->status, 422);
    auto stolen = totpResult(randomUuid(), "kiosk-02", "T0001", "attacker.two");
    stolen.sessionId = reg.sessionId;
    EXPECT_EQ(deliver(*hostile, stolen, m_keys->publicKeyPem)->status, 422);

    // 2. Its own TOTP on kiosk-01's registration.
    const auto totpFactor = [&](const char* kiosk, const char* secret) {
        protocol::EnrollmentResult factor;
        factor.enrollmentId = randomUuid();
        factor.stage = protocol::ResultStage::SecondFactor;
        factor.registrationId = reg.enrollmentId;
        factor.kioskId = kiosk;
        factor.userId = reg.userId;
        factor.method = protocol::MfaMethod::Totp;
        factor.totp = protocol::TotpBinding{SecureBuffer::fromText(secret), 6, 30, "SHA1", "x"};
        factor.completedAt = reg.completedAt;
        return factor;
    };
    auto attached =
        deliver(*hostile, totpFactor("kiosk-02", "ATTACKERATTACKER"), m_keys->publicKeyPem);
    ASSERT_TRUE(attached);
    EXPECT_EQ(attached->status, 422) << attached->body;

    // kiosk-01's own factor is still accepted.
    const auto own = totpFactor("kiosk-01", "JBSWY3DPEHPK3PXP");
    auto ownReply = deliver(*client(), own, m_keys->publicKeyPem);
    ASSERT_TRUE(ownReply);
    EXPECT_EQ(ownReply->status, 200) << ownReply->body;

    const auto items = m_service->staffItems().value();
    ASSERT_EQ(items.size(), 4U);
    for (const auto& item : items) {
        EXPECT_EQ(item.kioskId, "kiosk-02");
    }
    EXPECT_EQ(items[0].kind, "registration_refused");
    EXPECT_EQ(items[3].kind, "second_factor_refused");
    EXPECT_FALSE(m_service->store().findRosterEntry("T0002").value()->enrolledAt.has_value());

    const auto doc = m_service->exportKeycloak().value();
    ASSERT_EQ(doc["users"].size(), 1U);
    EXPECT_EQ(doc["users"][0]["username"], "yamada.taro");
    const std::string text = doc.dump();
    for (const char* absent : {"ATTACKERATTACKER", "attacker.one", "attacker.two", "M-1002"}) {
        EXPECT_EQ(text.find(absent), std::string::npos) << absent;
    }
    EXPECT_NE(text.find("JBSWY3DPEHPK3PXP"), std::string::npos);
}
