// SPDX-License-Identifier: Apache-2.0
#include "config/Config.h"

#include "ScratchDir.h"

#include <gtest/gtest.h>

#include <fstream>

using madoguchi::ErrorCode;
using madoguchi::config::Config;
using madoguchi::config::ConfigIssue;
using madoguchi::config::Language;
using madoguchi::test::ScratchDir;

namespace {

const std::string kProfile = R"(# test profile
[organisation]
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

const std::string kKiosk = R"(profile = "profile.toml"

[kiosk]
id = "kiosk-7"
language = "en"
store_path = "data/kiosk.db"
log_path = "/var/log/madoguchi/kiosk.log"
log_level = "debug"
staff_pin_hash = "pbkdf2-sha256$600000$bWFkb2d1Y2hpLWRlbW8hIQ==$0HgLs7SyuJe3m4HYqov3gpN4A6lFaj+wK0T7VNAAAb0="

[kiosk.central]
url = "https://central.example.jp:8443/api"
ca_bundle = "pki/ca.pem"
client_cert = "pki/kiosk.pem"
client_key = "pki/kiosk.key"

[kiosk.timeouts]
inactivity_seconds = 300
inactivity_warning_seconds = 45
network_seconds = 20

[kiosk.password_policy]
allow_uppercase = false
symbols = "!#$%&_-."

[kiosk.otp]
max_attempts = 3

[kiosk.password_hash]
algorithm = "pbkdf2-sha512"
iterations = 250000

[kiosk.fido2]
aaguid_allow = ["CB69481E-8FF7-4039-93EC-0A2729A154A8", "ee882879721c491397753dfcce97072a"]
aaguid_deny = []
)";

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    std::size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << "test data has no " << from;
    if (at != std::string::npos) {
        text.replace(at, from.size(), to);
    }
    return text;
}

// 1-based number of the line holding `needle`, computed from the text the test wrote.
std::uint32_t lineOf(const std::string& text, const std::string& needle) {
    std::size_t at = text.find(needle);
    EXPECT_NE(at, std::string::npos) << needle;
    return static_cast<std::uint32_t>(
        std::count(text.begin(), text.begin() + static_cast<long>(at), '\n') + 1);
}

class ConfigTest : public ::testing::Test {
protected:
    void SetUp() override { std::ofstream(m_dir.file("terms-ja.txt")) << "利用規約\n"; }
    void write(const std::string& name, const std::string& text) {
        std::ofstream(m_dir.file(name), std::ios::binary) << text;
    }
    std::filesystem::path kioskFile() const { return m_dir.file("kiosk.toml"); }
    // Loads a kiosk file and profile and expects exactly one issue, about `key` at `line`.
    ConfigIssue onlyIssue(const std::string& kiosk, const std::string& profile) {
        write("kiosk.toml", kiosk);
        write("profile.toml", profile);
        auto loaded = Config::loadFile(kioskFile());
        EXPECT_FALSE(loaded.ok());
        auto issues = Config::checkFile(kioskFile());
        EXPECT_EQ(issues.size(), 1U);
        if (!loaded.ok()) {
            EXPECT_EQ(loaded.code(), ErrorCode::ConfigInvalid);
            if (!issues.empty()) {
                EXPECT_EQ(loaded.error().detail, issues[0].toString());
            }
        }
        return issues.empty() ? ConfigIssue{} : issues[0];
    }

    ScratchDir m_dir;
};

} // namespace

TEST_F(ConfigTest, ValidFileLoadsEveryValueAndResolvesRelativePaths) {
    write("kiosk.toml", kKiosk);
    write("profile.toml", kProfile);
    auto config = Config::loadFile(kioskFile());
    ASSERT_TRUE(config.ok()) << config.error().detail;
    const auto& org = config->organisation;
    EXPECT_EQ(org.name, "テスト健康保険組合");
    EXPECT_EQ(org.portalUrl, "https://portal.example.jp/login");
    EXPECT_EQ(org.otpIssuer, "テスト健保");
    EXPECT_EQ(org.termsFileJa, m_dir.file("terms-ja.txt"));
    EXPECT_TRUE(org.termsFileEn.empty());
    EXPECT_EQ(org.termsVersion, "v7");
    EXPECT_EQ(org.rpId, "example.jp");
    EXPECT_EQ(org.microsoftAuthenticator.googlePlay,
              "https://play.google.com/store/apps/details?id=com.azure.authenticator");
    const auto& k = config->kiosk;
    EXPECT_EQ(k.kioskId, "kiosk-7");
    EXPECT_EQ(k.language, Language::English);
    EXPECT_EQ(k.storePath, m_dir.file("data/kiosk.db"));
    EXPECT_EQ(k.logPath, "/var/log/madoguchi/kiosk.log");
    EXPECT_EQ(k.logLevel, spdlog::level::debug);
    EXPECT_EQ(k.centralUrl, "https://central.example.jp:8443/api");
    EXPECT_EQ(k.clientKey, m_dir.file("pki/kiosk.key"));
    EXPECT_EQ(k.inactivityTimeout, std::chrono::seconds(300));
    EXPECT_EQ(k.inactivityWarning, std::chrono::seconds(45));
    EXPECT_EQ(k.networkTimeout, std::chrono::seconds(20));
    EXPECT_FALSE(k.passwordAllowUppercase);
    EXPECT_EQ(k.passwordSymbols, "!#$%&_-.");
    EXPECT_EQ(k.otpMaxAttempts, 3);
    EXPECT_EQ(k.aaguidAllow, (std::vector<std::string>{"cb69481e-8ff7-4039-93ec-0a2729a154a8",
                                                       "ee882879-721c-4913-9775-3dfcce97072a"}));
    EXPECT_EQ(config->profileFile, m_dir.file("profile.toml"));
    EXPECT_EQ(config->sourceFile, kioskFile());
}

TEST_F(ConfigTest, OptionalSectionsTakeTheirDefaults) {
    std::string kiosk = kKiosk.substr(0, kKiosk.find("[kiosk.timeouts]"));
    kiosk = replaced(kiosk, "language = \"en\"\n", "");
    kiosk = replaced(kiosk, "log_level = \"debug\"\n", "");
    write("kiosk.toml", kiosk);
    write("profile.toml", kProfile);
    auto config = Config::loadFile(kioskFile());
    ASSERT_TRUE(config.ok()) << config.error().detail;
    EXPECT_EQ(config->kiosk.language, Language::Japanese);
    EXPECT_EQ(config->kiosk.inactivityTimeout, std::chrono::seconds(120));
    EXPECT_EQ(config->kiosk.inactivityWarning, std::chrono::seconds(30));
    EXPECT_TRUE(config->kiosk.passwordAllowUppercase);
    EXPECT_FALSE(config->kiosk.passwordSymbols) << "unset: the manual's symbols";
    EXPECT_EQ(config->kiosk.otpMaxAttempts, 5);
    EXPECT_EQ(config->kiosk.logLevel, spdlog::level::info);
    EXPECT_TRUE(config->kiosk.aaguidAllow.empty());
    EXPECT_EQ(config->kiosk.passwordHash.digest, madoguchi::crypto::PasswordDigest::Sha256);
    EXPECT_EQ(config->kiosk.passwordHash.iterations, 600'000U);
}

TEST_F(ConfigTest, PasswordHashTakesItsAlgorithmAndIterations) {
    write("profile.toml", kProfile);
    write("kiosk.toml", kKiosk);
    auto sha512 = Config::loadFile(kioskFile());
    ASSERT_TRUE(sha512.ok()) << sha512.error().detail;
    EXPECT_EQ(sha512->kiosk.passwordHash.digest, madoguchi::crypto::PasswordDigest::Sha512);
    EXPECT_EQ(sha512->kiosk.passwordHash.iterations, 250'000U);
    // An algorithm alone gets that algorithm's floor.
    write("kiosk.toml", replaced(kKiosk, "iterations = 250000\n", ""));
    auto floor512 = Config::loadFile(kioskFile());
    ASSERT_TRUE(floor512.ok()) << floor512.error().detail;
    EXPECT_EQ(floor512->kiosk.passwordHash.iterations, 210'000U);
    write("kiosk.toml", replaced(kKiosk, "algorithm = \"pbkdf2-sha512\"\niterations = 250000\n",
                                 "algorithm = \"pbkdf2-sha256\"\n"));
    auto floor256 = Config::loadFile(kioskFile());
    ASSERT_TRUE(floor256.ok()) << floor256.error().detail;
    EXPECT_EQ(floor256->kiosk.passwordHash.digest, madoguchi::crypto::PasswordDigest::Sha256);
    EXPECT_EQ(floor256->kiosk.passwordHash.iterations, 600'000U);
}

TEST_F(ConfigTest, AttestationRootsResolveFromTheFileAndUnverifiedIsRefusedUnlessRecorded) {
    write("roots.pem", "-----BEGIN CERTIFICATE-----\n");
    write("kiosk.toml", replaced(kKiosk, "aaguid_deny = []",
                                 "aaguid_deny = []\nattestation_roots = [\"roots.pem\"]"));
    write("profile.toml", kProfile);
    auto refusing = Config::loadFile(kioskFile());
    ASSERT_TRUE(refusing.ok()) << refusing.error().detail;
    EXPECT_EQ(refusing->kiosk.attestationRoots,
              std::vector<std::filesystem::path>{m_dir.file("roots.pem")});
    EXPECT_FALSE(refusing->kiosk.attestationRecordUnverified) << "the secure default";

    write("kiosk.toml", replaced(kKiosk, "aaguid_deny = []",
                                 "aaguid_deny = []\nattestation_unverified = \"record\""));
    auto recording = Config::loadFile(kioskFile());
    ASSERT_TRUE(recording.ok()) << recording.error().detail;
    EXPECT_TRUE(recording->kiosk.attestationRecordUnverified);
    EXPECT_TRUE(recording->kiosk.attestationRoots.empty());
}

TEST_F(ConfigTest, OutOfRangeTimeoutNamesKeyFileAndLine) {
    std::string kiosk = replaced(kKiosk, "inactivity_seconds = 300", "inactivity_seconds = 10");
    ConfigIssue issue = onlyIssue(kiosk, kProfile);
    EXPECT_EQ(issue.toString(), "kiosk.timeouts.inactivity_seconds: must be between 30 and 3600 (" +
                                    kioskFile().string() + ":" +
                                    std::to_string(lineOf(kiosk, "inactivity_seconds = 10")) + ")");
}

struct BadValue {
    const char* name;
    bool inProfile; // the edit is made to the profile file, not the kiosk file
    const char* from;
    const char* to;
    const char* key;     // expected dotted key
    const char* problem; // expected part of the problem
    const char* lineAt;  // the issue's line is the line holding this text
};

class ConfigBadValue : public ConfigTest, public ::testing::WithParamInterface<BadValue> {};

TEST_P(ConfigBadValue, IsReportedWithKeyFileAndLine) {
    const BadValue& c = GetParam();
    std::string kiosk = c.inProfile ? kKiosk : replaced(kKiosk, c.from, c.to);
    std::string profile = c.inProfile ? replaced(kProfile, c.from, c.to) : kProfile;
    ConfigIssue issue = onlyIssue(kiosk, profile);
    EXPECT_EQ(issue.key, c.key);
    EXPECT_NE(issue.problem.find(c.problem), std::string::npos) << issue.problem;
    EXPECT_EQ(issue.file, m_dir.file(c.inProfile ? "profile.toml" : "kiosk.toml"));
    EXPECT_EQ(issue.line, lineOf(c.inProfile ? profile : kiosk, c.lineAt));
}

const BadValue kBadValues[] = {
    {"TimeoutAsText", false, "inactivity_seconds = 300", "inactivity_seconds = \"300\"",
     "kiosk.timeouts.inactivity_seconds", "must be an integer", "inactivity_seconds ="},
    {"WarningAfterWipe", false, "inactivity_warning_seconds = 45",
     "inactivity_warning_seconds = 300", "kiosk.timeouts.inactivity_warning_seconds",
     "before the wipe", "inactivity_warning_seconds ="},
    {"NoNetworkTime", false, "network_seconds = 20", "network_seconds = 0",
     "kiosk.timeouts.network_seconds", "between 1 and 300", "network_seconds"},
    {"MisspeltTimeout", false, "inactivity_seconds = 300", "inactivty_seconds = 300",
     "kiosk.timeouts.inactivty_seconds", "unknown key", "inactivty_seconds"},
    {"UnknownTopLevelKey", false, "profile = \"profile.toml\"",
     "profile = \"profile.toml\"\ndebug_mode = true", "debug_mode", "unknown key", "debug_mode"},
    {"FrenchLanguage", false, "language = \"en\"", "language = \"fr\"", "kiosk.language",
     "\"ja\" or \"en\"", "language ="},
    {"LoudLogLevel", false, "log_level = \"debug\"", "log_level = \"loud\"", "kiosk.log_level",
     "must be one of", "log_level"},
    {"KioskIdWithSpace", false, "id = \"kiosk-7\"", "id = \"kiosk 7\"", "kiosk.id", "must be",
     "id = \"kiosk 7\""},
    {"PlainStaffPin", false, "staff_pin_hash = \"pbkdf2", "staff_pin_hash = \"1234\" # \"",
     "kiosk.staff_pin_hash", "pbkdf2-sha256$<iterations>", "staff_pin_hash"},
    {"WeakStaffPinHash", false, "pbkdf2-sha256$600000$", "pbkdf2-sha256$1000$",
     "kiosk.staff_pin_hash", "at least 600000", "staff_pin_hash"},
    {"StaffPinHashOfMd5", false, "pbkdf2-sha256$600000$", "pbkdf2-md5$600000$",
     "kiosk.staff_pin_hash", "algorithm", "staff_pin_hash"},
    {"StaffPinShortSalt", false, "$bWFkb2d1Y2hpLWRlbW8hIQ==$", "$c2FsdA==$", "kiosk.staff_pin_hash",
     "salt", "staff_pin_hash"},
    {"StaffPinTruncatedHash", false, "K0T7VNAAAb0=\"", "K0T7VNAA\"", "kiosk.staff_pin_hash",
     "hash must be base64 of 32 bytes", "staff_pin_hash"},
    {"CentralOverHttp", false, "url = \"https://central", "url = \"http://central",
     "kiosk.central.url", "https://", "url = \"http://"},
    {"CentralWithUserInfo", false, "https://central.example.jp", "https://user@central.example.jp",
     "kiosk.central.url", "https://", "url ="},
    {"MissingClientKey", false, "client_key = \"pki/kiosk.key\"\n", "", "kiosk.central.client_key",
     "missing", "[kiosk.central]"},
    {"UppercaseFlagAsText", false, "allow_uppercase = false", "allow_uppercase = \"no\"",
     "kiosk.password_policy.allow_uppercase", "true or false", "allow_uppercase"},
    {"PasswordSymbolsWithALetter", false, "symbols = \"!#$%&_-.\"", "symbols = \"!#a\"",
     "kiosk.password_policy.symbols", "printable ASCII symbols only", "symbols ="},
    {"PasswordSymbolsWithASpace", false, "symbols = \"!#$%&_-.\"", "symbols = \"! #\"",
     "kiosk.password_policy.symbols", "printable ASCII symbols only", "symbols ="},
    {"NoOtpAttempts", false, "max_attempts = 3", "max_attempts = 0", "kiosk.otp.max_attempts",
     "between 1 and 10", "max_attempts"},
    {"HashOfMd5", false, "algorithm = \"pbkdf2-sha512\"", "algorithm = \"md5\"",
     "kiosk.password_hash.algorithm", "\"pbkdf2-sha256\" or \"pbkdf2-sha512\"", "algorithm ="},
    {"Sha512BelowItsFloor", false, "iterations = 250000", "iterations = 209999",
     "kiosk.password_hash.iterations", "at least 210000 for pbkdf2-sha512", "iterations ="},
    {"Sha256BelowItsFloor", false, "algorithm = \"pbkdf2-sha512\"\niterations = 250000",
     "algorithm = \"pbkdf2-sha256\"\niterations = 250000", "kiosk.password_hash.iterations",
     "at least 600000 for pbkdf2-sha256", "iterations ="},
    {"HashIterationsTypo", false, "iterations = 250000", "iterations = 2500000000",
     "kiosk.password_hash.iterations", "at most 10000000", "iterations ="},
    {"HashIterationsAsText", false, "iterations = 250000", "iterations = \"250000\"",
     "kiosk.password_hash.iterations", "must be an integer", "iterations ="},
    {"MisspeltHashKey", false, "iterations = 250000", "iteration = 250000",
     "kiosk.password_hash.iteration", "unknown key", "iteration ="},
    {"AaguidNotAUuid", false, "\"ee882879721c491397753dfcce97072a\"", "\n  \"not-an-aaguid\"",
     "kiosk.fido2.aaguid_allow", "not an AAGUID", "\"not-an-aaguid\""},
    {"AaguidAllowedAndDenied", false, "aaguid_deny = []",
     "aaguid_deny = [\"cb69481e8ff7403993ec0a2729a154a8\"]", "kiosk.fido2.aaguid_deny", "in both",
     "aaguid_deny"},
    {"AttestationRootMissing", false, "aaguid_deny = []",
     "aaguid_deny = []\nattestation_roots = [\n  \"gone.pem\"]", "kiosk.fido2.attestation_roots",
     "file not found", "\"gone.pem\""},
    {"AttestationUnverifiedMaybe", false, "aaguid_deny = []",
     "aaguid_deny = []\nattestation_unverified = \"maybe\"", "kiosk.fido2.attestation_unverified",
     "\"refuse\" or \"record\"", "attestation_unverified"},
    {"MdsBlobWithoutRoot", false, "aaguid_deny = []", "aaguid_deny = []\nmds_blob = \"mds.jwt\"",
     "kiosk.fido2.mds_blob", "go together", "mds_blob"},
    {"ProfileAndInlineOrganisation", false, "[kiosk]\n",
     "[organisation]\nname = \"x\"\n\n[kiosk]\n", "profile", "not both", "profile ="},
    {"MissingProfileFile", false, "profile = \"profile.toml\"", "profile = \"nowhere.toml\"",
     "profile", "file not found", "profile ="},
    {"PortalOverHttp", true, "https://portal.example.jp/login", "http://portal.example.jp/login",
     "organisation.portal_url", "https://", "portal_url"},
    {"ContactNotAnEmail", true, "help@example.jp", "help at example.jp",
     "organisation.contact_email", "e-mail", "contact_email"},
    {"IssuerWithColon", true, "issuer = \"テスト健保\"", "issuer = \"テスト:健保\"",
     "organisation.otp.issuer", "':'", "issuer"},
    {"DeviceNameTooLong", true, "default_device_name = \"テスト健保\"",
     "default_device_name = \"あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむ\"",
     "organisation.otp.default_device_name", "at most 32", "default_device_name"},
    {"EmptyOrganisationName", true, "name = \"テスト健康保険組合\"", "name = \"\"",
     "organisation.name", "non-empty", "name = \"\""},
    {"TermsFileMissing", true, "file_ja = \"terms-ja.txt\"", "file_ja = \"gone.txt\"",
     "organisation.terms.file_ja", "file not found", "file_ja"},
    {"RpIdOfAnotherSite", true, "rp_id = \"example.jp\"", "rp_id = \"example.com\"",
     "organisation.fido2.rp_id", "portal's host", "rp_id"},
    {"AppStoreLinkElsewhere", true,
     "app_store = \"https://apps.apple.com/jp/app/microsoft-authenticator/id983156458\"",
     "app_store = \"https://example.com/authenticator\"",
     "organisation.apps.microsoft_authenticator.app_store", "apps.apple.com",
     "https://example.com/authenticator"},
    {"MissingFido2Table", true,
     "[organisation.fido2]\nrp_id = \"example.jp\"\nrp_name = \"テスト健保ポータル\"\n", "",
     "organisation.fido2", "missing", "[organisation]"},
    {"UnknownProfileKey", true, "contact_email = \"help@example.jp\"",
     "contact_email = \"help@example.jp\"\nfax = \"03-0000-0000\"", "organisation.fax",
     "unknown key", "fax"},
};

INSTANTIATE_TEST_SUITE_P(EveryRule, ConfigBadValue, ::testing::ValuesIn(kBadValues),
                         [](const auto& testInfo) { return std::string(testInfo.param.name); });

TEST_F(ConfigTest, MissingKioskTableIsNamed) {
    ConfigIssue issue = onlyIssue("profile = \"profile.toml\"\n", kProfile);
    EXPECT_EQ(issue.key, "kiosk");
    EXPECT_NE(issue.problem.find("missing"), std::string::npos);
    EXPECT_EQ(issue.file, kioskFile());
}

TEST_F(ConfigTest, EveryProblemIsReportedAtOnce) {
    std::string kiosk = replaced(kKiosk, "max_attempts = 3", "max_attempts = 99");
    kiosk = replaced(kiosk, "language = \"en\"", "language = \"de\"");
    std::string profile = replaced(kProfile, "help@example.jp", "nobody");
    write("kiosk.toml", kiosk);
    write("profile.toml", profile);
    auto issues = Config::checkFile(kioskFile());
    ASSERT_EQ(issues.size(), 3U);
    auto loaded = Config::loadFile(kioskFile());
    ASSERT_FALSE(loaded.ok());
    EXPECT_EQ(std::count(loaded.error().detail.begin(), loaded.error().detail.end(), '\n'), 2);
}

TEST_F(ConfigTest, TomlSyntaxErrorIsAParseErrorWithItsLine) {
    std::string kiosk = replaced(kKiosk, "network_seconds = 20", "network_seconds = = 20");
    write("kiosk.toml", kiosk);
    write("profile.toml", kProfile);
    auto loaded = Config::loadFile(kioskFile());
    ASSERT_FALSE(loaded.ok());
    EXPECT_EQ(loaded.code(), ErrorCode::ConfigParse);
    std::string where = kioskFile().string() + ":" + std::to_string(lineOf(kiosk, "= = 20"));
    EXPECT_NE(loaded.error().detail.find(where), std::string::npos) << loaded.error().detail;
}

TEST_F(ConfigTest, SyntaxErrorInTheProfileNamesTheProfile) {
    std::string profile = replaced(kProfile, "[organisation.otp]", "[organisation.otp");
    write("kiosk.toml", kKiosk);
    write("profile.toml", profile);
    auto loaded = Config::loadFile(kioskFile());
    ASSERT_FALSE(loaded.ok());
    EXPECT_EQ(loaded.code(), ErrorCode::ConfigParse);
    std::string where = m_dir.file("profile.toml").string() + ":" +
                        std::to_string(lineOf(profile, "[organisation.otp"));
    EXPECT_NE(loaded.error().detail.find(where), std::string::npos) << loaded.error().detail;
}

TEST_F(ConfigTest, MissingFileIsReportedAsSuch) {
    auto loaded = Config::loadFile(m_dir.file("absent.toml"));
    ASSERT_FALSE(loaded.ok());
    EXPECT_EQ(loaded.code(), ErrorCode::ConfigFileNotFound);
    EXPECT_NE(loaded.error().detail.find("absent.toml"), std::string::npos);
}

TEST(ShippedProfiles, ItcKenpoProfileMatchesTheSeedManual) {
    auto profile = Config::loadProfile(std::filesystem::path(MADOGUCHI_SOURCE_DIR) /
                                       "assets/profiles/itc-kenpo.toml");
    ASSERT_TRUE(profile.ok()) << profile.error().detail;
    EXPECT_EQ(profile->name, "伊藤忠健康保険組合");
    EXPECT_EQ(profile->contactEmail, "itckh@itochu.co.jp");
    EXPECT_EQ(profile->portalUrl, "https://www.itochukenpo.portal.kosmo-web.jp");
    EXPECT_EQ(profile->defaultDeviceName, "ITC健保");
    EXPECT_EQ(profile->otpIssuer, "ITC健保");
    EXPECT_TRUE(std::filesystem::exists(profile->termsFileJa));
    EXPECT_TRUE(std::filesystem::exists(profile->termsFileEn));
}

TEST(ShippedProfiles, DemoKioskConfigLoadsWithTheItcKenpoProfile) {
    auto config = Config::loadFile(std::filesystem::path(MADOGUCHI_SOURCE_DIR) /
                                   "assets/profiles/demo-kiosk.toml");
    ASSERT_TRUE(config.ok()) << config.error().detail;
    EXPECT_EQ(config->organisation.name, "伊藤忠健康保険組合");
    EXPECT_EQ(config->profileFile.filename(), "itc-kenpo.toml");
    EXPECT_EQ(config->kiosk.language, Language::Japanese);
    EXPECT_TRUE(config->kiosk.storePath.is_absolute());
}
