// SPDX-License-Identifier: Apache-2.0
// The kiosk's security-key screens (⑪-⑬) under Xvfb, with a software FIDO2 key plugged into
// libfido2 through the HID transport seam as the kiosk's only key: the whole path by touch up
// to the central store, and the member-facing error paths.
#include "DemoCentral.h"
#include "KioskDriver.h"
#include "SoftAuthenticator.h"
#include "TestPki.h"
#include "WalkSteps.h"
#include "central/CentralService.h"
#include "core/Uuid.h"
#include "crypto/Base64.h"
#include "devices/Fido2DeviceManager.h"
#include "devices/SecurityKeyEnrollment.h"
#include "flow/EnrollmentFlow.h"
#include "kiosk/KioskController.h"
#include "screens/SecurityKeySession.h"
#include "sync/OutboxWorker.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <wx/textctrl.h>

#include <fstream>
#include <sstream>

namespace madoguchi::gui::test {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using devices::test::EvpPkey;
using devices::test::SoftAuthenticator;
using devices::test::SoftHidTransport;
using devices::test::TestPki;
using devices::test::X509Ptr;

constexpr const char* kSoftKeyAaguid = "6d61646f-6775-6368-692d-736f66740001";

RuntimeOptions keyOptions(const fs::path& dir, std::shared_ptr<SoftHidTransport> transport) {
    RuntimeOptions options = demoOptions(dir);
    options.deviceManager = std::make_shared<devices::Fido2DeviceManager>(std::move(transport));
    return options;
}

// The demo kiosk's configuration with its [kiosk.fido2] table (the file's last) replaced by
// `fido2` (TOML lines), written into `dir`.
fs::path writeKioskConfig(const fs::path& dir, const std::string& fido2) {
    const fs::path profiles = fs::path(MADOGUCHI_SOURCE_DIR) / "assets" / "profiles";
    std::ifstream in(profiles / "demo-kiosk.toml");
    std::stringstream demo;
    demo << in.rdbuf();
    std::string text = demo.str();
    const std::string profileLine = "profile = \"itc-kenpo.toml\"";
    EXPECT_NE(text.find(profileLine), std::string::npos);
    text.replace(text.find(profileLine), profileLine.size(),
                 "profile = \"" + (profiles / "itc-kenpo.toml").string() + "\"");
    text = text.substr(0, text.find("[kiosk.fido2]")) + "[kiosk.fido2]\n" + fido2 + "\n";
    const fs::path path = dir / "kiosk.toml";
    std::ofstream(path) << text;
    return path;
}

RuntimeOptions configuredKeyOptions(const fs::path& dir,
                                    std::shared_ptr<SoftHidTransport> transport,
                                    const std::string& fido2) {
    RuntimeOptions options = keyOptions(dir, std::move(transport));
    options.configPath = writeKioskConfig(dir, fido2);
    return options;
}

// A software key plugged into `transport`, with `pin` as its PIN unless that is empty.
std::shared_ptr<SoftAuthenticator> plugKey(SoftHidTransport& transport,
                                           SoftAuthenticator::Options options = {},
                                           const std::string& pin = "") {
    auto soft = std::make_shared<SoftAuthenticator>(std::move(options));
    if (!pin.empty()) {
        soft->setPin(pin);
    }
    transport.add(soft);
    return soft;
}

// Steps ② to ⑥ by touch, choosing "A security key" at ③; ends on `firstKeyScreen`: KeyInsert
// when no key is attached, KeyPin when one is (the kiosk finds it without the member).
void registerBasicsChoosingAKey(KioskDriver& k, const std::string& tempId,
                                const std::string& tempPassword, const std::string& birthDate,
                                const std::string& userId,
                                FlowState firstKeyScreen = FlowState::KeyInsert) {
    ASSERT_NO_FATAL_FAILURE(registerBasics(k, {.userId = userId,
                                               .tempId = tempId,
                                               .tempPassword = tempPassword,
                                               .birthDate = birthDate,
                                               .method = "chooseKey",
                                               .email = "hanako@example.jp"}));
    k.click("mainButton");
    ASSERT_TRUE(k.waitForState(firstKeyScreen)) << k.visibleText();
}

void typePin(KioskDriver& k, const std::string& field, const std::string& digits) {
    k.click(field);
    k.tapDigits(digits);
}

// Types `digits` into the PIN field on KeyPin and presses the main button.
void enterPin(KioskDriver& k, const std::string& digits) {
    typePin(k, "keyPinField", digits);
    k.click("mainButton");
}

// The flow's last error is a device error with `code` (what the key screens explain).
bool lastErrorIs(KioskDriver& k, ErrorCode code) {
    const auto& error = k.runtime().flow().lastError();
    return error && error->code == code;
}

// The second factors the central store received (after the worker delivered them).
std::vector<central::SecondFactorRecord> deliveredSecondFactors(KioskDriver& k) {
    std::vector<central::SecondFactorRecord> factors;
    auto* demo = k.runtime().demoCentral();
    EXPECT_NE(demo, nullptr);
    if (demo == nullptr) {
        return factors;
    }
    k.runtime().worker().wake();
    EXPECT_TRUE(k.waitFor(
        [&] {
            auto listed = demo->service().openedSecondFactors();
            if (listed && !listed->empty()) {
                factors = *listed;
                return true;
            }
            return false;
        },
        30s));
    return factors;
}

// Stays on KeyInsert for `duration` although the key is still in the port.
::testing::AssertionResult staysOnKeyInsert(KioskDriver& k, std::chrono::milliseconds duration) {
    const auto until = std::chrono::steady_clock::now() + duration;
    while (std::chrono::steady_clock::now() < until) {
        k.pump(100ms);
        if (k.state() != FlowState::KeyInsert) {
            return ::testing::AssertionFailure()
                   << "moved on to " << toString(k.state()) << ": " << k.visibleText();
        }
    }
    return ::testing::AssertionSuccess();
}

TEST(KioskKeyGui, RegistersAFreshKeyByTouchAndTheCredentialReachesTheCentralStore) {
    const fs::path dir = freshDir("walk");
    auto transport = std::make_shared<SoftHidTransport>();
    SoftAuthenticator::Options sixDigitPins;
    sixDigitPins.minPinLength = 6;
    auto soft = plugKey(*transport, sixDigitPins);
    KioskDriver k(keyOptions(dir, transport));
    ASSERT_NO_FATAL_FAILURE(registerBasicsChoosingAKey(k, "DEMO0002", "demo-pass-02", "19890108",
                                                       "suzuki.hanako", FlowState::KeyPin));

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
    // The account's handle: the text of a random UUID (the Keycloak user ID it exports).
    const std::string handle(made.userId.begin(), made.userId.end());
    EXPECT_TRUE(isUuid(handle)) << handle;
    EXPECT_TRUE(made.pinAuthSent) << "registered with user verification";
    EXPECT_EQ(made.excludeCount, 0U);
    EXPECT_EQ(secretSize(k, "keyPinField"), 0U) << "the PIN field is wiped";
    EXPECT_TRUE(contains(k.visibleText(), "Soft FIDO2 Key")) << "the model, without metadata";

    // Asked again in this enrollment, the kiosk excludes the credential it just registered
    // and keeps the account's handle: the same key cannot be registered twice.
    auto again = k.runtime().controller().securityKeyRequest();
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->userHandle, made.userId);
    ASSERT_EQ(again->excludeCredentialIds.size(), 1U);
    {
        devices::Fido2DeviceManager manager(transport);
        auto key = manager.open("soft://1");
        ASSERT_TRUE(key.ok());
        devices::SecurityKeyEnrollment enrollment(**key, devices::AttestationPolicy{});
        ASSERT_TRUE(enrollment.enterPin(SecureBuffer::fromText("246813")).ok());
        EXPECT_EQ(enrollment.registerCredential(gui::registrationFor(*again)).code(),
                  ErrorCode::DeviceCredentialExcluded);
        EXPECT_EQ(soft->lastMakeCredential().excludeCount, 1U);
        EXPECT_EQ(soft->credentialCount(), 1U);
    }

    // ⑬ The default name from the profile; saving commits the second factor.
    auto* name = dynamic_cast<wxTextCtrl*>(k.find("keyNameField"));
    ASSERT_NE(name, nullptr);
    EXPECT_EQ(name->GetValue().utf8_string(), "ITC健保");
    k.screenshot("key-03-name");
    k.click("mainButton");
    ASSERT_TRUE(k.waitForState(FlowState::KeyTry, 30s)) << k.visibleText();
    EXPECT_EQ(outboxRows(dir / "kiosk.db").size(), 2U)
        << "registration at ⑥ and the key's second factor";
    k.screenshot("key-04-try");
    const std::uint32_t countBefore = soft->signCount();
    k.click("mainButton");
    ASSERT_TRUE(k.waitForState(FlowState::Complete, 20s)) << k.visibleText();
    EXPECT_GT(soft->signCount(), countBefore) << "the try was a real assertion";
    EXPECT_FALSE(contains(k.visibleText(), "246813"));
    k.screenshot("key-05-complete");

    // The worker delivers both submissions; the central store holds the key's binding.
    const auto factors = deliveredSecondFactors(k);
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
    // The attestation statement and the user handle reach the central service too.
    EXPECT_FALSE(webAuthn.value("attestation_statement", "").empty()) << webAuthn.dump();
    EXPECT_EQ(crypto::Base64::decodeUrl(webAuthn.value("user_handle", "")).value(), made.userId);
    EXPECT_EQ(webAuthn.value("attestation_trust", ""), "not_checked");
    EXPECT_EQ(webAuthn.value("model_name", ""), "Soft FIDO2 Key");

    k.click("mainButton"); // Finish
    ASSERT_TRUE(k.waitForState(FlowState::Attract));
    EXPECT_TRUE(k.runtime().flow().draft().isEmpty());
    fs::remove_all(dir);
}

TEST(KioskKeyGui, SaysWhenNoKeyIsThereAsksAnExistingPinAndRetriesATouchTimeout) {
    const fs::path dir = freshDir("errors");
    auto transport = std::make_shared<SoftHidTransport>();
    KioskDriver k(keyOptions(dir, transport));
    ASSERT_NO_FATAL_FAILURE(
        registerBasicsChoosingAKey(k, "DEMO0003", "demo-pass-03", "20000229", "sato.jiro"));

    // No key: the screen says so in Japanese and keeps looking.
    ASSERT_TRUE(k.waitFor([&] { return contains(k.visibleText(), "見つかりません"); }, 10s))
        << k.visibleText();
    EXPECT_EQ(k.state(), FlowState::KeyInsert);
    k.screenshot("key-00-insert-no-key");

    // A key that already has a PIN is plugged in.
    auto soft = plugKey(*transport, {}, "135790");
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
    ASSERT_TRUE(k.waitFor([&] { return lastErrorIs(k, ErrorCode::DeviceTouchTimeout); }, 60s))
        << k.visibleText();
    k.pump(300ms);
    EXPECT_EQ(k.state(), FlowState::KeyTouch);
    EXPECT_EQ(soft->credentialCount(), 0U);
    k.screenshot("key-02-touch-timeout");
    const devices::Bytes firstHandle = soft->lastMakeCredential().userId;
    soft->setTouch(SoftAuthenticator::Touch::Immediate);
    k.click("mainButton"); // Try again
    ASSERT_TRUE(k.waitForState(FlowState::KeyName, 20s)) << k.visibleText();
    EXPECT_EQ(soft->credentialCount(), 1U);
    EXPECT_EQ(soft->lastMakeCredential().userId, firstHandle) << "one handle per account";
    EXPECT_EQ(k.runtime().flow().draft().keyUserHandle, firstHandle);

    // Cancel ends the visit and forgets the key.
    k.click("cancelButton");
    k.click("confirmStopButton");
    ASSERT_TRUE(k.waitForState(FlowState::Attract));
    EXPECT_TRUE(k.runtime().flow().draft().isEmpty());
    fs::remove_all(dir);
}

TEST(KioskKeyGui, AKeyPulledOutWhileWaitingForTheTouchIsExplainedAndTakenAgainWhenReinserted) {
    const fs::path dir = freshDir("removed");
    auto transport = std::make_shared<SoftHidTransport>();
    auto soft = plugKey(*transport, {}, "135790");
    KioskDriver k(keyOptions(dir, transport));
    ASSERT_NO_FATAL_FAILURE(registerBasicsChoosingAKey(k, "DEMO0001", "demo-pass-01", "19480405",
                                                       "kato.yoshie", FlowState::KeyPin));
    soft->setFault(SoftAuthenticator::Fault::RemovedDuringTouch);
    enterPin(k, "135790");
    ASSERT_TRUE(k.waitFor(
        [&] {
            return k.state() == FlowState::KeyInsert && lastErrorIs(k, ErrorCode::DeviceRemoved);
        },
        20s))
        << k.visibleText();
    k.pump(1500ms); // a poll or two with the key out: the message stays
    EXPECT_EQ(k.state(), FlowState::KeyInsert);
    EXPECT_TRUE(contains(k.visibleText(), "セキュリティキーが抜かれました")) << k.visibleText();
    k.screenshot("key-06-removed");
    EXPECT_EQ(soft->credentialCount(), 0U);

    // Back in the port: the kiosk takes it at once, asks the PIN again, and the touch works.
    soft->replug();
    ASSERT_TRUE(k.waitForState(FlowState::KeyPin, 10s)) << k.visibleText();
    enterPin(k, "135790");
    ASSERT_TRUE(k.waitForState(FlowState::KeyName, 20s)) << k.visibleText();
    EXPECT_EQ(soft->credentialCount(), 1U);
    fs::remove_all(dir);
}

TEST(KioskKeyGui, AnOperationTheKeyDeniesIsExplainedInEnglishAndTryAgainRegisters) {
    const fs::path dir = freshDir("denied");
    auto transport = std::make_shared<SoftHidTransport>();
    auto soft = plugKey(*transport, {}, "135790");
    RuntimeOptions options = keyOptions(dir, transport);
    options.language = "en";
    KioskDriver k(options);
    ASSERT_NO_FATAL_FAILURE(registerBasicsChoosingAKey(k, "DEMO0004", "demo-pass-04", "19560720",
                                                       "mori.takeshi", FlowState::KeyPin));
    soft->setTouch(SoftAuthenticator::Touch::Deny);
    enterPin(k, "135790");
    ASSERT_TRUE(k.waitFor([&] { return lastErrorIs(k, ErrorCode::DeviceDenied); }, 20s))
        << k.visibleText();
    k.pump(300ms);
    EXPECT_EQ(k.state(), FlowState::KeyTouch) << "the same key may simply try again";
    EXPECT_TRUE(
        contains(k.visibleText(), "The security key refused the request. Please try again."))
        << k.visibleText();
    k.screenshot("key-07-denied-en");
    EXPECT_EQ(soft->credentialCount(), 0U);
    soft->setTouch(SoftAuthenticator::Touch::Immediate);
    k.click("mainButton"); // Try again
    ASSERT_TRUE(k.waitForState(FlowState::KeyName, 20s)) << k.visibleText();
    EXPECT_EQ(soft->credentialCount(), 1U);
    fs::remove_all(dir);
}

TEST(KioskKeyGui, ABlockedKeyIsRefusedWithPlainWordsEvenAfterItIsPluggedInAgain) {
    const fs::path dir = freshDir("blocked");
    auto transport = std::make_shared<SoftHidTransport>();
    SoftAuthenticator::Options softOptions;
    softOptions.pinRetries = 2;
    auto soft = plugKey(*transport, softOptions, "135790");
    KioskDriver k(keyOptions(dir, transport));
    ASSERT_NO_FATAL_FAILURE(registerBasicsChoosingAKey(k, "DEMO0001", "demo-pass-01", "19480405",
                                                       "ono.haruko", FlowState::KeyPin));
    enterPin(k, "111111");
    ASSERT_TRUE(k.waitFor([&] { return soft->pinRetries() == 1; }, 10s));
    k.pump(500ms);
    ASSERT_EQ(k.state(), FlowState::KeyPin);
    enterPin(k, "222222"); // the last try: the key blocks its PIN
    ASSERT_TRUE(k.waitForState(FlowState::KeyInsert, 10s)) << k.visibleText();
    EXPECT_EQ(soft->pinRetries(), 0);
    const std::string blocked = "このキーはロックされていて使えません";
    EXPECT_TRUE(contains(k.visibleText(), blocked)) << k.visibleText();
    // Still in the port: not taken again, the message stays and asks for the key out.
    EXPECT_TRUE(staysOnKeyInsert(k, 2500ms));
    EXPECT_TRUE(contains(k.visibleText(), blocked)) << k.visibleText();
    EXPECT_TRUE(contains(k.visibleText(), "このキーを端末から抜いてください")) << k.visibleText();
    k.screenshot("key-08-blocked");

    // Out and in again: a blocked PIN stays blocked, so the key is refused as soon as it is read.
    soft->setFault(SoftAuthenticator::Fault::Removed);
    ASSERT_TRUE(k.waitFor([&] { return contains(k.visibleText(), "見つかりません"); }, 10s))
        << k.visibleText();
    soft->replug();
    ASSERT_TRUE(k.waitFor([&] { return contains(k.visibleText(), "抜いてください"); }, 10s))
        << k.visibleText();
    EXPECT_TRUE(staysOnKeyInsert(k, 1500ms));
    EXPECT_TRUE(contains(k.visibleText(), blocked)) << k.visibleText();

    // Another key is the way on.
    plugKey(*transport);
    ASSERT_TRUE(k.waitForState(FlowState::KeyPin, 10s)) << k.visibleText();
    EXPECT_FALSE(k.runtime().flow().keyHasPin()) << "the fresh key";
    fs::remove_all(dir);
}

TEST(KioskKeyGui, AKeyThatMustBeReplugedKeepsItsMessageUntilItHasBeenOutAndIn) {
    const fs::path dir = freshDir("replug");
    auto transport = std::make_shared<SoftHidTransport>();
    auto soft = plugKey(*transport, {}, "135790");
    KioskDriver k(keyOptions(dir, transport));
    ASSERT_NO_FATAL_FAILURE(registerBasicsChoosingAKey(k, "DEMO0004", "demo-pass-04", "19560720",
                                                       "ueda.kenta", FlowState::KeyPin));
    for (int wrong = 0; wrong < 2; ++wrong) {
        const int before = soft->pinRetries();
        enterPin(k, "111111");
        ASSERT_TRUE(k.waitFor([&] { return soft->pinRetries() < before; }, 10s));
        k.pump(500ms);
        ASSERT_EQ(k.state(), FlowState::KeyPin) << k.visibleText();
    }
    enterPin(k, "111111"); // the third wrong PIN in a row: the key wants a power cycle
    ASSERT_TRUE(k.waitForState(FlowState::KeyInsert, 10s)) << k.visibleText();
    ASSERT_TRUE(k.runtime().flow().lastError());
    EXPECT_EQ(k.runtime().flow().lastError()->code, ErrorCode::DeviceReplugRequired);
    const std::string replug = "キーを抜いてもう一度差し込み、やり直してください。";
    EXPECT_TRUE(contains(k.visibleText(), replug)) << k.visibleText();
    EXPECT_TRUE(staysOnKeyInsert(k, 2500ms)) << "the key is still in: not taken again";
    EXPECT_TRUE(contains(k.visibleText(), replug)) << k.visibleText();
    k.screenshot("key-09-replug");

    soft->setFault(SoftAuthenticator::Fault::Removed);
    ASSERT_TRUE(k.waitFor([&] { return contains(k.visibleText(), "見つかりません"); }, 10s))
        << k.visibleText();
    soft->replug();
    ASSERT_TRUE(k.waitForState(FlowState::KeyPin, 10s)) << k.visibleText();
    enterPin(k, "135790");
    ASSERT_TRUE(k.waitForState(FlowState::KeyName, 20s)) << k.visibleText();
    fs::remove_all(dir);
}

TEST(KioskKeyGui, AModelTheConfigDeniesIsRefusedAtOnceWithPlainWords) {
    const fs::path dir = freshDir("aaguid");
    auto transport = std::make_shared<SoftHidTransport>();
    auto soft = plugKey(*transport);
    KioskDriver k(configuredKeyOptions(dir, transport,
                                       "aaguid_allow = []\naaguid_deny = [\"" +
                                           std::string(kSoftKeyAaguid) + "\"]"));
    ASSERT_NO_FATAL_FAILURE(
        registerBasicsChoosingAKey(k, "DEMO0001", "demo-pass-01", "19480405", "kimura.aya"));
    ASSERT_TRUE(k.waitFor([&] { return lastErrorIs(k, ErrorCode::DeviceAaguidDenied); }, 10s))
        << k.visibleText();
    EXPECT_TRUE(contains(k.visibleText(), "この種類のセキュリティキーは健保組合では使えません"))
        << k.visibleText();
    EXPECT_TRUE(contains(k.visibleText(), "Soft FIDO2 Key：このキーを端末から抜いてください"))
        << k.visibleText();
    EXPECT_TRUE(staysOnKeyInsert(k, 2000ms));
    k.screenshot("key-10-aaguid-denied");
    EXPECT_FALSE(soft->pinSet()) << "refused before the member typed anything";
    EXPECT_EQ(soft->credentialCount(), 0U);

    // A model the society accepts goes on.
    SoftAuthenticator::Options other;
    other.aaguid = {0xee, 0x88, 0x28, 0x79, 0x72, 0x1c, 0x49, 0x13,
                    0x97, 0x75, 0x3d, 0xfc, 0xce, 0x97, 0x07, 0x2a};
    plugKey(*transport, other);
    ASSERT_TRUE(k.waitForState(FlowState::KeyPin, 10s)) << k.visibleText();
    fs::remove_all(dir);
}

TEST(KioskKeyGui, AnAttestationThatDoesNotChainToTheConfiguredRootsIsRefused) {
    const fs::path dir = freshDir("roots");
    EvpPkey rootKey = TestPki::newEcKey();
    X509Ptr root =
        TestPki::certificate("Society Root", rootKey.get(), nullptr, rootKey.get(), true);
    std::ofstream(dir / "roots.pem") << TestPki::pem(root.get());
    auto transport = std::make_shared<SoftHidTransport>();
    auto soft = plugKey(*transport, {}, "135790"); // self attestation
    KioskDriver k(configuredKeyOptions(dir, transport, "attestation_roots = [\"roots.pem\"]"));
    ASSERT_NO_FATAL_FAILURE(registerBasicsChoosingAKey(k, "DEMO0004", "demo-pass-04", "19560720",
                                                       "sakai.riko", FlowState::KeyPin));
    enterPin(k, "135790");
    ASSERT_TRUE(k.waitForState(FlowState::KeyInsert, 20s)) << k.visibleText();
    ASSERT_TRUE(k.runtime().flow().lastError());
    EXPECT_EQ(k.runtime().flow().lastError()->code, ErrorCode::DeviceAttestationUntrusted);
    EXPECT_TRUE(contains(k.visibleText(), "健保組合が認めたメーカーのものと確認できませんでした"))
        << k.visibleText();
    EXPECT_TRUE(staysOnKeyInsert(k, 2000ms));
    k.screenshot("key-11-untrusted");
    fs::remove_all(dir);
}

TEST(KioskKeyGui, TheConfiguredMetadataNamesTheKeyOnScreenAndInTheResult) {
    const fs::path dir = freshDir("mds");
    EvpPkey rootKey = TestPki::newEcKey();
    X509Ptr root = TestPki::certificate("MDS Root", rootKey.get(), nullptr, rootKey.get(), true);
    EvpPkey signerKey = TestPki::newEcKey();
    X509Ptr signer =
        TestPki::certificate("MDS Signer", signerKey.get(), root.get(), rootKey.get(), false);
    const nlohmann::json payload = {
        {"no", 3},
        {"entries",
         {{{"aaguid", kSoftKeyAaguid},
           {"metadataStatement", {{"description", "Madoguchi Soft Key"}}}}}}};
    std::ofstream(dir / "mds-root.pem") << TestPki::pem(root.get());
    std::ofstream(dir / "mds.jwt") << TestPki::mdsBlob(signerKey.get(), {signer.get()}, payload);
    auto transport = std::make_shared<SoftHidTransport>();
    auto soft = plugKey(*transport, {}, "135790");
    KioskDriver k(configuredKeyOptions(dir, transport,
                                       "mds_blob = \"mds.jwt\"\nmds_root_cert = \"mds-root.pem\""));
    ASSERT_NO_FATAL_FAILURE(registerBasicsChoosingAKey(k, "DEMO0001", "demo-pass-01", "19480405",
                                                       "hara.michio", FlowState::KeyPin));
    enterPin(k, "135790");
    ASSERT_TRUE(k.waitForState(FlowState::KeyName, 20s)) << k.visibleText();
    EXPECT_TRUE(contains(k.visibleText(), "お使いのキー：Madoguchi Soft Key")) << k.visibleText();
    k.screenshot("key-12-model-name");
    k.click("mainButton"); // save the suggested name
    ASSERT_TRUE(k.waitForState(FlowState::KeyTry, 30s)) << k.visibleText();
    k.click("skipKeyTryButton");
    ASSERT_TRUE(k.waitForState(FlowState::Complete, 10s)) << k.visibleText();
    const auto factors = deliveredSecondFactors(k);
    ASSERT_EQ(factors.size(), 1U);
    auto result = nlohmann::json::parse(factors[0].resultJson, nullptr, false);
    ASSERT_TRUE(result.contains("webauthn")) << factors[0].resultJson;
    EXPECT_EQ(result["webauthn"].value("model_name", ""), "Madoguchi Soft Key");
    EXPECT_EQ(result["webauthn"].value("device_name", ""), "ITC健保") << "the member's name";
    fs::remove_all(dir);
}

TEST(KioskKeyGui, AKeyThatVerifiesTheMemberItselfSkipsThePinScreen) {
    const fs::path dir = freshDir("builtin-uv");
    auto transport = std::make_shared<SoftHidTransport>();
    SoftAuthenticator::Options softOptions;
    softOptions.builtInUv = true;
    softOptions.clientPinSupported = false;
    auto soft = plugKey(*transport, softOptions);
    soft->setTouch(SoftAuthenticator::Touch::Never);
    KioskDriver k(keyOptions(dir, transport));
    std::vector<FlowState> seen;
    k.runtime().flow().addListener([&](const FlowTransition& t) { seen.push_back(t.to); });
    ASSERT_NO_FATAL_FAILURE(registerBasicsChoosingAKey(k, "DEMO0004", "demo-pass-04", "19560720",
                                                       "noda.isamu", FlowState::KeyTouch));
    EXPECT_EQ(std::count(seen.begin(), seen.end(), FlowState::KeyPin), 0) << "no PIN screen";
    EXPECT_TRUE(contains(k.visibleText(), "ご本人の確認")) << k.visibleText();
    k.screenshot("key-13-own-verification");
    ASSERT_TRUE(k.waitFor([&] { return lastErrorIs(k, ErrorCode::DeviceTouchTimeout); }, 60s));
    soft->setTouch(SoftAuthenticator::Touch::Immediate);
    k.click("mainButton"); // Try again
    ASSERT_TRUE(k.waitForState(FlowState::KeyName, 20s)) << k.visibleText();
    EXPECT_TRUE(soft->lastMakeCredential().uvOptionSent);
    EXPECT_FALSE(soft->lastMakeCredential().pinAuthSent);
    k.click("mainButton");
    ASSERT_TRUE(k.waitForState(FlowState::KeyTry, 30s)) << k.visibleText();
    k.click("mainButton"); // try the key: verified by the key itself again
    ASSERT_TRUE(k.waitForState(FlowState::Complete, 20s)) << k.visibleText();
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
    ASSERT_NO_FATAL_FAILURE(
        registerBasicsChoosingAKey(k, "DEMO0005", "demo-pass-05", "19721103", "ito.kenji"));
    ASSERT_TRUE(k.waitFor([&] { return contains(k.visibleText(), "使えません"); }, 10s))
        << k.visibleText();
    EXPECT_EQ(k.state(), FlowState::KeyInsert);
    k.click("otherMethodButton");
    ASSERT_TRUE(k.waitForState(FlowState::MfaChoiceAfterCommit)) << k.visibleText();
    fs::remove_all(dir);
}

} // namespace
} // namespace madoguchi::gui::test

int main(int argc, char** argv) {
    return madoguchi::gui::test::runGuiTests(argc, argv);
}
