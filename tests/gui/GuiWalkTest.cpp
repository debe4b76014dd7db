// SPDX-License-Identifier: Apache-2.0
// The real kiosk under Xvfb, driven with synthetic X input: the TOTP path by touch, the same
// path by keyboard only, and the inactivity timeout that wipes a member's data.
#include "KioskDriver.h"
#include "KioskFrame.h"
#include "flow/EnrollmentFlow.h"
#include "kiosk/KioskController.h"
#include "otp/OtpauthUri.h"
#include "sqlite/Database.h"
#include "sqlite/Statement.h"
#include "widgets/SecretField.h"

#include <gtest/gtest.h>
#include <wx/app.h>
#include <wx/init.h>
#include <wx/textctrl.h>

#include <fstream>
#include <regex>
#include <sstream>

namespace madoguchi::gui::test {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

fs::path freshDir(const std::string& name) {
    fs::path dir =
        fs::temp_directory_path() / ("madoguchi-gui-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

RuntimeOptions demoOptions(const fs::path& dir) {
    RuntimeOptions options;
    options.demo = true;
    options.storePath = dir / "kiosk.db";
    options.slipPdfPath = (dir / "slip.pdf").string();
    options.language = "ja";
    return options;
}

std::string zbar(const fs::path& png) {
    return run("zbarimg -q --raw '" + png.string() + "'");
}

std::string totpNow(const std::string& secret) {
    return run("oathtool --totp -b '" + secret + "'");
}

struct OutboxRow {
    std::string kind;
    std::string enrollmentUuid;
    std::int64_t payloadBytes;
};

std::vector<OutboxRow> outboxRows(const fs::path& store) {
    std::vector<OutboxRow> rows;
    sqlite::OpenOptions options;
    options.readOnly = true;
    auto db = sqlite::Database::open(store, options);
    EXPECT_TRUE(db.ok());
    if (!db) {
        return rows;
    }
    auto st = db->prepare("SELECT kind, enrollment_uuid, length(payload) FROM outbox ORDER BY id");
    EXPECT_TRUE(st.ok());
    while (st) {
        auto step = st->step();
        if (!step || *step != sqlite::StepResult::Row) {
            break;
        }
        rows.push_back({st->columnText(0), st->columnText(1), st->columnInt64(2)});
    }
    return rows;
}

std::string fieldText(KioskDriver& k, const std::string& name) {
    if (auto* ctrl = dynamic_cast<wxTextCtrl*>(k.find(name))) {
        return ctrl->GetValue().utf8_string();
    }
    return "<no field>";
}

std::size_t secretSize(KioskDriver& k, const std::string& name) {
    auto* field = dynamic_cast<SecretField*>(k.find(name));
    return field == nullptr ? 999 : field->value().size();
}

// Steps ② to ⑥ by touch: fields are touched, typed on the X keyboard or the on-screen
// keypad, and the main button is pressed.
void registerBasicsByTouch(KioskDriver& k, const std::string& userId, int shot) {
    ASSERT_EQ(k.state(), FlowState::Attract);
    k.screenshot(std::to_string(shot) + "-attract");
    k.click("mainButton");
    ASSERT_TRUE(k.waitForState(FlowState::TempLogin));
    k.focus("tempIdField");
    k.type("DEMO0001");
    k.focus("tempPasswordField");
    k.type("demo-pass-01");
    k.focus("birthDateField");
    k.tapDigits("19480405");
    k.screenshot(std::to_string(shot + 1) + "-temp-login");
    k.click("mainButton");
    ASSERT_TRUE(k.waitForState(FlowState::Terms)) << k.visibleText();
    k.screenshot(std::to_string(shot + 2) + "-terms");
    k.click("mainButton");
    ASSERT_TRUE(k.waitForState(FlowState::UserId));
    k.focus("userIdField");
    k.type(userId);
    k.screenshot(std::to_string(shot + 3) + "-user-id");
    k.click("mainButton");
    ASSERT_TRUE(k.waitForState(FlowState::MfaChoice)) << k.visibleText();
    k.screenshot(std::to_string(shot + 4) + "-method");
    k.click("chooseOtp");
    ASSERT_TRUE(k.waitForState(FlowState::Password));
    k.focus("passwordField");
    k.type("Sakura_Haru.2026");
    k.focus("passwordConfirmField");
    k.type("Sakura_Haru.2026");
    k.screenshot(std::to_string(shot + 5) + "-password");
    k.click("mainButton");
    ASSERT_TRUE(k.waitForState(FlowState::Email)) << k.visibleText();
    k.focus("emailField");
    k.type("taro@example.jp");
    k.focus("emailConfirmField");
    k.type("taro@example.jp");
    k.screenshot(std::to_string(shot + 6) + "-email");
    k.click("mainButton");
    ASSERT_TRUE(k.waitForState(FlowState::BasicDone, 60s)) << k.visibleText();
    k.screenshot(std::to_string(shot + 7) + "-basic-done");
}

// Reads the otpauth URI off the screen with zbarimg and returns the secret.
std::string scanOtpauth(KioskDriver& k, const std::string& shotName, const std::string& userId) {
    const std::string uri = zbar(k.screenshot(shotName));
    EXPECT_EQ(uri.rfind("otpauth://totp/", 0), 0U) << "decoded: " << uri;
    // ITC健保 percent-encoded as UTF-8, the member's user ID as the account.
    EXPECT_NE(uri.find("ITC%E5%81%A5%E4%BF%9D:" + userId), std::string::npos) << uri;
    EXPECT_NE(uri.find("algorithm=SHA1&digits=6&period=30"), std::string::npos) << uri;
    auto parsed = OtpauthUri::parse(uri);
    EXPECT_TRUE(parsed.ok()) << uri;
    std::smatch m;
    const std::regex secretParam("secret=([A-Z2-7]+)");
    if (!std::regex_search(uri, m, secretParam)) {
        ADD_FAILURE() << "no secret in " << uri;
        return {};
    }
    return m[1].str();
}

TEST(KioskGui, WalksTheWholeTotpPathByTouchAndCommitsTheResult) {
    const fs::path dir = freshDir("touch");
    KioskDriver k(demoOptions(dir));
    registerBasicsByTouch(k, "yamada.taro", 1);
    if (HasFatalFailure()) {
        return;
    }
    k.click("mainButton");
    ASSERT_TRUE(k.waitForState(FlowState::OtpInstallApp));
    // The four store links are real QR codes a phone can read.
    const std::string links = zbar(k.screenshot("09-install-app"));
    EXPECT_NE(links.find("apps.apple.com"), std::string::npos) << links;
    EXPECT_NE(links.find("play.google.com"), std::string::npos) << links;
    k.click("mainButton");
    ASSERT_TRUE(k.waitForState(FlowState::OtpDeviceName));
    EXPECT_EQ(fieldText(k, "deviceNameField"), "ITC健保");
    k.screenshot("10-device-name");
    k.click("mainButton");
    ASSERT_TRUE(k.waitForState(FlowState::OtpScan));
    const std::string secret = scanOtpauth(k, "11-otp-scan", "yamada.taro");
    ASSERT_FALSE(secret.empty());
    const auto uriBefore = k.runtime().controller().otpauthUri();
    ASSERT_TRUE(uriBefore.ok());
    k.click("mainButton");
    ASSERT_TRUE(k.waitForState(FlowState::OtpVerify));

    // A wrong code: refused with a message, the same secret stays.
    const std::string good = totpNow(secret);
    ASSERT_EQ(good.size(), 6U) << good;
    const std::string wrong = good == "000000" ? "111111" : "000000";
    k.tapDigits(wrong);
    k.click("mainButton");
    k.pump(300ms);
    EXPECT_EQ(k.state(), FlowState::OtpVerify);
    EXPECT_TRUE(k.runtime().flow().lastError().has_value());
    const auto uriAfter = k.runtime().controller().otpauthUri();
    ASSERT_TRUE(uriAfter.ok());
    EXPECT_EQ(uriAfter->view(), uriBefore->view()) << "a wrong code must keep the same QR";
    k.screenshot("12-otp-wrong-code");

    // The code from an independent implementation, typed on the keypad.
    k.tapDigits(totpNow(secret));
    k.screenshot("13-otp-verify");
    k.click("mainButton");
    ASSERT_TRUE(k.waitForState(FlowState::Complete, 30s)) << k.visibleText();
    const std::string summary = k.visibleText();
    EXPECT_NE(summary.find("yamada.taro"), std::string::npos);
    EXPECT_EQ(summary.find(secret), std::string::npos) << "no secret on the summary";
    k.screenshot("14-complete");

    // Both submissions (registration at ⑥, second factor at ⑩) were committed to the outbox.
    const auto rows = outboxRows(dir / "kiosk.db");
    ASSERT_EQ(rows.size(), 2U);
    for (const auto& row : rows) {
        EXPECT_EQ(row.kind, "enrollment_submission");
        EXPECT_GT(row.payloadBytes, 100);
    }
    EXPECT_EQ(rows[0].enrollmentUuid, rows[1].enrollmentUuid);

    // The printed slip: user ID, portal and contact; no secret.
    k.click("printButton");
    ASSERT_TRUE(k.waitFor([&] { return fs::exists(dir / "slip.pdf"); }, 10s));
    const std::string slip = run("pdftotext '" + (dir / "slip.pdf").string() + "' -");
    EXPECT_NE(slip.find("yamada.taro"), std::string::npos) << slip;
    EXPECT_NE(slip.find("itochukenpo.portal.kosmo-web.jp"), std::string::npos) << slip;
    EXPECT_NE(slip.find("itckh@itochu.co.jp"), std::string::npos) << slip;
    EXPECT_EQ(slip.find(secret), std::string::npos);
    EXPECT_EQ(slip.find("Sakura_Haru.2026"), std::string::npos);
    EXPECT_EQ(slip.find("19480405"), std::string::npos);

    k.click("mainButton"); // Finish
    ASSERT_TRUE(k.waitForState(FlowState::Attract));
    EXPECT_TRUE(k.runtime().flow().draft().isEmpty());
    EXPECT_FALSE(k.runtime().controller().otpauthUri().ok()) << "the OTP secret is forgotten";
    fs::remove_all(dir);
}

TEST(KioskGui, WalksTheTotpPathWithTheKeyboardOnly) {
    const fs::path dir = freshDir("keyboard");
    KioskDriver k(demoOptions(dir));
    k.clickWindow(k.find("kioskFrame")); // the pointer rests on the kiosk; no more clicks
    k.key(WXK_RETURN);
    ASSERT_TRUE(k.waitForState(FlowState::TempLogin));
    k.type("DEMO0002");
    k.key(WXK_TAB);
    k.type("demo-pass-02");
    k.key(WXK_TAB);
    k.key(WXK_TAB); // over the "Show" box
    k.type("19890108");
    k.key(WXK_RETURN);
    ASSERT_TRUE(k.waitForState(FlowState::Terms)) << k.visibleText();
    k.key(WXK_RETURN);
    ASSERT_TRUE(k.waitForState(FlowState::UserId));
    k.type("hanako_s");
    k.key(WXK_RETURN);
    ASSERT_TRUE(k.waitForState(FlowState::MfaChoice)) << k.visibleText();
    k.key(WXK_RETURN); // the first choice has the focus: the app on the phone
    ASSERT_TRUE(k.waitForState(FlowState::Password)) << k.visibleText();
    k.type("umi_to_yama.88");
    k.key(WXK_TAB);
    k.type("umi_to_yama.88");
    k.key(WXK_RETURN);
    ASSERT_TRUE(k.waitForState(FlowState::Email)) << k.visibleText();
    k.type("hanako@example.jp");
    k.key(WXK_TAB);
    k.type("hanako@example.jp");
    k.key(WXK_RETURN);
    ASSERT_TRUE(k.waitForState(FlowState::BasicDone, 60s)) << k.visibleText();
    k.key(WXK_RETURN);
    ASSERT_TRUE(k.waitForState(FlowState::OtpInstallApp));
    k.key(WXK_RETURN);
    ASSERT_TRUE(k.waitForState(FlowState::OtpDeviceName));
    k.key(WXK_RETURN);
    ASSERT_TRUE(k.waitForState(FlowState::OtpScan));
    const std::string secret = scanOtpauth(k, "keyboard-otp-scan", "hanako_s");
    ASSERT_FALSE(secret.empty());
    k.key(WXK_RETURN);
    ASSERT_TRUE(k.waitForState(FlowState::OtpVerify));
    k.type(totpNow(secret));
    k.key(WXK_RETURN);
    ASSERT_TRUE(k.waitForState(FlowState::Complete, 30s)) << k.visibleText();
    EXPECT_EQ(outboxRows(dir / "kiosk.db").size(), 2U);
    k.key(WXK_RETURN);
    ASSERT_TRUE(k.waitForState(FlowState::Attract));
    fs::remove_all(dir);
}

TEST(KioskGui, EnglishToggleKeepsWhatWasTyped) {
    const fs::path dir = freshDir("language");
    KioskDriver k(demoOptions(dir));
    const std::string japanese = k.visibleText();
    EXPECT_NE(japanese.find("初回登録"), std::string::npos) << japanese;
    k.click("mainButton");
    ASSERT_TRUE(k.waitForState(FlowState::TempLogin));
    k.focus("tempIdField");
    k.type("DEMO0003");
    k.focus("tempPasswordField");
    k.type("demo-pass-03");
    k.click("languageButton");
    const std::string english = k.visibleText();
    EXPECT_NE(english.find("Temporary ID"), std::string::npos) << english;
    EXPECT_EQ(english.find("仮ID"), std::string::npos) << english;
    EXPECT_EQ(fieldText(k, "tempIdField"), "DEMO0003");
    EXPECT_EQ(secretSize(k, "tempPasswordField"), 12U);
    k.screenshot("language-english");
    k.click("languageButton");
    EXPECT_NE(k.visibleText().find("仮ID"), std::string::npos);
    fs::remove_all(dir);
}

TEST(KioskGui, InactivityWarnsThenWipesTheMembersDataAndReturnsToAttract) {
    const fs::path dir = freshDir("timeout");
    const fs::path assets = MADOGUCHI_SOURCE_DIR "/assets/profiles";
    {
        std::ifstream in(assets / "demo-kiosk.toml");
        std::stringstream text;
        text << in.rdbuf();
        std::string toml = text.str();
        toml = std::regex_replace(toml, std::regex("profile = \"itc-kenpo.toml\""),
                                  "profile = \"" + (assets / "itc-kenpo.toml").string() + "\"");
        toml = std::regex_replace(toml, std::regex("inactivity_seconds = 120"),
                                  "inactivity_seconds = 30");
        toml = std::regex_replace(toml, std::regex("inactivity_warning_seconds = 30"),
                                  "inactivity_warning_seconds = 10");
        std::ofstream(dir / "kiosk.toml") << toml;
    }
    RuntimeOptions options = demoOptions(dir);
    options.configPath = dir / "kiosk.toml";
    KioskDriver k(options);
    k.click("mainButton");
    ASSERT_TRUE(k.waitForState(FlowState::TempLogin));
    k.focus("tempIdField");
    k.type("DEMO0004");
    k.focus("tempPasswordField");
    k.type("demo-pass-04");
    k.focus("birthDateField");
    k.tapDigits("19560720");
    ASSERT_TRUE(k.waitFor([&] { return k.find("idleWarning")->IsShownOnScreen(); }, 35s));
    k.screenshot("timeout-warning");
    EXPECT_EQ(k.state(), FlowState::TempLogin);
    ASSERT_TRUE(k.waitForState(FlowState::Attract, 20s));
    k.screenshot("timeout-wiped");
    // Nothing of the member is left in the widgets or in memory.
    EXPECT_TRUE(k.runtime().flow().draft().isEmpty());
    k.click("mainButton");
    ASSERT_TRUE(k.waitForState(FlowState::TempLogin));
    EXPECT_EQ(fieldText(k, "tempIdField"), "");
    EXPECT_EQ(secretSize(k, "tempPasswordField"), 0U);
    EXPECT_EQ(secretSize(k, "birthDateField"), 0U);
    fs::remove_all(dir);
}

} // namespace
} // namespace madoguchi::gui::test

// wxWidgets starts before the tests (and not at all when CTest only lists them).
int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    if (::testing::GTEST_FLAG(list_tests)) {
        return RUN_ALL_TESTS();
    }
    wxApp::SetInstance(new wxApp());
    if (!wxEntryStart(argc, argv) || !wxTheApp->CallOnInit()) {
        std::fprintf(stderr, "wxWidgets could not start (is there a display?)\n");
        return 2;
    }
    const int rc = RUN_ALL_TESTS();
    wxTheApp->OnExit();
    wxEntryCleanup();
    return rc;
}
