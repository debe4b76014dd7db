// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "KioskDriver.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

// Steps and checks shared by the kiosk walks (GuiWalkTest, KioskBehaviourTest).
namespace madoguchi::gui::test {

std::filesystem::path freshDir(const std::string& name);
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

// Steps ② to ⑥ by touch (temp login, terms, user ID, method `method`, password, email),
// saving a numbered screenshot of each screen from `shot`; ends on BasicDone.
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
