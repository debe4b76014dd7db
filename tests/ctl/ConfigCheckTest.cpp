// SPDX-License-Identifier: Apache-2.0
#include "CtlFixture.h"

#include <sstream>

namespace madoguchi::test {
namespace {

using ConfigCheck = CtlFixture;

// 1-based number of the first line of `text` that starts with `prefix`; 0 if none.
int lineStartingWith(const std::string& text, const std::string& prefix) {
    std::istringstream in(text);
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
        if (line.rfind(prefix, 0) == 0) {
            return n;
        }
    }
    return 0;
}

TEST_F(ConfigCheck, SaysOkForAGoodConfig) {
    const CtlRun r = run("config check " + configArg());
    EXPECT_EQ(r.exitCode, 0) << r.output;
    EXPECT_NE(r.output.find("OK"), std::string::npos) << r.output;
    EXPECT_EQ(r.output.find("Problem"), std::string::npos) << r.output;
}

TEST_F(ConfigCheck, NamesTheKeyFileAndLineOfEachProblem) {
    std::string text = readFile(m_configPath);
    const std::string good = "inactivity_seconds = 120";
    text.replace(text.find(good), good.size(), "inactivity_seconds = 5");
    text += "\n[kiosk.misspelt]\nsome_key = 1\n";
    writeFile(m_configPath, text);
    const int timeoutLine = lineStartingWith(text, "inactivity_seconds = 5");
    ASSERT_GT(timeoutLine, 0);

    const CtlRun r = run("config check " + configArg());
    EXPECT_EQ(r.exitCode, 1) << r.output;
    EXPECT_NE(r.output.find("kiosk.timeouts.inactivity_seconds"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("kiosk.toml:" + std::to_string(timeoutLine) + ")"), std::string::npos)
        << r.output;
    EXPECT_NE(r.output.find("misspelt"), std::string::npos) << r.output;
    EXPECT_EQ(r.output.find("OK"), std::string::npos) << r.output;
}

TEST_F(ConfigCheck, FailsForAMissingFile) {
    const CtlRun r = run("config check --config " + quote((m_dir / "absent.toml").string()));
    EXPECT_EQ(r.exitCode, 1) << r.output;
    EXPECT_NE(r.output.find("absent.toml"), std::string::npos) << r.output;
}

TEST_F(ConfigCheck, TakesThePathFromMadoguchiConfigWhenNoOptionIsGiven) {
    std::string text = readFile(m_configPath);
    text += "\n[kiosk.misspelt]\n";
    writeFile(m_configPath, text);
    const CtlRun r = run("config check", "MADOGUCHI_CONFIG=" + quote(m_configPath.string()));
    EXPECT_EQ(r.exitCode, 1) << r.output;
    EXPECT_NE(r.output.find(m_configPath.string()), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("misspelt"), std::string::npos) << r.output;
}

TEST_F(ConfigCheck, WarnsWhenAaguidsAreAllowedWithoutAttestationRoots) {
    const std::string base = readFile(m_configPath);
    const std::string allow =
        "\n[kiosk.fido2]\naaguid_allow = [\"cb69481e-8ff7-4039-93ec-0a2729a154a8\"]\n";
    writeFile(m_configPath, base + allow);
    CtlRun r = run("config check " + configArg());
    EXPECT_EQ(r.exitCode, 0) << "a warning, not a problem: " << r.output;
    EXPECT_NE(r.output.find("Warning: kiosk.fido2.aaguid_allow"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("attestation_roots"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("OK"), std::string::npos) << r.output;

    // With roots to verify the attestation against, the AAGUID is no longer self-asserted.
    writeFile(m_configPath,
              base + allow + "attestation_roots = [" + quote(m_files.caBundle.string()) + "]\n");
    r = run("config check " + configArg());
    EXPECT_EQ(r.exitCode, 0) << r.output;
    EXPECT_EQ(r.output.find("Warning"), std::string::npos) << r.output;

    // Without aaguid_allow there is nothing to warn about.
    writeFile(m_configPath, base);
    r = run("config check " + configArg());
    EXPECT_EQ(r.exitCode, 0) << r.output;
    EXPECT_EQ(r.output.find("Warning"), std::string::npos) << r.output;
}

} // namespace
} // namespace madoguchi::test
