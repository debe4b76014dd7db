// SPDX-License-Identifier: Apache-2.0
#pragma once

// The kiosk's own stack — KioskController over EnrollmentFlow, LocalStore and the libcurl
// HttpsCentralClient — against madoguchi-central's real HTTPS front (mutual TLS) on
// loopback, over a central core with a roster. What the kiosk writes lives in `kioskDir`;
// the central database in a directory of its own (it holds opened results by design).

#include "../engine/sync/TestPki.h"
#include "RealCentral.h"
#include "ScratchDir.h"
#include "central/CentralService.h"
#include "core/Clock.h"
#include "crypto/SealingKeyPair.h"
#include "flow/EnrollmentFlow.h"
#include "kiosk/KioskController.h"
#include "rules/PasswordBlocklist.h"
#include "store/LocalStore.h"
#include "sync/HttpsCentralClient.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace madoguchi::test {

inline constexpr const char* kKioskId = "kiosk-01";
// One member of the roster; values that occur nowhere else, so a scan can find them.
inline constexpr const char* kTempId = "T5550417";
inline constexpr const char* kTempPassword = "Qv7-Karu-93xz";
inline constexpr const char* kBirthDate = "19470311";
inline constexpr const char* kTermsVersion = "2024-04";

class KioskAgainstCentral : public ::testing::Test {
protected:
    void SetUp() override {
        (void)TestPki::get(); // made before any TMPDIR a test sets
        auto keys = crypto::SealingKeyPair::generate();
        ASSERT_TRUE(keys.ok());
        m_publicKey = keys->publicKeyPem;
        central::CentralOptions options;
        options.openingKeyPem = std::move(keys->privateKeyPem);
        options.rateLimitPerSecond = 1000;
        options.rateLimitBurst = 1000;
        options.termsVersion = kTermsVersion;
        adjustCentral(options);
        auto service =
            central::CentralService::openFile(m_centralDir.file("central.db"), std::move(options));
        ASSERT_TRUE(service.ok()) << service.error().detail;
        m_central = std::move(service).value();
        const std::string roster =
            std::string("temp_id,temp_password,birth_date,kana_name,member_number\n") + kTempId +
            "," + kTempPassword + "," + kBirthDate + ",ヤマダ タロウ,M-4417\n";
        auto imported = m_central->importRosterCsv(SecureBuffer::fromText(roster));
        ASSERT_TRUE(imported.ok());
        ASSERT_EQ(imported->imported, 1);
        const auto& pki = TestPki::get();
        m_front =
            std::make_unique<RealCentral>(*m_central, pki.serverCert, pki.serverKey, pki.kioskCa);
        auto blocklist =
            PasswordBlocklist::loadFromFile(std::filesystem::path(MADOGUCHI_SOURCE_DIR) / "assets" /
                                            PasswordBlocklist::kDefaultRelativePath);
        ASSERT_TRUE(blocklist.ok()) << blocklist.error().detail;
        m_blocklist = std::move(blocklist).value();
    }

    // A fixture's own central settings (the Keycloak push queue, staff unlock pacing), set
    // before the service opens.
    virtual void adjustCentral(central::CentralOptions& /*options*/) {}

    void TearDown() override {
        m_controller.reset();
        m_flow.reset();
        m_store.reset();
        m_client.reset();
        m_front.reset();
        m_central.reset();
    }

    sync::HttpsClientConfig clientConfig(const std::string& url, bool otherKiosk = false) const {
        const auto& pki = TestPki::get();
        sync::HttpsClientConfig c;
        c.baseUrl = url;
        c.caBundle = pki.serverCa;
        c.clientCert = otherKiosk ? pki.otherKioskCert : pki.clientCert;
        c.clientKey = otherKiosk ? pki.otherKioskKey : pki.clientKey;
        c.connectTimeout = std::chrono::milliseconds(2000);
        c.requestTimeout = std::chrono::milliseconds(5000);
        c.proxy = std::string();
        return c;
    }

    // The kiosk as KioskRuntime builds it, talking to `url`.
    void startKiosk(const std::string& url, kiosk::KioskOptions options = {}) {
        auto client = sync::HttpsCentralClient::create(clientConfig(url));
        ASSERT_TRUE(client.ok()) << client.error().detail;
        m_client = std::move(client).value();
        auto store = store::LocalStore::open(storePath());
        ASSERT_TRUE(store.ok()) << store.error().detail;
        m_store.emplace(std::move(store).value());
        m_flow = std::make_unique<EnrollmentFlow>(m_clock);
        options.kioskId = kKioskId;
        options.issuer = "ITC健保";
        options.defaultDeviceName = "ITC健保";
        options.sealingPublicKeyPem = m_publicKey;
        m_controller = std::make_unique<kiosk::KioskController>(*m_flow, *m_client, *m_store,
                                                                m_blocklist, m_clock, options);
    }

    std::filesystem::path storePath() const { return m_kioskDir.file("kiosk.db"); }

    kiosk::KioskController::TempLoginInput loginInput(const char* password,
                                                      const char* birthDate = kBirthDate) {
        kiosk::KioskController::TempLoginInput in;
        in.tempId = m_controller->checkTempId(kTempId).normalized;
        in.tempPassword =
            m_controller->checkTempPassword(SecureBuffer::fromText(password)).normalized.clone();
        in.birthDate =
            m_controller->checkBirthDate(SecureBuffer::fromText(birthDate)).normalized.clone();
        return in;
    }

    // Step ② as the TempLogin screen runs it: the check on a worker, the answer applied.
    Result<protocol::VerifyTempCredentialsResponse> tempLogin(const char* password) {
        auto in = loginInput(password);
        auto answer = m_controller->verifyTempLogin(in);
        Result<protocol::VerifyTempCredentialsResponse> copy =
            answer ? Result<protocol::VerifyTempCredentialsResponse>(*answer)
                   : Result<protocol::VerifyTempCredentialsResponse>(answer.error());
        m_controller->applyTempLogin(m_controller->epoch(), std::move(in), std::move(answer));
        return copy;
    }

    ScratchDir m_kioskDir;
    ScratchDir m_centralDir;
    SystemClock m_clock;
    std::string m_publicKey;
    std::unique_ptr<central::CentralService> m_central;
    std::unique_ptr<RealCentral> m_front;
    PasswordBlocklist m_blocklist;
    std::unique_ptr<sync::HttpsCentralClient> m_client;
    std::optional<store::LocalStore> m_store;
    std::unique_ptr<EnrollmentFlow> m_flow;
    std::unique_ptr<kiosk::KioskController> m_controller;
};

} // namespace madoguchi::test
