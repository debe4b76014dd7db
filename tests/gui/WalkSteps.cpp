// SPDX-License-Identifier: Apache-2.0
#include "WalkSteps.h"

#include "I18n.h"
#include "otp/OtpauthUri.h"
#include "sqlite/Database.h"
#include "sqlite/Statement.h"
#include "widgets/SecretField.h"

#include <gtest/gtest.h>
#include <wx/anybutton.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include <algorithm>
#include <regex>
#include <unistd.h>

namespace madoguchi::gui::test {

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

std::string totpNow(const std::string& secret, int secondsAgo) {
    std::string now;
    if (secondsAgo != 0) {
        now = " --now \"$(date -u -d '-" + std::to_string(secondsAgo) +
              " seconds' '+%Y-%m-%d %H:%M:%S UTC')\"";
    }
    return run("oathtool --totp -b '" + secret + "'" + now);
}

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

namespace {
// After each screen of a walk with `b.shot`: its numbered screenshot and a language check.
void lookAt(KioskDriver& k, const Basics& b, int offset, const char* screen) {
    if (b.shot) {
        k.screenshot(std::to_string(*b.shot + offset) + "-" + screen);
        expectOneLanguage(k, {b.userId});
    }
}
} // namespace

void enterText(KioskDriver& k, const std::string& field, const std::string& text,
               bool onScreenKeys) {
    k.focus(field);
    if (onScreenKeys) {
        k.tapKeys(text);
    } else {
        k.type(text);
    }
}

void typeTempLogin(KioskDriver& k, const std::string& tempId, const std::string& tempPassword,
                   const std::string& birthDate, bool onScreenKeys) {
    enterText(k, "tempIdField", tempId, onScreenKeys);
    enterText(k, "tempPasswordField", tempPassword, onScreenKeys);
    k.focus("birthDateField");
    k.tapDigits(birthDate);
}

void goToUserId(KioskDriver& k, const Basics& b) {
    lookAt(k, b, 0, "attract");
    k.click("mainButton");
    ASSERT_TRUE(k.waitForState(FlowState::TempLogin));
    typeTempLogin(k, b.tempId, b.tempPassword, b.birthDate, b.onScreenKeys);
    lookAt(k, b, 1, "temp-login");
    k.click("mainButton");
    ASSERT_TRUE(k.waitForState(FlowState::Terms)) << k.visibleText();
    lookAt(k, b, 2, "terms");
    k.click("mainButton");
    ASSERT_TRUE(k.waitForState(FlowState::UserId));
}

void registerBasics(KioskDriver& k, const Basics& b) {
    ASSERT_EQ(k.state(), FlowState::Attract);
    ASSERT_NO_FATAL_FAILURE(goToUserId(k, b));
    enterText(k, "userIdField", b.userId, b.onScreenKeys);
    lookAt(k, b, 3, "user-id");
    k.click("mainButton");
    ASSERT_TRUE(k.waitForState(FlowState::MfaChoice)) << k.visibleText();
    lookAt(k, b, 4, "method");
    k.click(b.method);
    ASSERT_TRUE(k.waitForState(FlowState::Password));
    enterText(k, "passwordField", "Sakura_Haru.2026", b.onScreenKeys);
    enterText(k, "passwordConfirmField", "Sakura_Haru.2026", b.onScreenKeys);
    lookAt(k, b, 5, "password");
    k.click("mainButton");
    ASSERT_TRUE(k.waitForState(FlowState::Email)) << k.visibleText();
    enterText(k, "emailField", b.email, b.onScreenKeys);
    enterText(k, "emailConfirmField", b.email, b.onScreenKeys);
    lookAt(k, b, 6, "email");
    k.click("mainButton");
    ASSERT_TRUE(k.waitForState(FlowState::BasicDone, 60s)) << k.visibleText();
    lookAt(k, b, 7, "basic-done");
}

void registerBasicsByTouch(KioskDriver& k, const std::string& userId, int shot,
                           const std::string& tempId, const std::string& tempPassword,
                           const std::string& birthDate, const std::string& method) {
    registerBasics(k, {.userId = userId,
                       .tempId = tempId,
                       .tempPassword = tempPassword,
                       .birthDate = birthDate,
                       .method = method,
                       .shot = shot});
}

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

std::string goToOtpVerify(KioskDriver& k, const std::string& userId,
                          const std::string& shotPrefix) {
    k.click("mainButton");
    EXPECT_TRUE(k.waitForState(FlowState::OtpInstallApp));
    k.click("mainButton");
    EXPECT_TRUE(k.waitForState(FlowState::OtpDeviceName));
    k.click("mainButton");
    EXPECT_TRUE(k.waitForState(FlowState::OtpScan));
    const std::string secret = scanOtpauth(k, shotPrefix + "-otp-scan", userId);
    k.click("mainButton");
    EXPECT_TRUE(k.waitForState(FlowState::OtpVerify));
    return secret;
}

namespace {
// Every label and button caption on screen, with the widget's name.
void collectLabels(wxWindow* w, std::vector<std::pair<std::string, std::string>>& out) {
    if (!w->IsShownOnScreen()) {
        return;
    }
    if (dynamic_cast<wxStaticText*>(w) != nullptr || dynamic_cast<wxAnyButton*>(w) != nullptr) {
        out.emplace_back(w->GetName().utf8_string(), w->GetLabel().utf8_string());
    }
    for (wxWindow* child : w->GetChildren()) {
        collectLabels(child, out);
    }
}

std::vector<std::pair<std::string, std::string>> labels(KioskDriver& k) {
    std::vector<std::pair<std::string, std::string>> out;
    if (k.frame() != nullptr) {
        collectLabels(k.frame(), out);
    }
    return out;
}
} // namespace

std::vector<std::string> japaneseLeftOnEnglishScreen(KioskDriver& k) {
    // Kana, CJK ideographs, full-width forms; "ITC健保" is the society's device name (data).
    const std::wregex japanese(L"[\u3040-\u30ff\u4e00-\u9fff\uff01-\uff60]");
    std::vector<std::string> found;
    for (const auto& [name, text] : labels(k)) {
        if (name == "languageButton") {
            continue; // 日本語: the toggle names the other language in that language
        }
        std::string cleaned = std::regex_replace(text, std::regex("ITC健保"), "");
        const wxString wide = wxString::FromUTF8(cleaned);
        if (std::regex_search(wide.ToStdWstring(), japanese)) {
            found.push_back(name + ": " + text);
        }
    }
    return found;
}

std::vector<std::string> englishLeftOnJapaneseScreen(KioskDriver& k,
                                                     const std::vector<std::string>& data) {
    // What the Japanese screens show in Latin letters on purpose (as the catalogue test's
    // allow-list): names of apps, stores and phones, units, examples, and the member's data.
    static const std::vector<std::string> allowed = {"Google Authenticator",
                                                     "Microsoft Authenticator",
                                                     "Google Play",
                                                     "App Store",
                                                     "Google",
                                                     "Microsoft",
                                                     "Authenticator",
                                                     "Android",
                                                     "iPhone",
                                                     "Gmail",
                                                     "Yahoo",
                                                     "Facebook",
                                                     "example.jp",
                                                     "yamada.taro",
                                                     "ID",
                                                     "URL",
                                                     "QR",
                                                     "USB",
                                                     "PIN",
                                                     "OK",
                                                     "ITC",
                                                     "English",
                                                     "a-z",
                                                     "e.g."};
    std::vector<std::string> found;
    const std::regex word("[A-Za-z][A-Za-z.@_-]*[A-Za-z]");
    for (const auto& [name, text] : labels(k)) {
        // The OTP key groups, the member's typed values and the portal's address are data,
        // not wording.
        if (name == "otpSecretGroups" || name == "summary" || name == "userIdNormalized" ||
            name == "completeUserId" || name == "portalUrl") {
            continue;
        }
        // A wrapped line may break a name in two ("App\nStore"): read it as one line.
        std::string rest = std::regex_replace(text, std::regex("\n"), " ");
        std::vector<std::string> words = data;
        words.insert(words.end(), allowed.begin(), allowed.end());
        for (const auto& a : words) {
            for (std::size_t at = rest.find(a); at != std::string::npos; at = rest.find(a)) {
                // Built by appending: GCC 12 at -O3 reports a false -Wrestrict on replace().
                std::string joined(rest, 0, at);
                joined.push_back(' ');
                joined.append(rest, at + a.size(), std::string::npos);
                rest = std::move(joined);
            }
        }
        for (auto it = std::sregex_iterator(rest.begin(), rest.end(), word);
             it != std::sregex_iterator(); ++it) {
            found.push_back(name + ": " + it->str() + " in \"" + text + "\"");
        }
    }
    return found;
}

void expectOneLanguage(KioskDriver& k, const std::vector<std::string>& data) {
    const auto stray = I18n::language() == Language::Japanese ? englishLeftOnJapaneseScreen(k, data)
                                                              : japaneseLeftOnEnglishScreen(k);
    std::string list;
    for (const auto& s : stray) {
        list += "\n  " + s;
    }
    EXPECT_TRUE(stray.empty()) << toString(k.state()) << " in " << I18n::code(I18n::language())
                               << ":" << list;
}

} // namespace madoguchi::gui::test
