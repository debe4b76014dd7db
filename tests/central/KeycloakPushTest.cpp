// SPDX-License-Identifier: Apache-2.0
// The push of accepted enrollments to Keycloak's admin API, against FakeKeycloak (HTTPS on
// loopback; the real Keycloak cannot run here): exactly once, through 5xx, lost answers,
// restarts, token expiry and refused credentials.
#include "CentralTestSupport.h"
#include "FakeKeycloak.h"
#include "ScratchDir.h"
#include "StoreBackends.h"
#include "TestPki.h"
#include "WaitUntil.h"
#include "central/CentralConfig.h"
#include "central/CentralService.h"
#include "central/KeycloakPusher.h"
#include "core/Clock.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sys/stat.h>

using namespace madoguchi;
using namespace madoguchi::central;
using madoguchi::centraltest::FakeKeycloak;
using madoguchi::centraltest::randomUuid;

namespace {

constexpr std::int64_t kStart = 1767225600;
constexpr const char* kSecret = "kc-secret-7f3a&=%";

class KeycloakPush : public ::testing::TestWithParam<centraltest::StoreBackend> {
protected:
    void SetUp() override {
        ASSERT_TRUE(m_pki.ok());
        m_keys =
            std::make_unique<crypto::SealingKeyPair>(crypto::SealingKeyPair::generate().value());
        m_clock = std::make_shared<ManualClock>(
            std::chrono::system_clock::time_point(std::chrono::seconds(kStart)));
        writeSecret(kSecret);
        m_keycloak = std::make_unique<FakeKeycloak>(m_pki.path("server.crt"),
                                                    m_pki.path("server.key"), kSecret);
        m_home = std::make_unique<centraltest::StoreHome>(GetParam(), m_dir.file("central.db"));
        open();
    }
    void TearDown() override {
        m_pusher.reset();
        m_service.reset();
        m_keycloak.reset();
    }

    void writeSecret(const std::string& secret) {
        const auto path = m_dir.file("keycloak-secret");
        std::filesystem::remove(path);
        std::ofstream(path) << secret << "\n";
        ::chmod(path.c_str(), 0600);
    }

    void open(bool push = true) {
        m_pusher.reset();
        m_service.reset();
        CentralOptions options;
        options.openingKeyPem = m_keys->privateKeyPem.clone();
        options.queueKeycloakPush = push;
        auto service = m_home->openService(std::move(options), m_clock);
        ASSERT_TRUE(service.ok()) << service.error().detail;
        m_service = std::move(*service);
        (void)m_service->importRosterCsv(SecureBuffer::fromText(centraltest::kRosterCsv));
        centraltest::recordTestLogins(m_service->store(), kStart);
    }

    KeycloakPushSettings settings() const {
        KeycloakPushSettings s;
        s.enabled = true;
        s.baseUrl = m_keycloak->url();
        s.realm = FakeKeycloak::kRealm;
        s.clientId = FakeKeycloak::kClientId;
        s.clientSecretFile = m_dir.file("keycloak-secret");
        s.caBundle = m_pki.path("ca.crt");
        s.timeout = m_timeout;
        s.retryInitial = std::chrono::seconds(5);
        s.retryMax = std::chrono::seconds(60);
        return s;
    }

    KeycloakPusher& pusher(std::shared_ptr<const Clock> clock = nullptr) {
        m_pusher = std::make_unique<KeycloakPusher>(settings(), m_home->open().value(), *m_service,
                                                    clock ? clock : m_clock);
        return *m_pusher;
    }

    std::string accept(const char* tempId, const std::string& userId,
                       protocol::ResultStage stage = protocol::ResultStage::Complete) {
        auto r = centraltest::totpResult(randomUuid(), "kiosk-01", tempId, userId);
        r.stage = stage;
        if (stage == protocol::ResultStage::Registration) {
            r.totp.reset();
        }
        auto reply =
            m_service->submitEnrollment(centraltest::sealedSubmission(m_keys->publicKeyPem, r));
        EXPECT_TRUE(reply.ok()) << reply.error().detail;
        return r.enrollmentId;
    }

    std::string pushState(const std::string& id) {
        auto found = m_service->store().findPush(id).value();
        return found ? found->state : "none";
    }

    void pass(int expectHandled = -1) {
        auto handled = m_pusher->runOnce();
        ASSERT_TRUE(handled.ok()) << handled.error().detail;
        if (expectHandled >= 0) {
            EXPECT_EQ(*handled, expectHandled);
        }
    }

    std::vector<StaffItem> staff() { return m_service->staffItems().value(); }

    centraltest::TestPki m_pki;
    test::ScratchDir m_dir;
    std::unique_ptr<centraltest::StoreHome> m_home;
    std::unique_ptr<crypto::SealingKeyPair> m_keys;
    std::shared_ptr<ManualClock> m_clock;
    std::unique_ptr<FakeKeycloak> m_keycloak;
    std::unique_ptr<CentralService> m_service;
    std::unique_ptr<KeycloakPusher> m_pusher;
    std::chrono::milliseconds m_timeout{10000};
};

} // namespace

MADOGUCHI_ON_BOTH_STORES(KeycloakPush);

TEST_P(KeycloakPush, AnAcceptedEnrollmentReachesKeycloakOnceInItsDocumentedRepresentation) {
    const auto id = accept("T0001", "yamada.taro");
    EXPECT_EQ(pushState(id), "pending"); // queued with the acceptance itself
    pusher();
    pass(1);
    EXPECT_TRUE(m_keycloak->violations().empty()) << m_keycloak->violations().front();
    EXPECT_EQ(m_keycloak->tokenRequests(), 1);
    EXPECT_EQ(m_keycloak->importRequests(), 1);
    EXPECT_EQ(m_keycloak->policies(), std::vector<std::string>{"SKIP"});
    const auto users = m_keycloak->users();
    ASSERT_EQ(users.size(), 1U);
    EXPECT_EQ(users[0]["username"], "yamada.taro");
    EXPECT_EQ(users[0]["attributes"]["madoguchiEnrollmentId"][0], id);
    ASSERT_EQ(users[0]["credentials"].size(), 2U);
    EXPECT_EQ(users[0]["credentials"][0]["type"], "password");
    EXPECT_EQ(users[0]["credentials"][1]["type"], "otp");
    EXPECT_EQ(pushState(id), "done");
    // Nothing is pushed twice.
    pass(0);
    EXPECT_EQ(m_keycloak->importRequests(), 1);
    EXPECT_TRUE(staff().empty());
}

TEST_P(KeycloakPush, ARegistrationIsPushedWholeWhenItsSecondFactorArrives) {
    const auto reg = accept("T0001", "yamada.taro", protocol::ResultStage::Registration);
    EXPECT_EQ(pushState(reg), "none"); // the member has no second factor yet
    pusher();
    pass(0);
    auto factor = centraltest::totpResult(randomUuid(), "kiosk-01", "", "yamada.taro");
    factor.stage = protocol::ResultStage::SecondFactor;
    factor.registrationId = reg;
    factor.email.clear();
    factor.passwordHash.clear();
    factor.termsVersion.clear();
    factor.sessionId.clear();
    ASSERT_TRUE(
        m_service->submitEnrollment(centraltest::sealedSubmission(m_keys->publicKeyPem, factor))
            .ok());
    EXPECT_EQ(pushState(reg), "pending");
    pass(1);
    const auto users = m_keycloak->users();
    ASSERT_EQ(users.size(), 1U);
    EXPECT_FALSE(users[0].contains("requiredActions"));
    ASSERT_EQ(users[0]["credentials"].size(), 2U);
    EXPECT_EQ(users[0]["credentials"][1]["type"], "otp");
    EXPECT_EQ(pushState(reg), "done");
}

TEST_P(KeycloakPush, ServerErrorsAreRetriedWithBackoffUntilTheUserIsIn) {
    const auto id = accept("T0001", "yamada.taro");
    m_keycloak->failImports(2, 503);
    pusher();
    pass(1);
    EXPECT_EQ(pushState(id), "pending");
    auto item = m_service->store().findPush(id).value();
    EXPECT_EQ(item->attempts, 1);
    EXPECT_GE(item->nextAttemptAt, kStart + 2); // half of the first 5 s at least
    EXPECT_NE(item->lastError.find("503"), std::string::npos);
    pass(0); // not due yet: no request
    EXPECT_EQ(m_keycloak->importRequests(), 1);
    m_clock->advance(std::chrono::seconds(60));
    pass(1);
    EXPECT_EQ(pushState(id), "pending");
    m_clock->advance(std::chrono::seconds(60));
    pass(1);
    EXPECT_EQ(pushState(id), "done");
    EXPECT_EQ(m_keycloak->importRequests(), 3);
    EXPECT_EQ(m_keycloak->users().size(), 1U);
    EXPECT_TRUE(staff().empty());
}

TEST_P(KeycloakPush, AnAnswerLostAfterTheImportIsNeitherADuplicateNorAnOverwrite) {
    m_timeout = std::chrono::milliseconds(1000);
    const auto id = accept("T0001", "yamada.taro");
    m_keycloak->loseImportAnswers(1, std::chrono::milliseconds(3000));
    pusher();
    pass(1);
    EXPECT_EQ(pushState(id), "pending"); // timed out: maybe in, maybe not
    m_clock->advance(std::chrono::seconds(60));
    pass(1);
    EXPECT_EQ(pushState(id), "done");
    EXPECT_EQ(m_keycloak->users().size(), 1U);
    EXPECT_GE(m_keycloak->userLookups(), 1); // the SKIPPED user was checked to be ours
    EXPECT_EQ(m_keycloak->importRequests(), 2);
    EXPECT_TRUE(staff().empty());
}

TEST_P(KeycloakPush, ARestartMidPushResumesFromTheDurableQueue) {
    m_timeout = std::chrono::milliseconds(1000);
    const auto first = accept("T0001", "yamada.taro");
    m_keycloak->loseImportAnswers(1, std::chrono::milliseconds(3000));
    pusher();
    pass(1);
    EXPECT_EQ(pushState(first), "pending");
    // The central service stops (pusher and service go) and starts again; meanwhile another
    // enrollment was accepted and not pushed before the stop.
    const auto second = accept("T0002", "suzuki.hanako");
    open();
    m_clock->advance(std::chrono::seconds(120));
    // The restarted service's own thread (on the real clock, far after the queued times).
    pusher(std::make_shared<SystemClock>()).start(std::chrono::milliseconds(20));
    ASSERT_TRUE(
        test::waitUntil([&] { return pushState(first) == "done" && pushState(second) == "done"; }));
    m_pusher->stop();
    EXPECT_EQ(m_keycloak->users().size(), 2U);
    EXPECT_TRUE(m_keycloak->violations().empty());
    EXPECT_TRUE(staff().empty());
}

TEST_P(KeycloakPush, TheTokenIsCachedUntilItExpiresAndRenewedWhenRefused) {
    (void)m_service->importRosterCsv(
        SecureBuffer::fromText("temp_id,temp_password,birth_date,kana_name,member_number\n"
                               "T0003,Pw-Three-3,19700101,サトウ イチロウ,M-1003\n"
                               "T0004,Pw-Four-44,19710101,タナカ ジロウ,M-1004\n"));
    centraltest::recordTestLogins(m_service->store(), kStart,
                                  {{"kiosk-01", "T0003"}, {"kiosk-01", "T0004"}});
    m_keycloak->setTokenLifetime(300);
    accept("T0001", "yamada.taro");
    pusher();
    pass(1);
    accept("T0002", "suzuki.hanako");
    pass(1);
    EXPECT_EQ(m_keycloak->tokenRequests(), 1); // cached
    // Near Keycloak's expiry (the pusher renews 30 s before it): a new token.
    m_clock->advance(std::chrono::seconds(280));
    accept("T0003", "sato.ichiro");
    pass(1);
    EXPECT_EQ(m_keycloak->tokenRequests(), 2);
    // A token Keycloak no longer honours before its time (Keycloak restarted): a 401, then
    // one new token and the same import again.
    m_keycloak->revokeTokens();
    accept("T0004", "tanaka.jiro");
    pass(1);
    EXPECT_EQ(m_keycloak->tokenRequests(), 3);
    EXPECT_EQ(m_keycloak->users().size(), 4U);
    EXPECT_TRUE(m_keycloak->violations().empty());
    EXPECT_TRUE(staff().empty());
}

TEST_P(KeycloakPush, RefusedCredentialsRaiseOneStaffItemAndTheUsersWaitUntilFixed) {
    writeSecret("not-the-secret");
    const auto a = accept("T0001", "yamada.taro");
    const auto b = accept("T0002", "suzuki.hanako");
    pusher();
    pass(2);
    EXPECT_EQ(pushState(a), "pending");
    EXPECT_EQ(pushState(b), "pending");
    auto items = staff();
    ASSERT_EQ(items.size(), 1U); // one for the configuration, not one per member
    EXPECT_EQ(items[0].kind, "keycloak_push_credentials");
    // Neither secret is in what staff or the log line see.
    EXPECT_EQ(items[0].detail.find("not-the-secret"), std::string::npos);
    EXPECT_EQ(m_service->store().findPush(a).value()->lastError.find("not-the-secret"),
              std::string::npos);
    EXPECT_EQ(m_keycloak->importRequests(), 0);
    // IT fixes the file; no restart needed.
    writeSecret(kSecret);
    m_clock->advance(std::chrono::seconds(60));
    pass(2);
    EXPECT_EQ(pushState(a), "done");
    EXPECT_EQ(pushState(b), "done");
    EXPECT_EQ(staff().size(), 1U);
}

TEST_P(KeycloakPush, AnotherUserOfThatNameIsLeftAloneAndStaffAreTold) {
    m_keycloak->addForeignUser("yamada.taro", "someone@example.jp");
    const auto id = accept("T0001", "yamada.taro");
    pusher();
    pass(1);
    EXPECT_EQ(pushState(id), "failed");
    const auto users = m_keycloak->users();
    ASSERT_EQ(users.size(), 1U);
    EXPECT_EQ(users[0]["id"], "foreign-yamada.taro"); // untouched
    const auto items = staff();
    ASSERT_EQ(items.size(), 1U);
    EXPECT_EQ(items[0].kind, "keycloak_user_exists");
    EXPECT_EQ(items[0].enrollmentId, id);
    EXPECT_EQ(items[0].userId, "yamada.taro");
    // A failed item is not retried.
    m_clock->advance(std::chrono::hours(1));
    pass(0);
}

TEST_P(KeycloakPush, OffByDefaultNothingIsQueuedAndTheExportStillWorks) {
    open(false);
    const auto id = accept("T0001", "yamada.taro");
    EXPECT_EQ(pushState(id), "none");
    EXPECT_EQ(m_service->exportKeycloak().value()["users"].size(), 1U);
}

TEST(KeycloakPushConfig, IsOffByDefaultAndRefusesAPlainOrIncompleteSetup) {
    test::ScratchDir dir;
    auto load = [&](const std::string& section) {
        std::ofstream(dir.file("central.toml")) << "[storage]\ndatabase = \"c.db\"\n" << section;
        return CentralConfig::load(dir.file("central.toml"));
    };
    auto plain = load("");
    ASSERT_TRUE(plain.ok());
    EXPECT_FALSE(plain->keycloakPush.enabled);
    EXPECT_FALSE(plain->options.queueKeycloakPush);

    auto good = load("[keycloak_push]\nenabled = true\nbase_url = \"https://sso.example.jp/auth\"\n"
                     "realm = \"members\"\nclient_id = \"madoguchi-push\"\n"
                     "client_secret_file = \"kc.secret\"\nca_bundle = \"ca.pem\"\n");
    ASSERT_TRUE(good.ok()) << good.error().detail;
    EXPECT_TRUE(good->options.queueKeycloakPush);
    EXPECT_EQ(good->keycloakPush.clientSecretFile, dir.file("kc.secret"));

    EXPECT_EQ(load("[keycloak_push]\nenabled = true\nbase_url = \"http://sso.example.jp\"\n"
                   "realm = \"m\"\nclient_id = \"c\"\nclient_secret_file = \"s\"\n")
                  .code(),
              ErrorCode::ConfigInvalid);
    EXPECT_EQ(load("[keycloak_push]\nenabled = true\nbase_url = \"https://sso.example.jp\"\n"
                   "realm = \"m\"\nclient_id = \"c\"\n")
                  .code(),
              ErrorCode::ConfigInvalid);
    // The secret itself has no key in central.toml.
    EXPECT_EQ(load("[keycloak_push]\nclient_secret = \"x\"\n").code(), ErrorCode::ConfigInvalid);
}
