// SPDX-License-Identifier: Apache-2.0
#include "CtlFixture.h"

#include "../engine/sync/TestPki.h"
#include "../integration/SealedResults.h"
#include "OutboxSamples.h"
#include "crypto/SealingKeyPair.h"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <sys/wait.h>

namespace madoguchi::test {

namespace fs = std::filesystem;

void CtlFixture::SetUp() {
    std::string pattern = (fs::temp_directory_path() / "madoguchi-ctl-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    m_dir = pattern;
    m_storePath = m_dir / "store" / "kiosk.db";
    fs::create_directories(m_storePath.parent_path());
    const std::string d = quote(m_dir.string());
    const std::string script =
        "cd " + d +
        " && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes"
        " -keyout ca.key -out ca.pem -days 30 -subj /CN=ctl-test-ca"
        " && openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes"
        " -keyout kiosk.key -out kiosk.csr -subj /CN=" +
        std::string(kKioskId) +
        " && openssl x509 -req -in kiosk.csr -CA ca.pem -CAkey ca.key -CAcreateserial"
        " -out kiosk.pem -days 30"
        " && openssl genpkey -algorithm X25519 -out sealing.key"
        " && openssl pkey -in sealing.key -pubout -out sealing-public.pem";
    ASSERT_EQ(std::system(("(" + script + ") >/dev/null 2>&1").c_str()), 0)
        << "openssl could not make the test PKI";
    m_files = {kKioskId, m_dir / "ca.pem", m_dir / "kiosk.pem", m_dir / "kiosk.key",
               m_dir / "sealing-public.pem"};
    writeConfig();
}

void CtlFixture::TearDown() {
    m_front.reset();
    m_central.reset();
    std::error_code ec;
    fs::remove_all(m_dir, ec);
}

std::string CtlFixture::quote(const std::string& text) {
    std::string quoted = "'";
    for (char c : text) {
        quoted += (c == '\'') ? std::string("'\\''") : std::string(1, c);
    }
    return quoted + "'";
}

CtlRun CtlFixture::run(const std::string& arguments, const std::string& environment) {
    const std::string command = (environment.empty() ? "" : "env " + environment + " ") +
                                quote(MADOGUCHICTL_PATH) + " " + arguments + " 2>&1";
    FILE* pipe = popen(command.c_str(), "r");
    CtlRun result;
    if (pipe == nullptr) {
        return result;
    }
    std::array<char, 4096> buffer{};
    std::size_t n = 0;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
        result.output.append(buffer.data(), n);
    }
    const int status = pclose(pipe);
    result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

fs::path CtlFixture::writeConfig(const std::string& centralUrl) {
    const std::string d = m_dir.string();
    std::ostringstream text;
    text << "# Written by the madoguchictl tests, after assets/profiles/demo-kiosk.toml.\n"
         << "profile = \"" << MADOGUCHI_SOURCE_DIR << "/assets/profiles/itc-kenpo.toml\"\n"
         << "\n[kiosk]\n"
         << "id = \"" << m_files.kioskId << "\"\n"
         << "language = \"ja\"\n"
         << "store_path = \"" << m_storePath.string() << "\"\n"
         << "log_path = \"" << d << "/madoguchi.log\"\n"
         << "log_level = \"info\"\n"
         << "staff_pin_hash = "
            "\"pbkdf2-sha256$600000$bWFkb2d1Y2hpLWRlbW8hIQ==$"
            "0HgLs7SyuJe3m4HYqov3gpN4A6lFaj+wK0T7VNAAAb0=\"\n"
         << "\n[kiosk.central]\n"
         << "url = \"" << centralUrl << "\"\n"
         << "ca_bundle = \"" << m_files.caBundle.string() << "\"\n"
         << "client_cert = \"" << m_files.clientCert.string() << "\"\n"
         << "client_key = \"" << m_files.clientKey.string() << "\"\n"
         << "sealing_public_key = \"" << m_files.sealingPublicKey.string() << "\"\n"
         << "\n[kiosk.timeouts]\n"
         << "inactivity_seconds = 120\n"
         << "inactivity_warning_seconds = 30\n"
         << "network_seconds = 5\n"
         << "\n[kiosk.otp]\n"
         << "max_attempts = 5\n";
    m_configPath = m_dir / "kiosk.toml";
    writeFile(m_configPath, text.str());
    return m_configPath;
}

void CtlFixture::startCentral() {
    auto keys = crypto::SealingKeyPair::generate();
    ASSERT_TRUE(keys.ok());
    m_centralPublicKeyPem = keys->publicKeyPem;
    central::CentralOptions options;
    options.openingKeyPem = std::move(keys->privateKeyPem);
    auto service = central::CentralService::openInMemory(std::move(options));
    ASSERT_TRUE(service.ok()) << service.error().detail;
    m_central = std::move(service.value());
    const TestPki& pki = TestPki::get();
    m_front = std::make_unique<RealCentral>(*m_central, pki.serverCert, pki.serverKey, pki.kioskCa);
    m_front->start();
    const fs::path sealing = m_dir / "central-sealing-public.pem";
    writeFile(sealing, m_centralPublicKeyPem);
    m_files = {"kiosk-01", pki.serverCa, pki.clientCert, pki.clientKey, sealing};
    writeConfig(m_front->url());
}

void CtlFixture::queueSealedResults(int count) {
    store::LocalStore kiosk = openStore();
    test::queueSealedResults(kiosk, m_centralPublicKeyPem, m_files.kioskId, 1, count);
    if (m_central) {
        test::recordSealedLogins(m_central->store(), m_files.kioskId, 1, count);
    }
}

store::StepCommit CtlFixture::sampleStep(int n) {
    char uuid[40];
    std::snprintf(uuid, sizeof uuid, "00000000-0000-4000-8000-%012d", n);
    store::StepCommit step;
    step.at = store::TimePoint(std::chrono::milliseconds(1'714'555'800'000 + n));
    step.enrollment.uuid = uuid;
    step.enrollment.createdAt = step.at - std::chrono::seconds(60);
    step.enrollment.updatedAt = step.at;
    step.enrollment.state = "basic_done";
    step.enrollment.userId = "member" + std::to_string(n);
    step.outbox = test::submissionDraft(
        uuid, "kiosk-01", std::vector<std::uint8_t>(120, static_cast<std::uint8_t>(n)));
    step.audit = {"step_committed", uuid, "state=basic_done"};
    return step;
}

store::LocalStore CtlFixture::openStore() const {
    Result<store::LocalStore> opened = store::LocalStore::open(m_storePath);
    EXPECT_TRUE(opened.ok()) << (opened ? "" : opened.error().detail);
    return std::move(opened).value();
}

std::string CtlFixture::readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

void CtlFixture::writeFile(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
}

} // namespace madoguchi::test
