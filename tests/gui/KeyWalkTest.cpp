// SPDX-License-Identifier: Apache-2.0
// The kiosk's security-key screens (⑪-⑬) under Xvfb, with a software FIDO2 key plugged into
// libfido2 through the HID transport seam as the kiosk's only key: the whole path by touch up
// to the central store, and the member-facing error paths.
#include "DemoCentral.h"
#include "KioskDriver.h"
#include "SoftAuthenticator.h"
#include "central/CentralService.h"
#include "devices/Fido2DeviceManager.h"
#include "flow/EnrollmentFlow.h"
#include "kiosk/KioskController.h"
#include "sqlite/Database.h"
#include "sqlite/Statement.h"
#include "sync/OutboxWorker.h"
#include "widgets/SecretField.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <wx/app.h>
#include <wx/init.h>
#include <wx/textctrl.h>

#include <unistd.h>

namespace madoguchi::gui::test {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using devices::test::SoftAuthenticator;
using devices::test::SoftHidTransport;

fs::path freshDir(const std::string& name) {
    fs::path dir =
        fs::temp_directory_path() / ("madoguchi-keygui-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

RuntimeOptions keyOptions(const fs::path& dir, std::shared_ptr<SoftHidTransport> transport) {
    RuntimeOptions options;
    options.demo = true;
    options.storePath = dir / "kiosk.db";
    options.language = "ja";
    options.deviceManager = std::make_shared<devices::Fido2DeviceManager>(std::move(transport));
    return options;
}

std::vector<std::string> outboxKinds(const fs::path& store) {
    std::vector<std::string> kinds;
    sqlite::OpenOptions options;
    options.readOnly = true;
    auto db = sqlite::Database::open(store, options);
    EXPECT_TRUE(db.ok());
    if (!db) {
        return kinds;
    }
    auto st = db->prepare("SELECT kind FROM outbox ORDER BY id");
    EXPECT_TRUE(st.ok());
    while (st) {
        auto step = st->step();
        if (!step || *step != sqlite::StepResult::Row) {
            break;
        }
        kinds.push_back(st->columnText(0));
    }
    return kinds;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// Steps ② to ⑥ by touch, choosing "A security key" at ③; ends on `firstKeyScreen`: KeyInsert
// when no key is attached, KeyPin when one is (the kiosk finds it without the member).
void registerBasicsChoosingAKey(KioskDriver& k, const std::string& tempId,
                                const std::string& tempPassword, const std::string& birthDate,
                                const std::string& userId,
                                FlowState firstKeyScreen = FlowState::KeyInsert) {
    ASSERT_EQ(k.state(), FlowState::Attract);
    k.click("mainButton");
    ASSERT_TRUE(k.waitForState(FlowState::TempLogin));
    k.focus("tempIdField");
    k.type(tempId);
    k.focus("tempPasswordField");
    k.type(tempPassword);
    k.focus("birthDateField");
    k.tapDigits(birthDate);
    k.click("mainButton");
    ASSERT_TRUE(k.waitForState(FlowState::Terms)) << k.visibleText();
    k.click("mainButton");
    ASSERT_TRUE(k.waitForState(FlowState::UserId));
    k.focus("userIdField");
    k.type(userId);
    k.click("mainButton");
    ASSERT_TRUE(k.waitForState(FlowState::MfaChoice)) << k.visibleText();
    k.click("chooseKey");
    ASSERT_TRUE(k.waitForState(FlowState::Password));
    k.focus("passwordField");
    k.type("Sakura_Haru.2026");
    k.focus("passwordConfirmField");
    k.type("Sakura_Haru.2026");
    k.click("mainButton");
    ASSERT_TRUE(k.waitForState(FlowState::Email)) << k.visibleText();
    k.focus("emailField");
    k.type("hanako@example.jp");
    k.focus("emailConfirmField");
    k.type("hanako@example.jp");
    k.click("mainButton");
    ASSERT_TRUE(k.waitForState(FlowState::BasicDone, 60s)) << k.visibleText();
    k.click("mainButton");
    ASSERT_TRUE(k.waitForState(firstKeyScreen)) << k.visibleText();
}

void typePin(KioskDriver& k, const std::string& field, const std::string& digits) {
    k.click(field);
    k.tapDigits(digits);
}

std::size_t secretSize(KioskDriver& k, const std::string& name) {
    auto* field = dynamic_cast<SecretField*>(k.find(name));
    return field == nullptr ? 999 : field->value().size();
}

TEST(KioskKeyGui, RegistersAFreshKeyByTouchAndTheCredentialReachesTheCentralStore) {
    const fs::path dir = freshDir("walk");
    auto transport = std::make_shared<SoftHidTransport>();
    SoftAuthenticator::Options keyOptionsSoft;
    keyOptionsSoft.minPinLength = 6;
    auto soft = std::make_shared<SoftAuthenticator>(keyOptionsSoft);
    transport->add(soft);
    KioskDriver k(keyOptions(dir, transport));
    registerBasicsChoosingAKey(k, "DEMO0002", "demo-pass-02", "19890108", "suzuki.hanako",
                               FlowState::KeyPin);
    if (HasFatalFailure()) {
        return;
    }

    // ⑪ The key is found by itself; it has no PIN, so the member chooses one.
    ASSERT_TRUE(k.waitForState(FlowState::KeyPin, 10s)) << k.visibleText();
    EXPECT_FALSE(k.runtime().flow().keyHasPin());
    ASSERT_NE(k.find("keyPinConfirmField"), nullptr);
    EXPECT_TRUE(k.find("keyPinConfirmField")->IsShownOnScreen());
    // Shorter than the key's minimum (6): refused before the key sees it.
    typePin(k, "keyPinField", "2468");
    typePin(k, "keyPinConfirmField", "2468");
    k.click("mainButton");
    k.pump(300ms);
    EXPECT_EQ(k.state(), FlowState::KeyPin);
    EXPECT_FALSE(soft->pinSet());
    EXPECT_TRUE(contains(k.visibleText(), "6")) << k.visibleText();
    // Two different PINs: refused.
    typePin(k, "keyPinField", "246813");
    typePin(k, "keyPinConfirmField", "246812");
    k.click("mainButton");
    k.pump(300ms);
    EXPECT_EQ(k.state(), FlowState::KeyPin);
    EXPECT_FALSE(soft->pinSet());
    typePin(k, "keyPinField", "246813");
    typePin(k, "keyPinConfirmField", "246813");
    k.screenshot("key-01-pin-new");
    k.click("mainButton");

    // ⑫ The soft key touches at once; the registration runs with the PIN just set.
    ASSERT_TRUE(k.waitForState(FlowState::KeyName, 20s)) << k.visibleText();
    EXPECT_TRUE(soft->pinSet());
    EXPECT_EQ(soft->credentialCount(), 1U);
    const auto made = soft->lastMakeCredential();
    EXPECT_EQ(made.rpId, "www.itochukenpo.portal.kosmo-web.jp");
    EXPECT_EQ(made.userName, "suzuki.hanako");
    EXPECT_EQ(made.userId.size(), 32U);
    EXPECT_TRUE(made.pinAuthSent) << "registered with user verification";
    EXPECT_EQ(made.excludeCount, 0U);
    EXPECT_EQ(secretSize(k, "keyPinField"), 0U) << "the PIN field is wiped";

    // ⑬ The default name from the profile; saving commits the second factor.
    auto* name = dynamic_cast<wxTextCtrl*>(k.find("keyNameField"));
    ASSERT_NE(name, nullptr);
    EXPECT_EQ(name->GetValue().utf8_string(), "ITC健保");
    k.screenshot("key-03-name");
    k.click("mainButton");
    ASSERT_TRUE(k.waitForState(FlowState::KeyTry, 30s)) << k.visibleText();
    const auto kinds = outboxKinds(dir / "kiosk.db");
    EXPECT_EQ(kinds.size(), 2U) << "registration at ⑥ and the key's second factor";
    k.screenshot("key-04-try");
    const std::uint32_t countBefore = soft->signCount();
    k.click("mainButton");
    ASSERT_TRUE(k.waitForState(FlowState::Complete, 20s)) << k.visibleText();
    EXPECT_GT(soft->signCount(), countBefore) << "the try was a real assertion";
    EXPECT_FALSE(contains(k.visibleText(), "246813"));
    k.screenshot("key-05-complete");

    // The worker delivers both submissions; the central store holds the key's binding.
    auto* demo = k.runtime().demoCentral();
    ASSERT_NE(demo, nullptr);
    k.runtime().worker().wake();
    std::vector<central::SecondFactorRecord> factors;
    EXPECT_TRUE(k.waitFor(
        [&] {
            auto listed = demo->service().store().listSecondFactors();
            if (listed && !listed->empty()) {
                factors = *listed;
                return true;
            }
            return false;
        },
        30s));
    ASSERT_EQ(factors.size(), 1U);
    EXPECT_EQ(factors[0].userId, "suzuki.hanako");
    EXPECT_EQ(factors[0].method, "security_key");
    auto result = nlohmann::json::parse(factors[0].resultJson, nullptr, false);
    ASSERT_FALSE(result.is_discarded());
    ASSERT_TRUE(result.contains("webauthn")) << factors[0].resultJson;
    const auto& webAuthn = result["webauthn"];
    EXPECT_EQ(webAuthn.value("device_name", ""), "ITC健保") << webAuthn.dump();
    EXPECT_EQ(webAuthn.value("aaguid", ""), "6d61646f-6775-6368-692d-736f66740001");
    EXPECT_FALSE(webAuthn.value("credential_id", "").empty());
    EXPECT_FALSE(webAuthn.value("public_key_cose", "").empty());

    k.click("mainButton"); // Finish
    ASSERT_TRUE(k.waitForState(FlowState::Attract));
    EXPECT_TRUE(k.runtime().flow().draft().isEmpty());
    fs::remove_all(dir);
}

TEST(KioskKeyGui, SaysWhenNoKeyIsThereAsksAnExistingPinAndRetriesATouchTimeout) {
    const fs::path dir = freshDir("errors");
    auto transport = std::make_shared<SoftHidTransport>();
    KioskDriver k(keyOptions(dir, transport));
    registerBasicsChoosingAKey(k, "DEMO0003", "demo-pass-03", "20000229", "sato.jiro");
    if (HasFatalFailure()) {
        return;
    }

    // No key: the screen says so in Japanese and keeps looking.
    ASSERT_TRUE(k.waitFor([&] { return contains(k.visibleText(), "見つかりません"); }, 10s))
        << k.visibleText();
    EXPECT_EQ(k.state(), FlowState::KeyInsert);
    k.screenshot("key-00-insert-no-key");

    // A key that already has a PIN is plugged in.
    auto soft = std::make_shared<SoftAuthenticator>(SoftAuthenticator::Options{});
    soft->setPin("135790");
    transport->add(soft);
    ASSERT_TRUE(k.waitForState(FlowState::KeyPin, 10s)) << k.visibleText();
    EXPECT_TRUE(k.runtime().flow().keyHasPin());
    EXPECT_FALSE(k.find("keyPinConfirmField")->IsShownOnScreen());
    const int retriesBefore = soft->pinRetries();
    typePin(k, "keyPinField", "111111");
    k.click("mainButton");
    ASSERT_TRUE(k.waitFor([&] { return soft->pinRetries() < retriesBefore; }, 10s));
    k.pump(500ms);
    EXPECT_EQ(k.state(), FlowState::KeyPin);
    const std::string left = std::to_string(soft->pinRetries());
    EXPECT_TRUE(contains(k.visibleText(), "あと" + left + "回")) << k.visibleText();
    k.screenshot("key-01-pin-wrong");

    // The right PIN; the member does not touch: the timeout is explained, then a retry works.
    soft->setTouch(SoftAuthenticator::Touch::Never);
    typePin(k, "keyPinField", "135790");
    k.click("mainButton");
    ASSERT_TRUE(k.waitForState(FlowState::KeyTouch, 10s)) << k.visibleText();
    k.screenshot("key-02-touch");
    ASSERT_TRUE(k.waitFor(
        [&] {
            const auto& error = k.runtime().flow().lastError();
            return error && error->code == ErrorCode::DeviceTouchTimeout;
        },
        60s))
        << k.visibleText();
    k.pump(300ms);
    EXPECT_EQ(k.state(), FlowState::KeyTouch);
    EXPECT_EQ(soft->credentialCount(), 0U);
    k.screenshot("key-02-touch-timeout");
    soft->setTouch(SoftAuthenticator::Touch::Immediate);
    k.click("mainButton"); // Try again
    ASSERT_TRUE(k.waitForState(FlowState::KeyName, 20s)) << k.visibleText();
    EXPECT_EQ(soft->credentialCount(), 1U);

    // Cancel ends the visit and forgets the key.
    k.click("cancelButton");
    ASSERT_TRUE(k.waitForState(FlowState::Attract));
    EXPECT_TRUE(k.runtime().flow().draft().isEmpty());
    fs::remove_all(dir);
}

TEST(KioskKeyGui, AKioskWithoutFido2SupportSaysTheMethodIsUnavailable) {
    const fs::path dir = freshDir("none");
    // A manager whose list() fails as a kiosk without FIDO2 support would.
    struct NoFido2 final : devices::IDeviceManager {
        Result<std::vector<devices::DeviceEntry>> list() override {
            return Error{ErrorCode::DeviceUnsupported, "no FIDO2 here"};
        }
        Result<std::unique_ptr<devices::IAuthenticator>> open(const std::string&) override {
            return Error{ErrorCode::DeviceUnsupported, "no FIDO2 here"};
        }
    };
    RuntimeOptions options = keyOptions(dir, std::make_shared<SoftHidTransport>());
    options.deviceManager = std::make_shared<NoFido2>();
    KioskDriver k(options);
    registerBasicsChoosingAKey(k, "DEMO0005", "demo-pass-05", "19721103", "ito.kenji");
    if (HasFatalFailure()) {
        return;
    }
    ASSERT_TRUE(k.waitFor([&] { return contains(k.visibleText(), "使えません"); }, 10s))
        << k.visibleText();
    EXPECT_EQ(k.state(), FlowState::KeyInsert);
    k.click("otherMethodButton");
    ASSERT_TRUE(k.waitForState(FlowState::MfaChoiceAfterCommit)) << k.visibleText();
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
