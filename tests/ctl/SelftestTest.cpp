// SPDX-License-Identifier: Apache-2.0
#include "Contains.h"
#include "CtlFixture.h"

#include <cstdlib>

namespace madoguchi::test {
namespace {

using Selftest = CtlFixture;

// The line of the checklist for `what` ("PASS  Client key: ..."), or "" if absent.
std::string checkLine(const std::string& output, const std::string& what) {
    for (const char* verdict : {"PASS  ", "FAIL  ", "SKIP  "}) {
        const std::string head = std::string(verdict) + what + ":";
        const auto at = output.find(head);
        if (at != std::string::npos) {
            return output.substr(at, output.find('\n', at) - at);
        }
    }
    return {};
}

void openssl(const std::filesystem::path& dir, const std::string& command) {
    const std::string line =
        "cd " + CtlFixture::quote(dir.string()) + " && " + command + " >/dev/null 2>&1";
    ASSERT_EQ(std::system(line.c_str()), 0) << command;
}

TEST_F(Selftest, PassesOfflineOnAFreshlyInstalledKiosk) {
    const CtlRun r = run("selftest --offline " + configArg());
    EXPECT_EQ(r.exitCode, 0) << r.output;
    EXPECT_EQ(checkLine(r.output, "Configuration").rfind("PASS", 0), 0U) << r.output;
    EXPECT_TRUE(contains(checkLine(r.output, "Store"), "not created yet")) << r.output;
    EXPECT_TRUE(contains(checkLine(r.output, "Password blocklist"), "entries")) << r.output;
    EXPECT_TRUE(contains(checkLine(r.output, "Client certificate"), "CN=ctl-test-kiosk"))
        << r.output;
    EXPECT_EQ(checkLine(r.output, "Client key").rfind("PASS", 0), 0U) << r.output;
    EXPECT_EQ(checkLine(r.output, "Sealing public key").rfind("PASS", 0), 0U) << r.output;
    EXPECT_EQ(checkLine(r.output, "Central service").rfind("SKIP", 0), 0U) << r.output;
    EXPECT_TRUE(contains(r.output, "Self-test passed")) << r.output;
}

TEST_F(Selftest, ReachesTheCentralServiceOverMutualTls) {
    startCentral();
    if (HasFatalFailure()) {
        return;
    }
    const CtlRun r = run("selftest " + configArg());
    EXPECT_EQ(r.exitCode, 0) << r.output;
    const std::string central = checkLine(r.output, "Central service");
    EXPECT_EQ(central.rfind("PASS", 0), 0U) << r.output;
    EXPECT_TRUE(contains(central, "clocks differ by")) << central;
}

TEST_F(Selftest, FailsWhenTheCentralServiceCannotBeReached) {
    const CtlRun r = run("selftest " + configArg());
    EXPECT_EQ(r.exitCode, 1) << r.output;
    EXPECT_EQ(checkLine(r.output, "Central service").rfind("FAIL", 0), 0U) << r.output;
    EXPECT_TRUE(contains(r.output, "Self-test FAILED: 1 check failed")) << r.output;
}

TEST_F(Selftest, NamesACertificateIssuedToAnotherKiosk) {
    openssl(m_dir, "openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes"
                   " -keyout other.key -out other.csr -subj /CN=another-kiosk"
                   " && openssl x509 -req -in other.csr -CA ca.pem -CAkey ca.key"
                   " -CAcreateserial -out kiosk.pem -days 30");
    const CtlRun r = run("selftest --offline " + configArg());
    EXPECT_EQ(r.exitCode, 1) << r.output;
    const std::string cert = checkLine(r.output, "Client certificate");
    EXPECT_EQ(cert.rfind("FAIL", 0), 0U) << r.output;
    EXPECT_TRUE(contains(cert, "another-kiosk")) << cert;
    // The kiosk's old key no longer belongs to the new certificate.
    EXPECT_TRUE(contains(checkLine(r.output, "Client key"), "does not belong")) << r.output;
}

TEST_F(Selftest, NamesAnExpiredCertificate) {
    // -days -1: valid from now until yesterday, i.e. expired.
    openssl(m_dir, "openssl x509 -req -in kiosk.csr -CA ca.pem -CAkey ca.key -CAcreateserial"
                   " -out kiosk.pem -days -1");
    const CtlRun r = run("selftest --offline " + configArg());
    EXPECT_EQ(r.exitCode, 1) << r.output;
    const std::string cert = checkLine(r.output, "Client certificate");
    EXPECT_EQ(cert.rfind("FAIL", 0), 0U) << r.output;
    EXPECT_TRUE(contains(cert, "expired on 20")) << cert;
}

TEST_F(Selftest, RefusesASealingKeyThatIsNotX25519) {
    openssl(m_dir, "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out p256.key"
                   " && openssl pkey -in p256.key -pubout -out sealing-public.pem");
    const CtlRun r = run("selftest --offline " + configArg());
    EXPECT_EQ(r.exitCode, 1) << r.output;
    EXPECT_TRUE(contains(checkLine(r.output, "Sealing public key"), "not an X25519 key"))
        << r.output;
}

TEST_F(Selftest, ChecksTheIntegrityAndAuditChainOfAnExistingStore) {
    {
        store::LocalStore kiosk = openStore();
        ASSERT_TRUE(kiosk.commitStep(sampleStep(1)).ok());
    }
    const CtlRun r = run("selftest --offline " + configArg());
    EXPECT_EQ(r.exitCode, 0) << r.output;
    EXPECT_EQ(checkLine(r.output, "Store integrity").rfind("PASS", 0), 0U) << r.output;
    EXPECT_EQ(checkLine(r.output, "Audit chain").rfind("PASS", 0), 0U) << r.output;
}

TEST_F(Selftest, ReportsAMissingConfigurationWithoutCrashing) {
    const CtlRun r = run("selftest --offline --config " + quote((m_dir / "nope.toml").string()));
    EXPECT_EQ(r.exitCode, 1) << r.output;
    EXPECT_EQ(checkLine(r.output, "Configuration").rfind("FAIL", 0), 0U) << r.output;
    EXPECT_TRUE(contains(r.output, "config check")) << r.output;
}

} // namespace
} // namespace madoguchi::test
