// SPDX-License-Identifier: Apache-2.0
// Two real `madoguchi-central serve` processes on one PostgreSQL database, behind the same CA,
// with several kiosks (each its own client certificate) delivering to both at once: every
// sealed result goes to both processes, results whose request failed go again, and one process
// is killed with SIGKILL mid-run. Every result is accepted exactly once, none is lost, and the
// export equals the export of a single process that received the same results one by one
// (issue 15, item 3).

#include "../engine/sync/TestPki.h"
#include "ExternalTool.h"
#include "PostgresTestEnvironment.h"
#include "SealedResults.h"
#include "WaitUntil.h"
#include "central/PostgresCentralStore.h"
#include "crypto/Base64.h"
#include "sync/HttpsCentralClient.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace madoguchi {
namespace {

using namespace std::chrono_literals;

const std::string kBinary = std::string(MADOGUCHI_BINARY_DIR) + "/central/madoguchi-central";

constexpr int kKiosks = 4;
constexpr int kPerKiosk = 12;
constexpr int kResults = kKiosks * kPerKiosk;
// Each kiosk runs two delivery threads over the same results (an outbox copy after a lost
// answer, a restarted kiosk): every result is delivered twice, each copy first to another
// process. Process A is killed when a third of those deliveries are answered.
constexpr int kCopies = 2;
constexpr int kKillAfterAnswers = kResults * kCopies / 3;

std::string readFile(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string kioskId(int k) {
    return "kiosk-0" + std::to_string(k);
}

// One `madoguchi-central serve` on a database of the run's PostgreSQL server, on a port of its
// own choosing (read back from its "listening on" log line).
class CentralProcess {
public:
    CentralProcess(const std::filesystem::path& dir, const std::string& name,
                   const std::string& connection, const std::filesystem::path& sealingKey)
        : m_config(dir / (name + ".toml")), m_log(dir / (name + ".log")) {
        const auto& pki = test::TestPki::get();
        std::ofstream(m_config)
            << "[server]\nlisten = \"127.0.0.1\"\nport = 0\ncertificate = \""
            << pki.serverCert.string() << "\"\nprivate_key = \"" << pki.serverKey.string()
            << "\"\nclient_ca = \"" << pki.kioskCa.string() << "\"\n"
            << "[storage]\nkind = \"postgresql\"\nconnection = \"" << connection << "\"\n"
            << "[sealing]\nprivate_key = \"" << sealingKey.string()
            << "\"\n"
            // Eight delivery threads from four kiosks: no rate limit in the way. A delivery the
            // killed process claimed but never finished is taken over after 2 s (not 120).
            << "[policy]\nrate_limit_per_second = 1000000.0\nrate_limit_burst = 1000000.0\n"
               "delivery_stale_after_seconds = 2\n"
            << "[logging]\nfile = \"" << m_log.string() << "\"\n";
    }
    ~CentralProcess() {
        if (m_pid > 0) {
            ::kill(m_pid, SIGKILL);
            (void)wait();
        }
    }
    CentralProcess(const CentralProcess&) = delete;
    CentralProcess& operator=(const CentralProcess&) = delete;

    // Starts it and waits until it listens; false if it exited first.
    bool start() {
        m_pid = ::fork();
        if (m_pid == 0) {
            ::execl(kBinary.c_str(), kBinary.c_str(), "serve", "--config", m_config.c_str(),
                    static_cast<char*>(nullptr));
            ::_exit(127);
        }
        if (m_pid < 0) {
            return false;
        }
        bool exited = false;
        test::waitUntil([&] {
            int status = 0;
            exited = ::waitpid(m_pid, &status, WNOHANG) == m_pid;
            return exited || (m_port = listeningPort()) != 0;
        });
        if (exited) {
            m_pid = -1;
        }
        return m_port != 0;
    }

    void signal(int sig) const { ::kill(m_pid, sig); }

    // Waits for the process to end; its wait status.
    int wait() {
        int status = 0;
        while (::waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
        }
        m_pid = -1;
        return status;
    }

    std::string url() const { return "https://127.0.0.1:" + std::to_string(m_port); }
    const std::filesystem::path& config() const { return m_config; }
    std::string log() const { return readFile(m_log); }

private:
    int listeningPort() const {
        const std::string text = readFile(m_log);
        const std::string mark = "listening on 127.0.0.1:";
        const auto at = text.find(mark);
        if (at == std::string::npos) {
            return 0;
        }
        int port = 0;
        for (auto i = at + mark.size(); i < text.size() && std::isdigit(text[i]) != 0; ++i) {
            port = port * 10 + (text[i] - '0');
        }
        return port;
    }

    std::filesystem::path m_config;
    std::filesystem::path m_log;
    pid_t m_pid = -1;
    int m_port = 0;
};

class TwoCentralProcessesTest : public ::testing::Test {
protected:
    void SetUp() override {
        static int counter = 0;
        m_dir = std::filesystem::temp_directory_path() /
                ("madoguchi-two-centrals-" + std::to_string(::getpid()) + "-" +
                 std::to_string(++counter));
        std::filesystem::create_directories(m_dir);
        m_server = test::PostgresTestServer::shared(&m_why);
        ASSERT_NE(m_server, nullptr) << m_why;
        m_sealingKey = m_dir / "seal.key";
        ASSERT_TRUE(madoguchi::testing::runCommand(kBinary + " keygen --private " +
                                                   m_sealingKey.string() + " --public " +
                                                   (m_dir / "seal.pub").string())
                        .has_value());
        const std::string publicKey = readFile(m_dir / "seal.pub");
        for (int k = 1; k <= kKiosks; ++k) {
            const auto identity = test::TestPki::get().kiosk(kioskId(k));
            m_identities.push_back(identity);
            auto& results = m_results.emplace_back();
            for (int n = 1; n <= kPerKiosk; ++n) {
                const std::string uuid = test::enrollmentUuid(n, k);
                results.push_back({uuid, kioskId(k),
                                   crypto::Base64::encode(
                                       test::sealedResult(publicKey, kioskId(k), uuid, n, k))});
            }
        }
    }
    void TearDown() override { std::filesystem::remove_all(m_dir); }

    // A fresh database holding what the results need: their members on the roster and their
    // temp logins verified at their kiosks (what verifyTempCredentials records, without the
    // PBKDF2 of a real login). Its connection string.
    std::string prepareDatabase() {
        const std::string connection = m_server->createDatabase(&m_why);
        EXPECT_FALSE(connection.empty()) << m_why;
        auto store = central::PostgresCentralStore::open(connection);
        EXPECT_TRUE(store.ok()) << (store ? "" : store.error().detail);
        if (!store) {
            return connection;
        }
        for (int k = 1; k <= kKiosks; ++k) {
            for (int n = 1; n <= kPerKiosk; ++n) {
                const std::string tempId = test::sealedTempId(n, k);
                EXPECT_TRUE((*store)->putRosterEntry(
                    {tempId, "unused", "カナ " + tempId, "M-" + tempId, 1767225600, std::nullopt}));
            }
            test::recordSealedLogins(**store, kioskId(k), 1, kPerKiosk, k);
        }
        return connection;
    }

    std::unique_ptr<sync::HttpsCentralClient> client(int kiosk, const std::string& url) const {
        sync::HttpsClientConfig c;
        c.baseUrl = url;
        c.caBundle = test::TestPki::get().serverCa;
        c.clientCert = m_identities[static_cast<std::size_t>(kiosk - 1)].cert;
        c.clientKey = m_identities[static_cast<std::size_t>(kiosk - 1)].key;
        c.proxy = std::string();
        auto made = sync::HttpsCentralClient::create(c);
        EXPECT_TRUE(made.ok());
        return made ? std::move(*made) : nullptr;
    }

    // The export of the database behind `process` (run after it stopped), its users in
    // username order: the only thing two runs may differ in is the order in which the results
    // arrived (the export lists users by arrival). Timestamps need no normalising: the users'
    // createdTimestamp/createdDate come from the sealed results, not from the arrival.
    nlohmann::json exportOf(const CentralProcess& process) const {
        const auto file = m_dir / (process.config().stem().string() + "-export.json");
        EXPECT_TRUE(madoguchi::testing::runCommand(kBinary + " export --format keycloak --config " +
                                                   process.config().string() + " --out " +
                                                   file.string())
                        .has_value());
        auto doc = nlohmann::json::parse(readFile(file), nullptr, false);
        if (doc.is_discarded() || !doc.contains("users")) {
            ADD_FAILURE() << "export unreadable: " << readFile(file);
            return {};
        }
        auto& users = doc["users"];
        std::sort(users.begin(), users.end(), [](const auto& a, const auto& b) {
            return a["username"].template get<std::string>() <
                   b["username"].template get<std::string>();
        });
        return doc;
    }

    std::filesystem::path m_dir;
    std::string m_why;
    test::PostgresTestServer* m_server = nullptr;
    std::filesystem::path m_sealingKey;
    std::vector<test::TestPki::KioskIdentity> m_identities;
    std::vector<std::vector<protocol::SubmitEnrollmentRequest>> m_results; // per kiosk
};

// What a kiosk may not retry: the same bytes can never succeed (a bug in this test).
bool permanent(ErrorCode code) {
    switch (code) {
    case ErrorCode::IdempotencyMismatch:
    case ErrorCode::EnvelopeRejected:
    case ErrorCode::UserIdTaken:
    case ErrorCode::PayloadTooLarge:
    case ErrorCode::InvalidArgument:
    case ErrorCode::RequestRefused:
    case ErrorCode::LengthRequired:
    case ErrorCode::UnsupportedMediaType:
    case ErrorCode::KioskNotAuthorized:
    case ErrorCode::NotFound:
        return true;
    default:
        return false;
    }
}

bool transport(ErrorCode code) {
    return code == ErrorCode::NetworkUnavailable || code == ErrorCode::NetworkTimeout ||
           code == ErrorCode::TlsFailure;
}

TEST_F(TwoCentralProcessesTest,
       KiosksDeliveringToBothWhileOneIsKilledGetEachResultOnceAndOneExport) {
    const std::string connection = prepareDatabase();
    ASSERT_FALSE(connection.empty());
    CentralProcess a(m_dir, "central-a", connection, m_sealingKey);
    CentralProcess b(m_dir, "central-b", connection, m_sealingKey);
    ASSERT_TRUE(a.start()) << a.log();
    ASSERT_TRUE(b.start()) << b.log();

    // Per kiosk, one client per process (each kiosk's own certificate).
    std::vector<std::array<std::unique_ptr<sync::HttpsCentralClient>, 2>> clients(kKiosks);
    for (int k = 1; k <= kKiosks; ++k) {
        clients[static_cast<std::size_t>(k - 1)] = {client(k, a.url()), client(k, b.url())};
    }

    std::mutex answersMutex;
    std::map<std::string, std::vector<protocol::SubmitEnrollmentResponse>> answers;
    std::atomic<int> answered{0};
    std::atomic<int> afterFailure{0}; // answers to a delivery whose earlier try failed
    std::atomic<int> transportFailures{0};
    std::atomic<int> permanentFailures{0};
    std::atomic<bool> killed{false};
    std::vector<std::thread> threads;
    for (int k = 1; k <= kKiosks; ++k) {
        for (int copy = 0; copy < kCopies; ++copy) {
            threads.emplace_back([&, k, copy] {
                auto& mine = clients[static_cast<std::size_t>(k - 1)];
                bool down[2] = {false, false}; // what this thread has seen of the processes
                int n = copy;
                for (const auto& request : m_results[static_cast<std::size_t>(k - 1)]) {
                    int target = n++ % 2; // the two copies of a result go to both processes
                    bool failedBefore = false;
                    // Until a final answer, as the outbox does. The bound only stops a hang.
                    for (int attempt = 0; attempt < 6000; ++attempt) {
                        if (down[target]) {
                            target = 1 - target;
                        }
                        auto reply =
                            mine[static_cast<std::size_t>(target)]->submitEnrollment(request);
                        if (reply.ok()) {
                            if (failedBefore) {
                                afterFailure.fetch_add(1);
                            }
                            {
                                std::lock_guard lock(answersMutex);
                                answers[request.enrollmentId].push_back(*reply);
                            }
                            if (answered.fetch_add(1) + 1 == kKillAfterAnswers) {
                                // Mid-run: the other threads have requests on their way.
                                a.signal(SIGKILL);
                                killed = true;
                            }
                            break;
                        }
                        if (permanent(reply.code())) {
                            permanentFailures.fetch_add(1);
                            ADD_FAILURE() << request.enrollmentId << ": " << reply.error().detail;
                            break;
                        }
                        failedBefore = true;
                        if (transport(reply.code())) {
                            // The process is gone: this kiosk retries against the other.
                            transportFailures.fetch_add(1);
                            down[target] = true;
                        } else {
                            // 409 in flight (the other copy, or a claim of the killed process
                            // until it is stale), 503: again, at the other process if it is up.
                            target = 1 - target;
                            std::this_thread::sleep_for(20ms);
                        }
                    }
                }
            });
        }
    }
    for (auto& t : threads) {
        t.join();
    }
    ASSERT_TRUE(killed.load());
    const int statusA = a.wait();
    EXPECT_TRUE(WIFSIGNALED(statusA) && WTERMSIG(statusA) == SIGKILL);
    b.signal(SIGTERM);
    const int statusB = b.wait();
    EXPECT_TRUE(WIFEXITED(statusB) && WEXITSTATUS(statusB) == 0) << b.log();
    EXPECT_EQ(permanentFailures.load(), 0);
    std::printf("%d deliveries answered, %d of them after a failed try; %d refused connections\n",
                answered.load(), afterFailure.load(), transportFailures.load());
    // After the kill, each kiosk thread with results left for A met a refused connection and
    // delivered them to B (at least one thread had two results left: one of them was A's).
    EXPECT_GT(transportFailures.load(), 0);
    EXPECT_GT(afterFailure.load(), 0);

    // Every copy of every result was answered "accepted", all copies alike; at most one of
    // them was the first (none, when A recorded it and died before answering).
    ASSERT_EQ(static_cast<int>(answers.size()), kResults);
    for (const auto& [id, replies] : answers) {
        EXPECT_EQ(static_cast<int>(replies.size()), kCopies) << id;
        int fresh = 0;
        for (const auto& reply : replies) {
            EXPECT_EQ(reply.status, protocol::EnrollmentStatus::Accepted) << id;
            EXPECT_EQ(reply.receivedAt, replies.front().receivedAt) << id;
            fresh += reply.replayed ? 0 : 1;
        }
        EXPECT_LE(fresh, 1) << id;
    }
    // One record per result in the database, all accepted, and no staff item (no duplicate
    // registration, no refusal).
    auto store = central::PostgresCentralStore::open(connection);
    ASSERT_TRUE(store.ok());
    auto records = (*store)->listEnrollments();
    ASSERT_TRUE(records.ok());
    EXPECT_EQ(static_cast<int>(records->size()), kResults);
    for (const auto& r : *records) {
        EXPECT_EQ(r.status, "accepted") << r.enrollmentId;
        EXPECT_TRUE(answers.contains(r.enrollmentId)) << r.enrollmentId;
        EXPECT_EQ((*store)->countEnrollments(r.enrollmentId).value(), 1) << r.enrollmentId;
    }
    auto staff = (*store)->listStaffItems(true);
    ASSERT_TRUE(staff.ok());
    EXPECT_TRUE(staff->empty()) << staff->front().kind << ": " << staff->front().detail;

    // The same results through one process, one by one, on a fresh database.
    CentralProcess single(m_dir, "central-single", prepareDatabase(), m_sealingKey);
    ASSERT_TRUE(single.start()) << single.log();
    for (int k = 1; k <= kKiosks; ++k) {
        auto mine = client(k, single.url());
        for (const auto& request : m_results[static_cast<std::size_t>(k - 1)]) {
            auto reply = mine->submitEnrollment(request);
            ASSERT_TRUE(reply.ok()) << reply.error().detail;
            EXPECT_EQ(reply->status, protocol::EnrollmentStatus::Accepted);
        }
    }
    single.signal(SIGTERM);
    (void)single.wait();

    const auto two = exportOf(b);
    const auto one = exportOf(single);
    ASSERT_EQ(two["users"].size(), static_cast<std::size_t>(kResults));
    EXPECT_EQ(two, one) << "two processes:\n" << two.dump(1) << "\none process:\n" << one.dump(1);
}

} // namespace
} // namespace madoguchi
