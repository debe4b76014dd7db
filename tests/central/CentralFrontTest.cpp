// SPDX-License-Identifier: Apache-2.0
// The HTTPS front against hostile or broken clients: revoked certificates, requests without
// a length, oversized heads, answers given before the body was read, and connections that
// never finish their TLS handshake.
#include "CentralTestSupport.h"
#include "RawTlsClient.h"
#include "ScratchDir.h"
#include "TestPki.h"
#include "central/CentralConfig.h"
#include "central/CentralServer.h"
#include "central/CentralService.h"
#include "protocol/JsonReader.h"
#include "protocol/Paths.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

using namespace madoguchi;
using namespace madoguchi::central;
using madoguchi::centraltest::RawTlsClient;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

constexpr const char* kVerifyPath = "/v1/temp-credentials/verify";

json bodyOfAnswer(const std::string& answer) {
    const auto at = answer.find("\r\n\r\n");
    if (at == std::string::npos) {
        return json();
    }
    auto parsed = protocol::parseJson(std::string_view(answer).substr(at + 4));
    return parsed.ok() ? *parsed : json();
}

std::string verifyJson(const char* password = "Pw-One-111") {
    return json{{"kiosk_id", "kiosk-01"},
                {"temp_id", "T0001"},
                {"temp_password", password},
                {"birth_date", "19580401"}}
        .dump();
}

class CentralFrontTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_pki = std::make_unique<centraltest::TestPki>();
        ASSERT_TRUE(m_pki->ok()) << "openssl CLI could not make the PKI";
        m_settings.listenAddress = "127.0.0.1";
        m_settings.port = 0;
        m_settings.certificateFile = m_pki->path("server.crt");
        m_settings.privateKeyFile = m_pki->path("server.key");
        m_settings.clientCaFile = m_pki->path("ca.crt");
        m_settings.maxBodyBytes = 16 * 1024;
    }

    void start(double ratePerSecond = 1000.0, double burst = 1000.0) {
        CentralOptions options;
        options.rateLimitPerSecond = ratePerSecond;
        options.rateLimitBurst = burst;
        m_service = CentralService::openInMemory(std::move(options)).value();
        ASSERT_TRUE(
            m_service->importRosterCsv(SecureBuffer::fromText(centraltest::kRosterCsv)).ok());
        auto server = CentralServer::create(*m_service, m_settings);
        ASSERT_TRUE(server.ok()) << server.error().detail;
        m_server = std::move(*server);
        auto port = m_server->bind();
        ASSERT_TRUE(port.ok());
        m_port = *port;
        m_thread = std::thread([this] { (void)m_server->run(); });
        for (int i = 0; i < 200 && !m_server->running(); ++i) {
            std::this_thread::sleep_for(5ms);
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
        auto c = std::make_unique<httplib::SSLClient>("127.0.0.1", m_port, m_pki->path(cert),
                                                      m_pki->path(key));
        c->set_ca_cert_path(m_pki->path("ca.crt"));
        c->enable_server_certificate_verification(true);
        c->set_connection_timeout(5, 0);
        c->set_read_timeout(5, 0);
        return c;
    }

    std::unique_ptr<RawTlsClient> raw() {
        return std::make_unique<RawTlsClient>(m_port, m_pki->path("client.crt"),
                                              m_pki->path("client.key"), m_pki->path("ca.crt"));
    }

    int healthStatus(const char* cert, const char* key) {
        auto res = client(cert, key)->Get(std::string(protocol::Paths::kHealth));
        return res ? res->status : 0; // 0: no HTTP at all (refused at the handshake)
    }

    std::unique_ptr<centraltest::TestPki> m_pki;
    ServerSettings m_settings;
    std::unique_ptr<CentralService> m_service;
    std::unique_ptr<CentralServer> m_server;
    std::thread m_thread;
    int m_port = 0;
};

} // namespace

TEST_F(CentralFrontTest, ARevokedKioskIsRefusedAtTheHandshakeAndARevocationNeedsNoRestart) {
    m_settings.crlFile = m_pki->path("crl.pem"); // revokes kiosk-03
    start();
    EXPECT_EQ(healthStatus("revoked.crt", "revoked.key"), 0);
    EXPECT_EQ(healthStatus("client.crt", "client.key"), 200);
    EXPECT_EQ(healthStatus("client2.crt", "client2.key"), 200);

    // kiosk-02 has a connection open (keep-alive) when it is revoked.
    auto open = client("client2.crt", "client2.key");
    open->set_keep_alive(true);
    auto before = open->Get(std::string(protocol::Paths::kHealth));
    ASSERT_TRUE(before);
    EXPECT_EQ(before->status, 200);

    ASSERT_TRUE(m_pki->revoke("client2.crt"));
    ASSERT_TRUE(m_server->reloadRevocation().ok());
    EXPECT_EQ(healthStatus("client2.crt", "client2.key"), 0);
    EXPECT_EQ(healthStatus("revoked.crt", "revoked.key"), 0);
    EXPECT_EQ(healthStatus("client.crt", "client.key"), 200);
    // The connection opened before the revocation gets no more answers but a refusal.
    auto after = open->Get(std::string(protocol::Paths::kHealth));
    ASSERT_TRUE(after) << httplib::to_string(after.error());
    EXPECT_EQ(after->status, 403);
    EXPECT_EQ(protocol::parseJson(after->body).value()["detail"], "client certificate revoked");
}

TEST_F(CentralFrontTest, AChangedCrlFileIsPickedUpWithoutARestart) {
    m_settings.crlFile = m_pki->path("crl.pem");
    start();
    EXPECT_EQ(healthStatus("client2.crt", "client2.key"), 200);
    ASSERT_TRUE(m_pki->revoke("client2.crt"));
    // The server looks at the file's time and size about once a second.
    int status = 200;
    for (int i = 0; i < 60 && status != 0; ++i) {
        std::this_thread::sleep_for(100ms);
        status = healthStatus("client2.crt", "client2.key");
    }
    EXPECT_EQ(status, 0);
    EXPECT_EQ(healthStatus("client.crt", "client.key"), 200);
}

TEST_F(CentralFrontTest, ACrlNotSignedByTheKioskCaIsRefusedAtStartAndOnReload) {
    m_settings.crlFile = m_pki->path("other-ca.crt"); // not a CRL at all
    CentralOptions options;
    auto service = CentralService::openInMemory(std::move(options)).value();
    auto refused = CentralServer::create(*service, m_settings);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.code(), ErrorCode::ConfigInvalid);

    m_settings.crlFile = m_pki->path("crl.pem");
    start();
    // A broken file on reload keeps the list in force.
    std::ofstream(m_pki->path("crl.pem")) << "garbage";
    EXPECT_FALSE(m_server->reloadRevocation().ok());
    EXPECT_EQ(healthStatus("revoked.crt", "revoked.key"), 0);
    EXPECT_EQ(healthStatus("client.crt", "client.key"), 200);
}

TEST_F(CentralFrontTest, APostWithoutAnyLengthIs411UnreadAndTheConnectionEnds) {
    start();
    auto c = raw();
    // Neither Content-Length nor Transfer-Encoding: the body would run to the end of the
    // connection. A server that read it would wait for the rest and answer nothing.
    ASSERT_TRUE(c->send(std::string("POST ") + kVerifyPath +
                        " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\r\n" +
                        verifyJson().substr(0, 20)));
    const std::string answer = c->readAnswer(3000ms);
    EXPECT_TRUE(answer.starts_with("HTTP/1.1 411")) << answer.substr(0, 80);
    EXPECT_EQ(bodyOfAnswer(answer)["code"], "length_required");
    EXPECT_NE(answer.find("Connection: close"), std::string::npos);
    EXPECT_TRUE(c->closedByServer(3000ms));
    EXPECT_EQ(m_service->store().attemptCount("T0001").value(), 0);
}

TEST_F(CentralFrontTest, AGetWithABodyIsRefusedAndTheConnectionEnds) {
    start();
    auto c = raw();
    ASSERT_TRUE(c->send("GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 30\r\n\r\n"
                        "GET /v1/health HTTP/1.1\r\n\r\n"));
    const std::string answer = c->readAnswer(3000ms);
    EXPECT_TRUE(answer.starts_with("HTTP/1.1 400")) << answer.substr(0, 80);
    EXPECT_TRUE(c->closedByServer(3000ms));
}

TEST_F(CentralFrontTest, TooManyHeaderFieldsAre431AndTheConnectionEnds) {
    start();
    auto c = raw();
    std::string head = "GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    for (int i = 0; i < 100; ++i) {
        head += "X-Filler-" + std::to_string(i) + ": x\r\n";
    }
    ASSERT_TRUE(c->send(head + "\r\n"));
    const std::string answer = c->readAnswer(3000ms);
    EXPECT_TRUE(answer.starts_with("HTTP/1.1 431")) << answer.substr(0, 80);
    EXPECT_EQ(bodyOfAnswer(answer)["code"], "headers_too_large");
    EXPECT_TRUE(c->closedByServer(3000ms));

    // Large fields, few of them: 431 too.
    auto d = raw();
    ASSERT_TRUE(d->send(
        "GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: " + std::string(7000, 'a') +
        "\r\nX-B: " + std::string(7000, 'b') + "\r\nX-C: " + std::string(7000, 'c') + "\r\n\r\n"));
    EXPECT_TRUE(d->readAnswer(3000ms).starts_with("HTTP/1.1 431"));
}

TEST_F(CentralFrontTest, AHeadThatNeverEndsIsCutAfterABoundedNumberOfBytes) {
    start();
    auto c = raw();
    ASSERT_TRUE(c->send("GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Endless: "));
    // cpp-httplib reads a header line to its end, without bound: the guard cuts it.
    const std::string chunk(64 * 1024, 'a');
    std::size_t sent = 0;
    while (sent < 8u * 1024u * 1024u && c->send(chunk)) {
        sent += chunk.size();
    }
    EXPECT_LT(sent, 8u * 1024u * 1024u) << "the server read an 8 MiB header line";
    // Others are still served.
    EXPECT_EQ(healthStatus("client.crt", "client.key"), 200);
}

// The rate limit answers before the body is read: the body must not become the next
// request on that connection (it used to, and the kiosk's next result got 400).
TEST_F(CentralFrontTest, ARateLimitedPostEndsItsConnectionSoItsBodyIsNeverARequest) {
    start(0.001, 1.0);
    auto c = raw();
    const std::string body = verifyJson("wrong");
    const std::string post = std::string("POST ") + kVerifyPath +
                             " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                             "Content-Length: " +
                             std::to_string(body.size()) + "\r\n\r\n" + body;
    ASSERT_TRUE(c->send(post));
    EXPECT_TRUE(c->readAnswer(3000ms).starts_with("HTTP/1.1 401"));
    ASSERT_TRUE(c->send(post));
    const std::string limited = c->readAnswer(3000ms);
    EXPECT_TRUE(limited.starts_with("HTTP/1.1 429")) << limited.substr(0, 80);
    EXPECT_NE(limited.find("Connection: close"), std::string::npos) << limited;
    EXPECT_TRUE(c->closedByServer(3000ms));

    // A well-behaved client goes on with a new connection after it.
    auto k = client();
    auto again = k->Post(kVerifyPath, body, "application/json");
    ASSERT_TRUE(again);
    EXPECT_EQ(again->status, 429);
    EXPECT_EQ(again->get_header_value("Connection"), "close");
}

TEST_F(CentralFrontTest, SilentConnectionsCannotHoldEveryWorker) {
    m_settings.workers = 4;
    m_settings.handshakeTimeout = 1000ms;
    start();
    // As many TCP connections as workers, none of which ever says a word.
    std::vector<int> silent;
    for (std::size_t i = 0; i < m_settings.workers; ++i) {
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(static_cast<std::uint16_t>(m_port));
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
        timeval wait{3, 0};
        ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
        silent.push_back(fd);
    }
    for (int i = 0; i < 200 && m_server->handshakesInProgress() < silent.size(); ++i) {
        std::this_thread::sleep_for(5ms);
    }
    EXPECT_EQ(m_server->handshakesInProgress(), silent.size());
    const auto began = std::chrono::steady_clock::now();
    auto c = client();
    c->set_read_timeout(4, 0);
    auto res = c->Get(std::string(protocol::Paths::kHealth));
    ASSERT_TRUE(res) << httplib::to_string(res.error());
    EXPECT_EQ(res->status, 200);
    EXPECT_LT(std::chrono::steady_clock::now() - began, 3900ms);
    // The silent ones were cut.
    for (const int fd : silent) {
        char byte = 0;
        EXPECT_LE(::recv(fd, &byte, 1, 0), 0);
        ::close(fd);
    }
}

TEST(CentralConfigFront, ReadsTheCrlWorkersHandshakeTimeoutAndLogging) {
    const auto dir = std::filesystem::temp_directory_path() /
                     ("madoguchi-config-front-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto file = dir / "central.toml";
    std::ofstream(file) << "[server]\ncrl = \"tls/kiosk-ca.crl\"\nworkers = 32\n"
                           "handshake_timeout_ms = 2500\n"
                           "[storage]\ndatabase = \"central.db\"\n"
                           "[logging]\nlevel = \"debug\"\nfile = \"log/central.log\"\n";
    auto config = CentralConfig::load(file);
    ASSERT_TRUE(config.ok()) << config.error().detail;
    EXPECT_EQ(config->server.crlFile, std::filesystem::absolute(dir) / "tls/kiosk-ca.crl");
    EXPECT_EQ(config->server.workers, 32U);
    EXPECT_EQ(config->server.handshakeTimeout, 2500ms);
    EXPECT_EQ(config->logLevel, "debug");
    EXPECT_EQ(config->logFile, std::filesystem::absolute(dir) / "log/central.log");

    std::ofstream(file) << "[storage]\ndatabase = \"central.db\"\n";
    auto defaults = CentralConfig::load(file);
    ASSERT_TRUE(defaults.ok());
    EXPECT_EQ(defaults->logLevel, "info"); // the audit trail is on by default
    EXPECT_TRUE(defaults->logFile.empty());
    EXPECT_TRUE(defaults->server.crlFile.empty());

    for (const char* bad : {"[logging]\nlevel = \"loud\"\n", "[logging]\nsecret = 1\n",
                            "[server]\nworkers = 1\n", "[server]\nhandshake_timeout_ms = 0\n"}) {
        std::ofstream(file) << "[storage]\ndatabase = \"central.db\"\n" << bad;
        EXPECT_EQ(CentralConfig::load(file).code(), ErrorCode::ConfigInvalid) << bad;
    }
    std::filesystem::remove_all(dir);
}

TEST(CentralConfigFront, ChoosesSqliteByDefaultOrPostgresqlWithAConnectionString) {
    test::ScratchDir dir;
    const auto file = dir.file("central.toml");
    std::ofstream(file) << "[storage]\ndatabase = \"central.db\"\n";
    auto sqlite = CentralConfig::load(file);
    ASSERT_TRUE(sqlite.ok()) << sqlite.error().detail;
    EXPECT_EQ(sqlite->storage.kind, StoreSettings::Kind::Sqlite);
    EXPECT_EQ(sqlite->storage.databaseFile, std::filesystem::absolute(dir.path()) / "central.db");

    std::ofstream(file)
        << "[storage]\nkind = \"postgresql\"\n"
           "connection = \"host=db.example dbname=madoguchi sslmode=verify-full\"\n";
    auto postgres = CentralConfig::load(file);
    ASSERT_TRUE(postgres.ok()) << postgres.error().detail;
    EXPECT_EQ(postgres->storage.kind, StoreSettings::Kind::Postgresql);
    EXPECT_EQ(postgres->storage.connection, "host=db.example dbname=madoguchi sslmode=verify-full");

    for (const char* bad :
         {"[storage]\nkind = \"mysql\"\ndatabase = \"central.db\"\n",
          "[storage]\nkind = \"postgresql\"\n", // no connection
          "[storage]\nkind = \"postgresql\"\nconnection = \"x\"\ndatabase = \"central.db\"\n",
          "[storage]\ndatabase = \"central.db\"\nconnection = \"host=db\"\n"}) {
        std::ofstream(file) << bad;
        EXPECT_EQ(CentralConfig::load(file).code(), ErrorCode::ConfigInvalid) << bad;
    }
}

TEST(CentralConfigFront, ReadsTheResultWindowAndWhenAnUnfinishedDeliveryIsTakenOver) {
    test::ScratchDir dir;
    const auto file = dir.file("central.toml");
    // Both keys as central/README.md shows them.
    std::ofstream(file) << "[storage]\ndatabase = \"central.db\"\n"
                           "[policy]\nresult_window_days = 3\ndelivery_stale_after_seconds = 30\n";
    auto config = CentralConfig::load(file);
    ASSERT_TRUE(config.ok()) << config.error().detail;
    EXPECT_EQ(config->options.resultAcceptanceWindow, std::chrono::days(3));
    EXPECT_EQ(config->options.deliveryStaleAfter, std::chrono::seconds(30));

    std::ofstream(file) << "[storage]\ndatabase = \"central.db\"\n";
    auto defaults = CentralConfig::load(file);
    ASSERT_TRUE(defaults.ok());
    EXPECT_EQ(defaults->options.resultAcceptanceWindow, std::chrono::days(7));
    EXPECT_EQ(defaults->options.deliveryStaleAfter, std::chrono::seconds(120));

    for (const char* bad : {"result_window_days = 0\n", "delivery_stale_after_seconds = 0\n",
                            "delivery_stale_after_seconds = 3601\n"}) {
        std::ofstream(file) << "[storage]\ndatabase = \"central.db\"\n[policy]\n" << bad;
        EXPECT_EQ(CentralConfig::load(file).code(), ErrorCode::ConfigInvalid) << bad;
    }
}
