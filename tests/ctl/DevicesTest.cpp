// SPDX-License-Identifier: Apache-2.0
// `madoguchictl devices` on this machine with the metadata settings of the kiosk
// configuration, and without. Whether a key is plugged in is the machine's business: the
// tests accept either report and look at what the command makes of the metadata.
#include "CtlFixture.h"
#include "TestPki.h"

#include <nlohmann/json.hpp>

namespace madoguchi::test {
namespace {

using devices::test::EvpPkey;
using devices::test::TestPki;
using devices::test::X509Ptr;

// The device report was printed: "no key", or one "Key N:" block per attached key.
::testing::AssertionResult listsKeys(const std::string& output) {
    if (output.find("No FIDO2 security key is attached.") != std::string::npos ||
        output.find("Key 1: ") != std::string::npos) {
        return ::testing::AssertionSuccess();
    }
    return ::testing::AssertionFailure() << "no device report in:\n" << output;
}

class Devices : public CtlFixture {
protected:
    void SetUp() override {
        CtlFixture::SetUp();
        const nlohmann::json payload = {
            {"no", 7},
            {"entries",
             {{{"aaguid", "6d61646f-6775-6368-692d-736f66740001"},
               {"metadataStatement", {{"description", "Madoguchi Soft Key"}}}},
              {{"aaguid", "2fc0579f-8113-47ea-b116-bb5a8db9202a"},
               {"metadataStatement", {{"description", "YubiKey 5 NFC"}}}}}}};
        writeFile(m_dir / "mds-root.pem", TestPki::pem(m_root.get()));
        writeFile(m_dir / "mds.jwt",
                  TestPki::mdsBlob(m_signerKey.get(), {m_signer.get()}, payload));
    }

    // The kiosk config with a [kiosk.fido2] table naming `blob`.
    std::filesystem::path configWithMetadata(const std::string& blob) {
        const auto path = writeConfig();
        writeFile(path, readFile(path) + "\n[kiosk.fido2]\nmds_blob = \"" + blob +
                            "\"\nmds_root_cert = \"mds-root.pem\"\n");
        return path;
    }

    EvpPkey m_rootKey = TestPki::newEcKey();
    X509Ptr m_root =
        TestPki::certificate("Test MDS Root", m_rootKey.get(), nullptr, m_rootKey.get(), true);
    EvpPkey m_signerKey = TestPki::newEcKey();
    X509Ptr m_signer = TestPki::certificate("Test MDS Signer", m_signerKey.get(), m_root.get(),
                                            m_rootKey.get(), false);
};

TEST_F(Devices, UsesTheConfiguredMetadataWhenAConfigIsGiven) {
    const auto config = configWithMetadata("mds.jwt");
    const CtlRun r = run("devices --config " + quote(config.string()));
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_TRUE(listsKeys(r.output));
    EXPECT_NE(r.output.find("Model names: 2 from " + (m_dir / "mds.jwt").string() + " (blob 7)"),
              std::string::npos)
        << r.output;
}

TEST_F(Devices, TakesTheConfigFromTheEnvironmentToo) {
    const auto config = configWithMetadata("mds.jwt");
    const CtlRun r = run("devices", "MADOGUCHI_CONFIG=" + quote(config.string()));
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_NE(r.output.find("Model names: 2"), std::string::npos) << r.output;
}

TEST_F(Devices, ABlobThatDoesNotVerifyIsReportedAndTheKeysAreStillListed) {
    std::string blob = readFile(m_dir / "mds.jwt");
    blob[blob.find('.') + 5] ^= 0x01; // one character of the payload
    writeFile(m_dir / "tampered.jwt", blob);
    const auto config = configWithMetadata("tampered.jwt");
    const CtlRun r = run("devices --config " + quote(config.string()));
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_NE(r.output.find("metadata not used: DeviceMetadataInvalid"), std::string::npos)
        << r.output;
    EXPECT_TRUE(listsKeys(r.output));
    EXPECT_EQ(r.output.find("Model names:"), std::string::npos);
}

TEST_F(Devices, WithoutAConfigItListsKeysWithoutNames) {
    const CtlRun r = run("devices", "MADOGUCHI_CONFIG=");
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_TRUE(listsKeys(r.output));
    EXPECT_EQ(r.output.find("Model names:"), std::string::npos);
}

TEST_F(Devices, ABrokenConfigIsAUsageError) {
    writeFile(m_dir / "broken.toml", "[kiosk\n");
    const CtlRun r = run("devices --config " + quote((m_dir / "broken.toml").string()));
    EXPECT_EQ(r.exitCode, 2) << r.output;
    EXPECT_NE(r.output.find("cannot be used"), std::string::npos) << r.output;
}

} // namespace
} // namespace madoguchi::test
