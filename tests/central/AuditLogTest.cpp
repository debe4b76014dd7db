// SPDX-License-Identifier: Apache-2.0
// `madoguchi-central serve` keeps an audit trail: a full run against the real binary, then
// the log file is read for the events and for any secret that must never be in it.
#include "CentralTestSupport.h"
#include "ExternalTool.h"
#include "TestPki.h"
#include "protocol/JsonReader.h"
#include "protocol/Paths.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace madoguchi;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

const std::string kBinary = std::string(MADOGUCHI_BINARY_DIR) + "/central/madoguchi-central";

std::string readAll(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A loopback port that was free a moment ago.
int freePort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof addr;
    int port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length) == 0) {
        port = ntohs(addr.sin_port);
    }
    ::close(fd);
    return port;
}

json bodyOf(const httplib::Result& res) {
    auto parsed = protocol::parseJson(res->body);
    return parsed.ok() ? *parsed : json();
}

} // namespace

TEST(AuditLog, ServeLogsLoginsLockoutsEnrollmentsAndAccessWithoutSecrets) {
    centraltest::TestPki pki;
    ASSERT_TRUE(pki.ok());
    const auto dir =
        std::filesystem::temp_directory_path() / ("madoguchi-audit-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string d = dir.string();
    const int port = freePort();
    ASSERT_NE(port, 0);
    const std::string config = d + "/central.toml";
    std::ofstream(config) << "[server]\nlisten = \"127.0.0.1\"\nport = " << port
                          << "\ncertificate = \"" << pki.path("server.crt")
                          << "\"\nprivate_key = \"" << pki.path("server.key")
                          << "\"\nclient_ca = \"" << pki.path("ca.crt")
                          << "\"\nallow_test_confirm = true\n"
                             "[storage]\ndatabase = \"central.db\"\n"
                             "[sealing]\nprivate_key = \"seal.key\"\n"
                             "[logging]\nfile = \"log/central.log\"\n";
    std::ofstream(dir / "roster.csv") << centraltest::kRosterCsv;
    ASSERT_TRUE(madoguchi::testing::runCommand(kBinary + " keygen --private " + d +
                                               "/seal.key --public " + d + "/seal.pub")
                    .has_value());
    ASSERT_TRUE(madoguchi::testing::runCommand(kBinary + " import-roster " + d +
                                               "/roster.csv --config " + config)
                    .has_value());

    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        ::execl(kBinary.c_str(), kBinary.c_str(), "serve", "--config", config.c_str(),
                static_cast<char*>(nullptr));
        ::_exit(127);
    }
    httplib::SSLClient c("127.0.0.1", port, pki.path("client.crt"), pki.path("client.key"));
    c.set_ca_cert_path(pki.path("ca.crt"));
    c.enable_server_certificate_verification(true);
    c.set_connection_timeout(2, 0);
    c.set_read_timeout(10, 0);
    bool up = false;
    for (int i = 0; i < 100 && !up; ++i) {
        auto health = c.Get(std::string(protocol::Paths::kHealth));
        up = health && health->status == 200;
        if (!up) {
            std::this_thread::sleep_for(50ms);
        }
    }
    const auto post = [&](std::string_view path, const json& body) {
        return c.Post(std::string(path), protocol::dumpJson(body), "application/json");
    };
    std::string sessionToken;
    std::string handoffToken;
    std::string enrollmentId = centraltest::randomUuid();
    auto result = centraltest::totpResult(enrollmentId, "kiosk-01", "T0001", "yamada.taro");
    if (up) {
        // A failed login, then the right one.
        auto wrong = post(protocol::Paths::kVerifyTemp, {{"kiosk_id", "kiosk-01"},
                                                         {"temp_id", "T0001"},
                                                         {"temp_password", "Wrong-Guess-9"},
                                                         {"birth_date", "19580401"}});
        ASSERT_TRUE(wrong);
        EXPECT_EQ(wrong->status, 401);
        auto verified = post(protocol::Paths::kVerifyTemp, {{"kiosk_id", "kiosk-01"},
                                                            {"temp_id", "T0001"},
                                                            {"temp_password", "Pw-One-111"},
                                                            {"birth_date", "19580401"}});
        ASSERT_TRUE(verified);
        ASSERT_EQ(verified->status, 200) << verified->body;
        sessionToken = bodyOf(verified)["session_token"].get<std::string>();
        result.sessionId = protocol::sessionIdOf(sessionToken);
        // A lockout of another temp ID.
        for (int i = 0; i < 5; ++i) {
            (void)post(protocol::Paths::kVerifyTemp, {{"kiosk_id", "kiosk-01"},
                                                      {"temp_id", "T0002"},
                                                      {"temp_password", "Wrong-Guess-9"},
                                                      {"birth_date", "19600229"}});
        }
        auto check = post(protocol::Paths::kCheckUserId,
                          {{"session_token", sessionToken}, {"user_id", "yamada.taro"}});
        ASSERT_TRUE(check);
        EXPECT_EQ(check->status, 200);
        auto delivered =
            post(protocol::Paths::kEnrollments,
                 centraltest::sealedSubmission(readAll(dir / "seal.pub"), result).toJson());
        ASSERT_TRUE(delivered);
        EXPECT_EQ(delivered->status, 200) << delivered->body;
        auto created = post(protocol::Paths::kHandoffs, {{"session_token", sessionToken},
                                                         {"kiosk_id", "kiosk-01"},
                                                         {"enrollment_id", enrollmentId}});
        ASSERT_TRUE(created);
        ASSERT_EQ(created->status, 201) << created->body;
        handoffToken = bodyOf(created)["handoff_token"].get<std::string>();
        const std::string path = std::string(protocol::Paths::kHandoffs) + "/" + handoffToken;
        auto polled = c.Get(path);
        ASSERT_TRUE(polled);
        EXPECT_EQ(polled->status, 200);
        auto confirmed =
            c.Post(path + std::string(protocol::Paths::kConfirmSuffix), "", "application/json");
        ASSERT_TRUE(confirmed);
        EXPECT_EQ(confirmed->status, 200);
    }
    ::kill(pid, SIGTERM);
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(up) << "madoguchi-central serve did not come up";
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);

    const std::string log = readAll(dir / "log" / "central.log");
    ASSERT_FALSE(log.empty()) << "no log file";
    const auto has = [&log](const std::string& text) {
        return log.find(text) != std::string::npos;
    };
    // The events, at the default level (info).
    EXPECT_TRUE(has("access: POST /v1/temp-credentials/verify 401 kiosk=kiosk-01")) << log;
    EXPECT_TRUE(has("access: POST /v1/temp-credentials/verify 200 kiosk=kiosk-01")) << log;
    EXPECT_TRUE(has("access: POST /v1/temp-credentials/verify 423 kiosk=kiosk-01")) << log;
    EXPECT_TRUE(has("temp credentials refused")) << log;
    EXPECT_TRUE(has("access: POST /v1/enrollments 200 kiosk=kiosk-01")) << log;
    EXPECT_TRUE(has(enrollmentId)) << log;
    EXPECT_TRUE(has("access: POST /v1/handoffs 201 kiosk=kiosk-01")) << log;
    EXPECT_TRUE(has("access: GET /v1/handoffs/{token sha256:")) << log;
    EXPECT_TRUE(has(" ms")) << log;
    // Never a secret.
    ASSERT_FALSE(sessionToken.empty());
    ASSERT_FALSE(handoffToken.empty());
    EXPECT_FALSE(has(sessionToken)) << "session token in the log";
    EXPECT_FALSE(has(handoffToken)) << "hand-off token in the log";
    for (const char* secret : {"Pw-One-111", "Wrong-Guess-9", "19580401", "1958-04-01", "19600229",
                               "JBSWY3DPEHPK3PXP", "pbkdf2-sha256$"}) {
        EXPECT_FALSE(has(secret)) << secret << " in the log";
    }
    const std::string hash = result.passwordHash.substr(result.passwordHash.rfind('$') + 1);
    EXPECT_FALSE(has(hash)) << "password hash in the log";
    std::filesystem::remove_all(dir);
}
