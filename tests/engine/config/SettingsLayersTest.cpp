// SPDX-License-Identifier: Apache-2.0
// The settings layers around kiosk.toml, with a test double for the Windows registry:
// defaults < HKLM\SOFTWARE\Madoguchi < kiosk.toml < HKLM\SOFTWARE\Policies\Madoguchi.
#include "ScratchDir.h"
#include "config/Config.h"
#include "config/SettingsSource.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>

using madoguchi::config::Config;
using madoguchi::config::Language;
using madoguchi::config::SettingsLayers;
using madoguchi::config::SettingsSource;
using madoguchi::test::ScratchDir;

namespace {

// Stands for one registry key: value name → REG_SZ data.
class FakeRegistryKey final : public SettingsSource {
public:
    FakeRegistryKey(std::string name, std::map<std::string, std::string, std::less<>> values)
        : m_name(std::move(name)), m_values(std::move(values)) {}
    std::string describe() const override { return m_name; }
    std::optional<std::string> value(std::string_view name) const override {
        auto it = m_values.find(name);
        if (it == m_values.end() || it->second.empty()) {
            return std::nullopt;
        }
        return it->second;
    }

private:
    std::string m_name;
    std::map<std::string, std::string, std::less<>> m_values;
};

const std::string kProfile = R"([organisation]
name = "テスト健康保険組合"
portal_url = "https://portal.example.jp/login"
contact_email = "help@example.jp"
[organisation.otp]
issuer = "テスト健保"
default_device_name = "テスト健保"
[organisation.terms]
file_ja = "terms-ja.txt"
version = "v7"
[organisation.fido2]
rp_id = "example.jp"
rp_name = "テスト健保ポータル"
[organisation.apps.google_authenticator]
app_store = "https://apps.apple.com/jp/app/google-authenticator/id388497605"
google_play = "https://play.google.com/store/apps/details?id=com.google.android.apps.authenticator2"
[organisation.apps.microsoft_authenticator]
app_store = "https://apps.apple.com/jp/app/microsoft-authenticator/id983156458"
google_play = "https://play.google.com/store/apps/details?id=com.azure.authenticator"
)";

// kiosk.toml as a Windows kiosk may have it: what the MSI's properties carry is left out.
const std::string kMinimalKiosk = R"([kiosk]
store_path = "kiosk.db"
log_path = "kiosk.log"
staff_pin_hash = "pbkdf2-sha256$600000$bWFkb2d1Y2hpLWRlbW8hIQ==$0HgLs7SyuJe3m4HYqov3gpN4A6lFaj+wK0T7VNAAAb0="
)";

const std::map<std::string, std::string, std::less<>> kInstallerValues{
    {"CentralUrl", "https://central.example.jp:8443"},
    {"KioskId", "kiosk-from-msi"},
    {"ClientCert", "pki/kiosk.pem"},
    {"ClientKey", "pki/kiosk.key"},
    {"CaBundle", "pki/ca.pem"},
    {"SealingPublicKey", "pki/sealing.pem"},
    {"OrgProfile", "profile.toml"},
    {"Language", "en"},
};

class SettingsLayersTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::ofstream(m_dir.file("terms-ja.txt")) << "利用規約\n";
        std::ofstream(m_dir.file("profile.toml"), std::ios::binary) << kProfile;
    }
    void writeKiosk(const std::string& text) {
        std::ofstream(m_dir.file("kiosk.toml"), std::ios::binary) << text;
    }
    std::filesystem::path kioskFile() const { return m_dir.file("kiosk.toml"); }

    ScratchDir m_dir;
    FakeRegistryKey m_installer{"HKLM\\SOFTWARE\\Madoguchi", kInstallerValues};
};

TEST_F(SettingsLayersTest, InstallerValuesFillWhatTheFileLeavesOut) {
    writeKiosk(kMinimalKiosk);
    auto config = Config::loadFile(kioskFile(), SettingsLayers{&m_installer, nullptr});
    ASSERT_TRUE(config.ok()) << config.error().detail;
    EXPECT_EQ(config->kiosk.kioskId, "kiosk-from-msi");
    EXPECT_EQ(config->kiosk.centralUrl, "https://central.example.jp:8443");
    EXPECT_EQ(config->kiosk.language, Language::English);
    // Relative paths from a layer are taken from the config file's folder, like the file's.
    EXPECT_EQ(config->kiosk.clientCert, m_dir.file("pki/kiosk.pem"));
    EXPECT_EQ(config->kiosk.sealingPublicKey, m_dir.file("pki/sealing.pem"));
    EXPECT_EQ(config->profileFile, m_dir.file("profile.toml"));
    // Built-in defaults stay under every layer.
    EXPECT_EQ(config->kiosk.inactivityTimeout, std::chrono::seconds(120));
}

TEST_F(SettingsLayersTest, TheFileWinsOverTheInstallerValues) {
    writeKiosk(kMinimalKiosk + "id = \"kiosk-from-file\"\nlanguage = \"ja\"\n"
                               "[kiosk.central]\nurl = \"https://file.example.jp\"\n");
    auto config = Config::loadFile(kioskFile(), SettingsLayers{&m_installer, nullptr});
    ASSERT_TRUE(config.ok()) << config.error().detail;
    EXPECT_EQ(config->kiosk.kioskId, "kiosk-from-file");
    EXPECT_EQ(config->kiosk.language, Language::Japanese);
    EXPECT_EQ(config->kiosk.centralUrl, "https://file.example.jp");
    // What the file does not set still comes from below.
    EXPECT_EQ(config->kiosk.clientKey, m_dir.file("pki/kiosk.key"));
}

TEST_F(SettingsLayersTest, PolicyValuesWinOverTheFileAndTheInstaller) {
    writeKiosk(kMinimalKiosk + "id = \"kiosk-from-file\"\n"
                               "[kiosk.central]\nurl = \"https://file.example.jp\"\n");
    const FakeRegistryKey policy("HKLM\\SOFTWARE\\Policies\\Madoguchi",
                                 {{"CentralUrl", "https://policy.example.jp"}, {"Language", "ja"}});
    auto config = Config::loadFile(kioskFile(), SettingsLayers{&m_installer, &policy});
    ASSERT_TRUE(config.ok()) << config.error().detail;
    EXPECT_EQ(config->kiosk.centralUrl, "https://policy.example.jp");
    EXPECT_EQ(config->kiosk.language, Language::Japanese);
    EXPECT_EQ(config->kiosk.kioskId, "kiosk-from-file"); // no policy for it: the file's
}

TEST_F(SettingsLayersTest, AnEmptyValueIsNoValue) {
    writeKiosk(kMinimalKiosk + "id = \"kiosk-from-file\"\n");
    const FakeRegistryKey policy("HKLM\\SOFTWARE\\Policies\\Madoguchi", {{"KioskId", ""}});
    auto config = Config::loadFile(kioskFile(), SettingsLayers{&m_installer, &policy});
    ASSERT_TRUE(config.ok()) << config.error().detail;
    EXPECT_EQ(config->kiosk.kioskId, "kiosk-from-file");
}

TEST_F(SettingsLayersTest, ABadLayerValueIsNamedByItsKeyAndValueName) {
    writeKiosk(kMinimalKiosk);
    const FakeRegistryKey policy("HKLM\\SOFTWARE\\Policies\\Madoguchi",
                                 {{"CentralUrl", "http://plain.example.jp"}});
    const auto issues = Config::checkFile(kioskFile(), SettingsLayers{&m_installer, &policy});
    ASSERT_EQ(issues.size(), 1U);
    EXPECT_EQ(issues[0].key, "kiosk.central.url");
    EXPECT_EQ(issues[0].file.string(), "HKLM\\SOFTWARE\\Policies\\Madoguchi\\CentralUrl");
    EXPECT_EQ(issues[0].line, 0U);
}

TEST_F(SettingsLayersTest, WithoutLayersAMissingKeyIsStillAProblemOfTheFile) {
    writeKiosk(kMinimalKiosk);
    const auto issues = Config::checkFile(kioskFile(), SettingsLayers{});
    ASSERT_FALSE(issues.empty());
    for (const auto& issue : issues) {
        EXPECT_EQ(issue.file, kioskFile()) << issue.toString();
    }
}

TEST_F(SettingsLayersTest, ALayerDoesNotReplaceAFileKeyOfTheWrongType) {
    // [kiosk] central = "x" is the file's mistake; the layer must not paper over it.
    writeKiosk(kMinimalKiosk + "central = \"not a table\"\n");
    const auto issues = Config::checkFile(kioskFile(), SettingsLayers{&m_installer, nullptr});
    ASSERT_FALSE(issues.empty());
    EXPECT_EQ(issues[0].key, "kiosk.central");
    EXPECT_EQ(issues[0].file, kioskFile());
}

TEST(SettingsLayers, NoLayersOffWindows) {
#ifndef _WIN32
    const SettingsLayers layers = SettingsLayers::system();
    EXPECT_EQ(layers.belowFile, nullptr);
    EXPECT_EQ(layers.aboveFile, nullptr);
#else
    EXPECT_NE(SettingsLayers::system().aboveFile, nullptr);
#endif
}

} // namespace
