// SPDX-License-Identifier: Apache-2.0
// `madoguchictl config init`, run as IT runs it, then `config check` and `selftest` on what
// it wrote.
#include "../engine/sync/TestPki.h"
#include "Contains.h"
#include "CtlFixture.h"
#include "crypto/PasswordHasher.h"

#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <fstream>
#include <regex>
#include <spawn.h>
#include <sstream>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>

extern char** environ;

namespace madoguchi::test {
namespace {

namespace fs = std::filesystem;

class ConfigInit : public CtlFixture {
protected:
    void SetUp() override {
        CtlFixture::SetUp();
        m_target = m_dir / "etc" / "kiosk.toml";
        fs::create_directories(m_target.parent_path());
    }

    // Every argument IT gives, for the fixture's current PKI and `centralUrl`.
    std::string initArguments(const std::string& centralUrl) const {
        return "config init --config " + quote(m_target.string()) +           //
               " --kiosk-id " + quote(m_files.kioskId) +                      //
               " --central-url " + quote(centralUrl) +                        //
               " --ca-bundle " + quote(m_files.caBundle.string()) +           //
               " --client-cert " + quote(m_files.clientCert.string()) +       //
               " --client-key " + quote(m_files.clientKey.string()) +         //
               " --sealing-key " + quote(m_files.sealingPublicKey.string()) + //
               " --profile " +
               quote(std::string(MADOGUCHI_SOURCE_DIR) +  //
                     "/assets/profiles/itc-kenpo.toml") + //
               " --language en --store-path " +
               quote(m_storePath.string()) + //
               " --log-path " + quote((m_dir / "kiosk.log").string());
    }
    // The staff PIN goes in on standard input, as IT would type or pipe it.
    CtlRun init(const std::string& centralUrl, const std::string& extra = "") const {
        writeFile(m_dir / "pin.txt", "246810\n");
        return run(initArguments(centralUrl) + " --staff-pin-stdin " + extra + " < " +
                   quote((m_dir / "pin.txt").string()));
    }
    std::string targetArg() const { return "--config " + quote(m_target.string()); }

    fs::path m_target;
};

TEST_F(ConfigInit, WritesAConfigThatConfigCheckAcceptsWithMode0640) {
    const CtlRun r = init("https://central.example.jp:8443");
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_TRUE(contains(r.output, "Written: " + m_target.string())) << r.output;
    struct stat info {};
    ASSERT_EQ(::stat(m_target.c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0640U);
    EXPECT_FALSE(fs::exists(m_target.string() + ".init-tmp"));

    const CtlRun check = run("config check " + targetArg());
    EXPECT_EQ(check.exitCode, 0) << check.output;
    const std::string text = readFile(m_target);
    EXPECT_TRUE(contains(text, "url = \"https://central.example.jp:8443\"")) << text;
    EXPECT_TRUE(contains(text, "language = \"en\"")) << text;
}

TEST_F(ConfigInit, StoresOnlyASlowHashOfTheStaffPin) {
    ASSERT_EQ(init("https://central.example.jp").exitCode, 0);
    const std::string text = readFile(m_target);
    EXPECT_FALSE(contains(text, "246810")) << text;
    const auto at = text.find("staff_pin_hash = \"");
    ASSERT_NE(at, std::string::npos) << text;
    const auto start = at + std::string("staff_pin_hash = \"").size();
    const std::string record = text.substr(start, text.find('"', start) - start);
    EXPECT_EQ(record.rfind("pbkdf2-sha256$600000$", 0), 0U) << record;
    auto right = crypto::PasswordHasher::verify(record, SecureBuffer::fromText("246810"));
    ASSERT_TRUE(right.ok());
    EXPECT_TRUE(*right);
    auto wrong = crypto::PasswordHasher::verify(record, SecureBuffer::fromText("246811"));
    ASSERT_TRUE(wrong.ok());
    EXPECT_FALSE(*wrong);
}

TEST_F(ConfigInit, RefusesToOverwriteAnExistingFileUnlessForced) {
    writeFile(m_target, "# IT's hand-made file\n");
    const CtlRun refused = init("https://central.example.jp");
    EXPECT_EQ(refused.exitCode, 1) << refused.output;
    EXPECT_TRUE(contains(refused.output, "--force")) << refused.output;
    EXPECT_EQ(readFile(m_target), "# IT's hand-made file\n");

    const CtlRun forced = init("https://central.example.jp", "--force");
    EXPECT_EQ(forced.exitCode, 0) << forced.output;
    EXPECT_TRUE(contains(readFile(m_target), "[kiosk.central]"));
}

TEST_F(ConfigInit, WritesNothingWhenTheCheckFindsAProblem) {
    const CtlRun r = init("http://central.example.jp");
    EXPECT_EQ(r.exitCode, 1) << r.output;
    EXPECT_TRUE(contains(r.output, "Problem: kiosk.central.url: must be an https:// URL"))
        << r.output;
    // The problem names the file IT asked for, and neither it nor the temporary is left.
    EXPECT_TRUE(contains(r.output, m_target.string() + ":")) << r.output;
    EXPECT_FALSE(fs::exists(m_target));
    EXPECT_FALSE(fs::exists(m_target.string() + ".init-tmp"));
}

TEST_F(ConfigInit, AcceptsACertificateNotYetInPlaceAndSelftestNamesIt) {
    m_files.clientCert = m_dir / "no-such.pem";
    fs::remove(m_dir / "kiosk.pem");
    const CtlRun r = init("https://central.example.jp");
    // A missing certificate file is for selftest to report (the kiosk may get it later);
    // the configuration itself is valid.
    EXPECT_EQ(r.exitCode, 0) << r.output;
    const CtlRun selftest = run("selftest --offline " + targetArg());
    EXPECT_EQ(selftest.exitCode, 1) << selftest.output;
    EXPECT_TRUE(contains(selftest.output, "FAIL  Client certificate: cannot read"))
        << selftest.output;
}

TEST_F(ConfigInit, NeedsExactlyOneWayToGiveTheStaffPin) {
    const CtlRun none = run(initArguments("https://central.example.jp"));
    EXPECT_EQ(none.exitCode, 2) << none.output;
    EXPECT_TRUE(contains(none.output, "--staff-pin-stdin")) << none.output;
    writeFile(m_dir / "short.txt", "12\n");
    const CtlRun shortPin = run(initArguments("https://central.example.jp") +
                                " --staff-pin-stdin < " + quote((m_dir / "short.txt").string()));
    EXPECT_EQ(shortPin.exitCode, 1) << shortPin.output;
    EXPECT_FALSE(fs::exists(m_target));
}

TEST_F(ConfigInit, ThenSelftestPassesWhileCentralRunsAndFailsOnItsLineWhenItStops) {
    startCentral();
    if (HasFatalFailure()) {
        return;
    }
    const CtlRun written = init(m_front->url());
    ASSERT_EQ(written.exitCode, 0) << written.output;

    const CtlRun up = run("selftest " + targetArg());
    EXPECT_EQ(up.exitCode, 0) << up.output;
    EXPECT_TRUE(contains(up.output, "PASS  Configuration: loaded " + m_target.string()))
        << up.output;
    EXPECT_TRUE(contains(up.output, "PASS  Central service: " + m_front->url())) << up.output;
    EXPECT_TRUE(contains(up.output, "Self-test passed")) << up.output;

    m_front->stop();
    const CtlRun down = run("selftest " + targetArg());
    EXPECT_EQ(down.exitCode, 1) << down.output;
    EXPECT_TRUE(contains(down.output,
                         "FAIL  Central service: " + m_front->url() + " answered no health check"))
        << down.output;
    // Only that line fails: the rest of the kiosk is fine.
    EXPECT_TRUE(contains(down.output, "Self-test FAILED: 1 check failed")) << down.output;
}

std::string readText(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// The real madoguchi-central binary as IT runs it (`serve --config central.toml`), on a free
// loopback port, with the shared test PKI and a sealing key from its own `keygen`.
class CentralProcess {
public:
    explicit CentralProcess(const fs::path& dir) : m_dir(dir) {}
    ~CentralProcess() { stop(); }
    CentralProcess(const CentralProcess&) = delete;
    CentralProcess& operator=(const CentralProcess&) = delete;

    static std::string binary() {
        return std::string(MADOGUCHI_BINARY_DIR) + "/central/madoguchi-central";
    }

    // Gives the URL once the server says it listens; empty if it did not start.
    std::string start() {
        const TestPki& pki = TestPki::get();
        const std::string keygen = CtlFixture::quote(binary()) + " keygen --private " +
                                   CtlFixture::quote((m_dir / "seal.key").string()) + " --public " +
                                   CtlFixture::quote(sealingPublicKey().string()) +
                                   " >/dev/null 2>&1";
        if (std::system(keygen.c_str()) != 0) {
            return {};
        }
        std::ofstream(m_dir / "central.toml")
            << "[server]\nlisten = \"127.0.0.1\"\nport = 0\n"
            << "certificate = \"" << pki.serverCert.string() << "\"\n"
            << "private_key = \"" << pki.serverKey.string() << "\"\n"
            << "client_ca = \"" << pki.kioskCa.string() << "\"\n"
            << "[storage]\ndatabase = \"" << (m_dir / "central.db").string() << "\"\n"
            << "[sealing]\nprivate_key = \"" << (m_dir / "seal.key").string() << "\"\n";
        const std::string config = (m_dir / "central.toml").string();
        const std::string log = (m_dir / "central.log").string();
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 2, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                         0600);
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
        std::string exe = binary();
        std::string serve = "serve";
        std::string flag = "--config";
        std::string value = config;
        char* argv[] = {exe.data(), serve.data(), flag.data(), value.data(), nullptr};
        const int rc = posix_spawn(&m_pid, exe.c_str(), &actions, nullptr, argv, environ);
        posix_spawn_file_actions_destroy(&actions);
        if (rc != 0) {
            m_pid = -1;
            return {};
        }
        // Readiness, not timing: wait (at most 30 s) for the line naming the bound port.
        const std::regex listening("listening on 127\\.0\\.0\\.1:([0-9]+)");
        for (int i = 0; i < 600; ++i) {
            std::smatch match;
            const std::string text = readText(log);
            if (std::regex_search(text, match, listening)) {
                return "https://127.0.0.1:" + match[1].str();
            }
            int status = 0;
            if (waitpid(m_pid, &status, WNOHANG) == m_pid) {
                m_pid = -1;
                return {};
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return {};
    }

    // SIGTERM, as systemctl stop sends; gives the exit status.
    int stop() {
        if (m_pid <= 0) {
            return -1;
        }
        ::kill(m_pid, SIGTERM);
        int status = 0;
        waitpid(m_pid, &status, 0);
        m_pid = -1;
        return status;
    }

    fs::path sealingPublicKey() const { return m_dir / "seal-public.pem"; }
    std::string log() const { return readText(m_dir / "central.log"); }

private:
    fs::path m_dir;
    pid_t m_pid = -1;
};

TEST_F(ConfigInit, ThenSelftestPassesAgainstTheMadoguchiCentralBinaryAndFailsOnceItStops) {
    CentralProcess central(m_dir);
    const std::string url = central.start();
    ASSERT_FALSE(url.empty()) << central.log();
    const TestPki& pki = TestPki::get();
    m_files = {"kiosk-01", pki.serverCa, pki.clientCert, pki.clientKey, central.sealingPublicKey()};
    const CtlRun written = init(url);
    ASSERT_EQ(written.exitCode, 0) << written.output;

    const CtlRun up = run("selftest " + targetArg());
    EXPECT_EQ(up.exitCode, 0) << up.output << central.log();
    EXPECT_TRUE(contains(up.output, "PASS  Central service: " + url + " is ok")) << up.output;
    EXPECT_TRUE(contains(up.output, "Self-test passed")) << up.output;

    const int status = central.stop();
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
    const CtlRun down = run("selftest " + targetArg());
    EXPECT_EQ(down.exitCode, 1) << down.output;
    // The checklist's Central service line fails, and only it.
    std::size_t failLines = 0;
    for (std::size_t at = down.output.find("FAIL  "); at != std::string::npos;
         at = down.output.find("FAIL  ", at + 1)) {
        ++failLines;
    }
    EXPECT_EQ(failLines, 1U) << down.output;
    EXPECT_TRUE(
        contains(down.output, "FAIL  Central service: " + url + " answered no health check"))
        << down.output;
    EXPECT_TRUE(contains(down.output, "Self-test FAILED: 1 check failed")) << down.output;
}

} // namespace
} // namespace madoguchi::test
