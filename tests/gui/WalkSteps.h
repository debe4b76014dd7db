// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "Contains.h"
#include "KioskDriver.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

// Steps and checks shared by the kiosk walks (GuiWalkTest, KioskBehaviourTest, KeyWalkTest,
// ThemeTest).
namespace madoguchi::gui::test {

using madoguchi::test::contains;

std::filesystem::path freshDir(const std::string& name);
// The demo kiosk in `dir` (its store and printed slip), in Japanese.
RuntimeOptions demoOptions(const std::filesystem::path& dir);
std::string zbar(const std::filesystem::path& png);
// The current TOTP code, or the code `secondsAgo` seconds back (oathtool, independent of us).
std::string totpNow(const std::string& secret, int secondsAgo = 0);

struct OutboxRow {
    std::string kind;
    std::string enrollmentUuid;
    std::int64_t payloadBytes;
};
std::vector<OutboxRow> outboxRows(const std::filesystem::path& store);

std::string fieldText(KioskDriver& k, const std::string& name);
std::size_t secretSize(KioskDriver& k, const std::string& name);

// A member's way through steps ② to ⑥: a temporary login of the demo roster and what the
// member types and chooses.
struct Basics {
    std::string userId = {};
    std::string tempId = "DEMO0001";
    std::string tempPassword = "demo-pass-01";
    std::string birthDate = "19480405";
    std::string method = "chooseOtp"; // the button pressed at ③
    std::string email = "taro@example.jp";
    // With a number: a screenshot numbered from it and a language check of every screen.
    std::optional<int> shot = {};
    // Text typed by tapping the on-screen keyboard instead of the X keyboard.
    bool onScreenKeys = false;
};

// Touches the field and types `text` into it: on the on-screen keys or the X keyboard.
void enterText(KioskDriver& k, const std::string& field, const std::string& text,
               bool onScreenKeys);

// On TempLogin: types the temporary ID and password, and the birth date on the keypad.
void typeTempLogin(KioskDriver& k, const std::string& tempId, const std::string& tempPassword,
                   const std::string& birthDate, bool onScreenKeys = false);
// From Attract by touch through ② and the terms; ends on UserId.
void goToUserId(KioskDriver& k, const Basics& b);
// Steps ② to ⑥ by touch (temp login, terms, user ID, method, password, email); ends on
// BasicDone.
void registerBasics(KioskDriver& k, const Basics& b);
// The same with a numbered screenshot and a language check of each screen from `shot`.
void registerBasicsByTouch(KioskDriver& k, const std::string& userId, int shot,
                           const std::string& tempId = "DEMO0001",
                           const std::string& tempPassword = "demo-pass-01",
                           const std::string& birthDate = "19480405",
                           const std::string& method = "chooseOtp");
// From BasicDone through ⑦-⑨ to OtpVerify; returns the secret read off the QR code.
std::string goToOtpVerify(KioskDriver& k, const std::string& userId, const std::string& shotPrefix);
// Reads the otpauth URI off the screen with zbarimg and returns the secret.
std::string scanOtpauth(KioskDriver& k, const std::string& shotName, const std::string& userId);

// Language checks on what the screen shows: no Japanese on an English screen (but the
// 日本語 toggle and data such as ITC健保), no English words on a Japanese screen (but the
// names, units and examples the kiosk shows in Latin letters on purpose).
// `data`: what the member typed and may see again (a user ID).
std::vector<std::string> japaneseLeftOnEnglishScreen(KioskDriver& k);
std::vector<std::string> englishLeftOnJapaneseScreen(KioskDriver& k,
                                                     const std::vector<std::string>& data = {});
// Fails the test when the screen shows words of the other language than the kiosk's.
void expectOneLanguage(KioskDriver& k, const std::vector<std::string>& data = {});

} // namespace madoguchi::gui::test
