// SPDX-License-Identifier: Apache-2.0
// The real kiosk under Xvfb, driven with synthetic X input: the TOTP path by touch, the same
// path by keyboard only, and the inactivity timeout that wipes a member's data.
#include "I18n.h"
#include "KioskDriver.h"
#include "KioskFrame.h"
#include "WalkSteps.h"
#include "flow/EnrollmentFlow.h"
#include "kiosk/KioskController.h"

#include <gtest/gtest.h>
#include <wx/textctrl.h>

#include <fstream>
#include <regex>
#include <sstream>

namespace madoguchi::gui::test {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

TEST(KioskGui, WalksTheWholeTotpPathByTouchAndCommitsTheResult) {
    const fs::path dir = freshDir("touch");
    KioskDriver k(demoOptions(dir));
    ASSERT_NO_FATAL_FAILURE(registerBasicsByTouch(k, "yamada.taro", 1));
    k.click("mainButton");
    ASSERT_TRUE(k.waitForState(FlowState::OtpInstallApp));
    // The four store links are real QR codes a phone can read.
    const std::string links = zbar(k.screenshot("09-install-app"));
    EXPECT_NE(links.find("apps.apple.com"), std::string::npos) << links;
    EXPECT_NE(links.find("play.google.com"), std::string::npos) << links;
    expectOneLanguage(k);
    k.click("mainButton");
    ASSERT_TRUE(k.waitForState(FlowState::OtpDeviceName));
    EXPECT_EQ(fieldText(k, "deviceNameField"), "ITC健保");
    k.screenshot("10-device-name");
    expectOneLanguage(k);
    k.click("mainButton");
    ASSERT_TRUE(k.waitForState(FlowState::OtpScan));
    const std::string secret = scanOtpauth(k, "11-otp-scan", "yamada.taro");
    ASSERT_FALSE(secret.empty());
    expectOneLanguage(k);
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
    expectOneLanguage(k);

    // The code from an independent implementation, typed on the keypad.
    k.tapDigits(totpNow(secret));
    k.screenshot("13-otp-verify");
    k.click("mainButton");
    ASSERT_TRUE(k.waitForState(FlowState::Complete, 30s)) << k.visibleText();
    const std::string summary = k.visibleText();
    EXPECT_NE(summary.find("yamada.taro"), std::string::npos);
    EXPECT_EQ(summary.find(secret), std::string::npos) << "no secret on the summary";
    k.screenshot("14-complete");
    expectOneLanguage(k, {"yamada.taro"});

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

// Issue 12: each on-screen key used to leave the whole entry selected (the key took the focus
// and gave it back; GTK selects an entry that gains the focus), so D-E-M-O-0-0-0-2 left "2".
TEST(KioskGui, OnScreenKeysAddToWhatWasTypedInEveryField) {
    const fs::path dir = freshDir("osk-append");
    KioskDriver k(demoOptions(dir));
    k.click("mainButton");
    ASSERT_TRUE(k.waitForState(FlowState::TempLogin));
    enterText(k, "tempIdField", "DEMO0002", true);
    EXPECT_EQ(fieldText(k, "tempIdField"), "DEMO0002");
    enterText(k, "tempPasswordField", "demo-pass-02", true);
    EXPECT_EQ(secretSize(k, "tempPasswordField"), 12U);
    // Back to the ID: a touch on it, then more keys go after what is there.
    enterText(k, "tempIdField", "X", true);
    EXPECT_EQ(fieldText(k, "tempIdField"), "DEMO0002X");
    k.clickShown("keyBackspace");
    EXPECT_EQ(fieldText(k, "tempIdField"), "DEMO0002");
    k.focus("birthDateField");
    k.tapDigits("19890108");
    EXPECT_EQ(secretSize(k, "birthDateField"), 8U);
    k.click("mainButton");
    ASSERT_TRUE(k.waitForState(FlowState::Terms)) << k.visibleText();
    k.click("mainButton");
    ASSERT_TRUE(k.waitForState(FlowState::UserId));
    enterText(k, "userIdField", "hanako_s", true);
    EXPECT_EQ(fieldText(k, "userIdField"), "hanako_s");
    k.click("mainButton");
    ASSERT_TRUE(k.waitForState(FlowState::MfaChoice)) << k.visibleText();
    k.click("chooseOtp");
    ASSERT_TRUE(k.waitForState(FlowState::Password));
    enterText(k, "passwordField", "Umi_to.Yama88", true);
    EXPECT_EQ(secretSize(k, "passwordField"), 13U);
    enterText(k, "passwordConfirmField", "Umi_to.Yama88", true);
    k.click("mainButton");
    ASSERT_TRUE(k.waitForState(FlowState::Email)) << k.visibleText();
    enterText(k, "emailField", "hanako@example.jp", true);
    EXPECT_EQ(fieldText(k, "emailField"), "hanako@example.jp");
    fs::remove_all(dir);
}

// The whole TOTP enrollment with no physical keystroke: every character on the on-screen
// keyboard, the birth date and the one-time code on the keypads.
TEST(KioskGui, WalksAWholeTotpEnrollmentOnTheOnScreenKeysAlone) {
    const fs::path dir = freshDir("osk-walk");
    KioskDriver k(demoOptions(dir));
    ASSERT_NO_FATAL_FAILURE(registerBasics(k, {.userId = "sato.jiro", .onScreenKeys = true}));
    const std::string secret = goToOtpVerify(k, "sato.jiro", "osk");
    ASSERT_FALSE(secret.empty());
    k.tapDigits(totpNow(secret));
    k.click("mainButton");
    ASSERT_TRUE(k.waitForState(FlowState::Complete, 30s)) << k.visibleText();
    EXPECT_NE(k.visibleText().find("sato.jiro"), std::string::npos);
    EXPECT_EQ(outboxRows(dir / "kiosk.db").size(), 2U);
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
    expectOneLanguage(k);
    k.click("mainButton");
    ASSERT_TRUE(k.waitForState(FlowState::TempLogin));
    k.focus("tempIdField");
    k.type("DEMO0003");
    k.focus("tempPasswordField");
    k.type("demo-pass-03");
    k.click("languageButton");
    ASSERT_EQ(I18n::language(), Language::English);
    const std::string english = k.visibleText();
    EXPECT_NE(english.find("Temporary ID"), std::string::npos) << english;
    EXPECT_EQ(english.find("仮ID"), std::string::npos) << english;
    EXPECT_EQ(fieldText(k, "tempIdField"), "DEMO0003");
    EXPECT_EQ(secretSize(k, "tempPasswordField"), 12U);
    // The on-screen keyboard is English too: its keys, not only the screen's labels.
    EXPECT_EQ(k.findShown("keyBackspace")->GetLabel(), "Delete");
    expectOneLanguage(k);
    k.screenshot("language-english");
    // The keypad and the 和暦 helper of the birth date, in English.
    k.focus("birthDateField");
    EXPECT_EQ(k.findShown("digitClear")->GetLabel(), "Clear");
    expectOneLanguage(k);
    k.screenshot("language-english-keypad");
    k.click("languageButton");
    ASSERT_EQ(I18n::language(), Language::Japanese);
    EXPECT_NE(k.visibleText().find("仮ID"), std::string::npos);
    EXPECT_EQ(k.findShown("digitClear")->GetLabel(), wxString::FromUTF8("全部消す"));
    expectOneLanguage(k);
    k.focus("tempIdField");
    EXPECT_EQ(k.findShown("keyBackspace")->GetLabel(), wxString::FromUTF8("1字消す"));
    EXPECT_EQ(k.findShown("keyShift")->GetLabel(), wxString::FromUTF8("大文字"));
    expectOneLanguage(k);
    fs::remove_all(dir);
}

// Both languages, every kind of screen: the header's parts and the step names fit 1920 px
// side by side (an English title once ran into "Step 3 / 8").
TEST(KioskGui, HeaderAndStepNamesFitInBothLanguages) {
    const fs::path dir = freshDir("header");
    KioskDriver k(demoOptions(dir));
    auto check = [&](const char* where) {
        wxWindow* header = k.findShown("header");
        ASSERT_NE(header, nullptr) << where;
        const wxRect bounds = header->GetScreenRect();
        std::vector<wxWindow*> parts;
        for (const char* name :
             {"headerTitle", "progress", "languageButton", "staffButton", "progressSteps"}) {
            wxWindow* w = k.findShown(name);
            if (w == nullptr) {
                continue; // "progress" is empty and hidden on the attract screen
            }
            parts.push_back(w);
            EXPECT_TRUE(bounds.Contains(w->GetScreenRect())) << where << ": " << name;
            // Not squeezed below what its text needs (GTK would draw it over its neighbour).
            EXPECT_GE(w->GetSize().x, w->GetBestSize().x) << where << ": " << name;
        }
        for (std::size_t i = 0; i < parts.size(); ++i) {
            for (std::size_t j = i + 1; j < parts.size(); ++j) {
                EXPECT_FALSE(parts[i]->GetScreenRect().Intersects(parts[j]->GetScreenRect()))
                    << where << ": " << parts[i]->GetName() << " overlaps " << parts[j]->GetName();
            }
        }
        for (int step = 1; step <= 8; ++step) {
            wxWindow* cell = k.findShown("progressStep" + std::to_string(step));
            ASSERT_NE(cell, nullptr) << where << ": step " << step;
            EXPECT_TRUE(bounds.Contains(cell->GetScreenRect())) << where << ": step " << step;
        }
    };
    auto highlighted = [&]() {
        int found = 0;
        for (int step = 1; step <= 8; ++step) {
            wxWindow* cell = k.findShown("progressStep" + std::to_string(step));
            if (cell != nullptr && cell->GetBackgroundColour() == wxColour(0x0B, 0x4F, 0x9C)) {
                found = found == 0 ? step : -1;
            }
        }
        return found;
    };
    check("attract ja");
    EXPECT_EQ(highlighted(), 0) << "no step is current on the attract screen";
    k.click("languageButton");
    check("attract en");
    k.click("mainButton");
    ASSERT_TRUE(k.waitForState(FlowState::TempLogin));
    check("temp login en");
    EXPECT_EQ(highlighted(), 1);
    k.click("languageButton");
    check("temp login ja");
    EXPECT_EQ(highlighted(), 1);
    typeTempLogin(k, "DEMO0005", "demo-pass-05", "19721103");
    k.click("mainButton");
    ASSERT_TRUE(k.waitForState(FlowState::Terms)) << k.visibleText();
    k.click("mainButton");
    ASSERT_TRUE(k.waitForState(FlowState::UserId));
    EXPECT_EQ(highlighted(), 3);
    check("user id ja");
    k.click("languageButton");
    check("user id en");
    EXPECT_EQ(highlighted(), 3);
    k.screenshot("header-english-user-id");
    fs::remove_all(dir);
}

// The member who stops is followed by another member, in the kiosk's configured language.
TEST(KioskGui, AfterAVisitTheKioskReturnsToItsConfiguredLanguage) {
    const fs::path dir = freshDir("default-language");
    RuntimeOptions options = demoOptions(dir);
    options.language = "en";
    KioskDriver k(options);
    EXPECT_EQ(I18n::language(), Language::English);
    expectOneLanguage(k);
    k.click("mainButton");
    ASSERT_TRUE(k.waitForState(FlowState::TempLogin));
    k.click("languageButton"); // this member prefers Japanese
    ASSERT_EQ(I18n::language(), Language::Japanese);
    k.click("cancelButton");
    k.click("confirmStopButton");
    ASSERT_TRUE(k.waitForState(FlowState::Attract));
    EXPECT_EQ(I18n::language(), Language::English) << "back to the configured language";
    EXPECT_NE(k.visibleText().find("Start registration"), std::string::npos) << k.visibleText();
    expectOneLanguage(k);
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
    typeTempLogin(k, "DEMO0004", "demo-pass-04", "19560720");
    // Where the fields and the 和暦 row are before the warning...
    const std::vector<std::string> watched = {"tempIdField",  "birthDateField",  "eraChoice",
                                              "eraYearField", "useWarekiButton", "mainButton"};
    std::vector<wxRect> before;
    for (const auto& name : watched) {
        ASSERT_NE(k.findShown(name), nullptr) << name;
        before.push_back(k.findShown(name)->GetScreenRect());
    }
    ASSERT_TRUE(k.waitFor([&] { return k.find("idleWarning")->IsShownOnScreen(); }, 35s));
    k.screenshot("timeout-warning");
    // ...is where they stay while it shows: the warning takes the header's place.
    for (std::size_t i = 0; i < watched.size(); ++i) {
        wxWindow* w = k.findShown(watched[i]);
        ASSERT_NE(w, nullptr) << watched[i] << " hidden by the warning";
        EXPECT_EQ(w->GetScreenRect(), before[i]) << watched[i];
        EXPECT_GE(w->GetSize().y, 64) << watched[i];
    }
    const wxRect warning = k.find("idleWarning")->GetScreenRect();
    EXPECT_LE(warning.GetBottom(), before[0].GetTop()) << "the warning covers no field";
    EXPECT_NE(k.findShown("continueButton"), nullptr);
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

int main(int argc, char** argv) {
    return madoguchi::gui::test::runGuiTests(argc, argv);
}
