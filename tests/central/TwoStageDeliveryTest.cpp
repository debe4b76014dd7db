// SPDX-License-Identifier: Apache-2.0
// Two-stage delivery: a registration at step 6, its second factor later under its own id.
#include "CentralTestSupport.h"
#include "StoreBackends.h"
#include "central/CentralService.h"
#include "protocol/JsonReader.h"

#include <gtest/gtest.h>

using namespace madoguchi;
using namespace madoguchi::central;
using madoguchi::centraltest::randomUuid;
using madoguchi::centraltest::sealedSubmission;
using madoguchi::protocol::EnrollmentStatus;
using madoguchi::protocol::MfaMethod;
using madoguchi::protocol::ResultStage;
using nlohmann::json;

namespace {

// What the kiosk sends at step 6: no binding, method = the member's intent.
protocol::EnrollmentResult registration(const std::string& tempId, const std::string& userId,
                                        MfaMethod intent = MfaMethod::Totp) {
    auto r = centraltest::totpResult(randomUuid(), "kiosk-01", tempId, userId);
    r.stage = ResultStage::Registration;
    r.method = intent;
    r.totp.reset();
    return r;
}

// What the kiosk sends once the factor is bound: identity fields empty, the binding only.
protocol::EnrollmentResult totpFactor(const protocol::EnrollmentResult& reg,
                                      const char* secret = "JBSWY3DPEHPK3PXP",
                                      const std::string& userId = {}) {
    protocol::EnrollmentResult r;
    r.enrollmentId = randomUuid();
    r.stage = ResultStage::SecondFactor;
    r.registrationId = reg.enrollmentId;
    r.kioskId = reg.kioskId;
    r.userId = userId.empty() ? reg.userId : userId;
    r.method = MfaMethod::Totp;
    r.totp = protocol::TotpBinding{SecureBuffer::fromText(secret), 6, 30, "SHA1", "ITC健保"};
    r.completedAt = reg.completedAt + 600;
    return r;
}

protocol::EnrollmentResult securityKeyFactor(const protocol::EnrollmentResult& reg) {
    auto r = totpFactor(reg);
    r.method = MfaMethod::SecurityKey;
    r.totp.reset();
    const std::vector<std::uint8_t> credId{0x01, 0x02, 0x03, 0xfe};
    const std::vector<std::uint8_t> cose{0xa5, 0x01, 0x02, 0x03, 0x26};
    r.webAuthn = protocol::WebAuthnBinding{crypto::Base64::encodeUrl(credId),
                                           crypto::Base64::encode(cose),
                                           "2fc0579f-8113-47ea-b116-bb5a8db9202a",
                                           0,
                                           "packed",
                                           {"usb"},
                                           "鍵1"};
    return r;
}

json innerJson(const json& credential, const char* field) {
    auto parsed = protocol::parseJson(credential[field].get<std::string>());
    EXPECT_TRUE(parsed.ok()) << field;
    return parsed.ok() ? *parsed : json();
}

std::vector<std::string> credentialTypes(const json& user) {
    std::vector<std::string> types;
    for (const auto& c : user["credentials"]) {
        types.push_back(c["type"].get<std::string>());
    }
    return types;
}

class TwoStageDeliveryTest : public ::testing::TestWithParam<centraltest::StoreBackend> {
protected:
    void SetUp() override {
        m_keys =
            std::make_unique<crypto::SealingKeyPair>(crypto::SealingKeyPair::generate().value());
        m_clock = std::make_shared<ManualClock>(
            std::chrono::system_clock::time_point(std::chrono::seconds(1767225600)));
        CentralOptions options;
        options.openingKeyPem = m_keys->privateKeyPem.clone();
        m_home = std::make_unique<centraltest::StoreHome>(GetParam());
        auto service = m_home->openService(std::move(options), m_clock);
        ASSERT_TRUE(service.ok()) << service.error().detail;
        m_service = std::move(*service);
        ASSERT_TRUE(
            m_service->importRosterCsv(SecureBuffer::fromText(centraltest::kRosterCsv)).ok());
        centraltest::recordTestLogins(m_service->store(), 1767225600);
    }

    protocol::SubmitEnrollmentRequest seal(const protocol::EnrollmentResult& r) {
        return sealedSubmission(m_keys->publicKeyPem, r);
    }

    ServiceReply<protocol::SubmitEnrollmentResponse> submit(const protocol::EnrollmentResult& r) {
        return m_service->submitEnrollment(seal(r));
    }

    std::vector<SecondFactorRecord> factors() {
        return m_service->store().listSecondFactors().value();
    }

    std::unique_ptr<crypto::SealingKeyPair> m_keys;
    std::shared_ptr<ManualClock> m_clock;
    std::unique_ptr<centraltest::StoreHome> m_home;
    std::unique_ptr<CentralService> m_service;
};

} // namespace

MADOGUCHI_ON_BOTH_STORES(TwoStageDeliveryTest);

TEST_P(TwoStageDeliveryTest, ARegistrationThenItsSecondFactorMakeOneUserWithBothCredentials) {
    const auto reg = registration("T0001", "yamada.taro");
    auto first = submit(reg);
    ASSERT_TRUE(first.ok()) << first.error().detail;
    EXPECT_EQ(first.value().status, EnrollmentStatus::Accepted);
    // The registration alone already holds the user ID and spends the temp credentials.
    EXPECT_TRUE(m_service->store().userIdTaken("yamada.taro").value());
    EXPECT_TRUE(m_service->store().findRosterEntry("T0001").value()->enrolledAt.has_value());

    m_clock->advance(std::chrono::minutes(10));
    const auto factor = totpFactor(reg, "GEZDGNBVGY3TQOJQ");
    auto second = submit(factor);
    ASSERT_TRUE(second.ok()) << second.error().detail;
    EXPECT_EQ(second.value().status, EnrollmentStatus::Accepted);
    EXPECT_EQ(second.value().enrollmentId, factor.enrollmentId);

    const auto stored = factors();
    ASSERT_EQ(stored.size(), 1u);
    EXPECT_EQ(stored[0].registrationId, reg.enrollmentId);
    EXPECT_EQ(stored[0].tempId, "T0001"); // taken from the registration
    EXPECT_EQ(stored[0].method, "totp");
    EXPECT_EQ(stored[0].status, "accepted");
    // A second factor is not a second user.
    EXPECT_EQ(m_service->store().countEnrollments("").value(), 1);

    auto doc = m_service->exportKeycloak().value();
    ASSERT_EQ(doc["users"].size(), 1u);
    const auto& user = doc["users"][0];
    EXPECT_EQ(user["username"], "yamada.taro");
    EXPECT_EQ(user["email"], "yamada.taro@example.jp");
    EXPECT_EQ(user["attributes"]["madoguchiEnrollmentId"][0], reg.enrollmentId);
    EXPECT_EQ(user["attributes"]["memberNumber"][0], "M-1001");
    EXPECT_EQ(credentialTypes(user), (std::vector<std::string>{"password", "otp"}));
    EXPECT_EQ(innerJson(user["credentials"][1], "secretData")["value"], "GEZDGNBVGY3TQOJQ");
    EXPECT_EQ(user["credentials"][1]["createdDate"], factor.completedAt * 1000);
    EXPECT_FALSE(user.contains("requiredActions"));
}

TEST_P(TwoStageDeliveryTest, ARegistrationWithoutSecondFactorIsExportedWithARequiredAction) {
    const auto totpIntent = registration("T0001", "yamada.taro", MfaMethod::Totp);
    const auto keyIntent = registration("T0002", "suzuki.hanako", MfaMethod::SecurityKey);
    ASSERT_TRUE(submit(totpIntent).ok());
    ASSERT_TRUE(submit(keyIntent).ok());
    auto doc = m_service->exportKeycloak().value();
    ASSERT_EQ(doc["users"].size(), 2u);
    for (const auto& user : doc["users"]) {
        EXPECT_EQ(credentialTypes(user), (std::vector<std::string>{"password"}));
    }
    EXPECT_EQ(doc["users"][0]["username"], "yamada.taro");
    EXPECT_EQ(doc["users"][0]["requiredActions"], json::array({"CONFIGURE_TOTP"}));
    EXPECT_EQ(doc["users"][1]["requiredActions"], json::array({"webauthn-register"}));

    // Once the factor arrives, the required action goes and the credential is there.
    ASSERT_TRUE(submit(securityKeyFactor(keyIntent)).ok());
    doc = m_service->exportKeycloak().value();
    EXPECT_EQ(credentialTypes(doc["users"][1]), (std::vector<std::string>{"password", "webauthn"}));
    EXPECT_FALSE(doc["users"][1].contains("requiredActions"));
    EXPECT_TRUE(doc["users"][0].contains("requiredActions"));
}

TEST_P(TwoStageDeliveryTest, ASecondFactorBeforeItsRegistrationIsToldToRetryLater) {
    const auto reg = registration("T0001", "yamada.taro");
    const auto factorRequest = seal(totpFactor(reg));
    auto early = m_service->submitEnrollment(factorRequest);
    EXPECT_EQ(early.code(), ErrorCode::IdempotencyInFlight);
    ASSERT_TRUE(early.retryAfterSeconds.has_value());
    EXPECT_GT(*early.retryAfterSeconds, 0);
    EXPECT_TRUE(factors().empty());
    // Asking again before the registration is in gets the same answer, not a stuck marker.
    EXPECT_EQ(m_service->submitEnrollment(factorRequest).code(), ErrorCode::IdempotencyInFlight);

    ASSERT_TRUE(submit(reg).ok());
    // The outbox's retry of the very same body now goes through, as a first answer.
    auto retried = m_service->submitEnrollment(factorRequest);
    ASSERT_TRUE(retried.ok()) << retried.error().detail;
    EXPECT_FALSE(retried.value().replayed);
    EXPECT_EQ(factors().size(), 1u);
    EXPECT_TRUE(m_service->staffItems().value().empty());
}

TEST_P(TwoStageDeliveryTest, EachStageIsIdempotentOnItsOwnId) {
    const auto reg = registration("T0001", "yamada.taro");
    const auto regRequest = seal(reg);
    const auto factor = totpFactor(reg);
    const auto factorRequest = seal(factor);
    auto regFirst = m_service->submitEnrollment(regRequest);
    auto factorFirst = m_service->submitEnrollment(factorRequest);
    ASSERT_TRUE(regFirst.ok());
    ASSERT_TRUE(factorFirst.ok());
    m_clock->advance(std::chrono::hours(1));

    auto regAgain = m_service->submitEnrollment(regRequest);
    ASSERT_TRUE(regAgain.ok());
    EXPECT_TRUE(regAgain.value().replayed);
    EXPECT_EQ(regAgain.value().receivedAt, regFirst.value().receivedAt);
    auto factorAgain = m_service->submitEnrollment(factorRequest);
    ASSERT_TRUE(factorAgain.ok());
    EXPECT_TRUE(factorAgain.value().replayed);
    EXPECT_EQ(factorAgain.value().receivedAt, factorFirst.value().receivedAt);

    // Same ids, other bodies (a fresh seal): a mismatch, for either stage.
    EXPECT_EQ(submit(reg).code(), ErrorCode::IdempotencyMismatch);
    EXPECT_EQ(submit(factor).code(), ErrorCode::IdempotencyMismatch);
    EXPECT_EQ(m_service->store().countEnrollments("").value(), 1);
    EXPECT_EQ(factors().size(), 1u);
    EXPECT_TRUE(m_service->staffItems().value().empty());
}

TEST_P(TwoStageDeliveryTest, ASecondFactorStillInFlightIsTold409) {
    const auto reg = registration("T0001", "yamada.taro");
    ASSERT_TRUE(submit(reg).ok());
    const auto request = seal(totpFactor(reg));
    std::optional<ErrorCode> duplicate;
    m_service->setBeforeCompleteHookForTesting([&] {
        m_service->setBeforeCompleteHookForTesting(nullptr);
        auto dup = m_service->submitEnrollment(request);
        duplicate = dup.ok() ? ErrorCode::Internal : dup.code();
    });
    ASSERT_TRUE(m_service->submitEnrollment(request).ok());
    EXPECT_EQ(duplicate, ErrorCode::IdempotencyInFlight);
    EXPECT_EQ(factors().size(), 1u);
}

TEST_P(TwoStageDeliveryTest, ASecondFactorWithAnotherUserIdIsRejectedForStaff) {
    const auto reg = registration("T0001", "yamada.taro");
    ASSERT_TRUE(submit(reg).ok());
    const auto request = seal(totpFactor(reg, "JBSWY3DPEHPK3PXP", "someone.else"));
    EXPECT_EQ(m_service->submitEnrollment(request).code(), ErrorCode::EnvelopeRejected);
    EXPECT_TRUE(factors().empty());
    auto items = m_service->staffItems().value();
    ASSERT_EQ(items.size(), 1u);
    EXPECT_EQ(items[0].kind, "envelope_rejected");
    EXPECT_EQ(items[0].enrollmentId, request.enrollmentId);
    EXPECT_NE(items[0].detail.find(reg.enrollmentId), std::string::npos) << items[0].detail;
    // The registration is exported as before, still waiting for its factor.
    auto doc = m_service->exportKeycloak().value();
    ASSERT_EQ(doc["users"].size(), 1u);
    EXPECT_EQ(credentialTypes(doc["users"][0]), (std::vector<std::string>{"password"}));
}

TEST_P(TwoStageDeliveryTest, ASecondFactorForACompleteEnrollmentIsRejected) {
    auto complete = centraltest::totpResult(randomUuid(), "kiosk-01", "T0001", "yamada.taro");
    ASSERT_TRUE(submit(complete).ok());
    EXPECT_EQ(submit(totpFactor(complete)).code(), ErrorCode::EnvelopeRejected);
    EXPECT_TRUE(factors().empty());
    auto doc = m_service->exportKeycloak().value();
    ASSERT_EQ(doc["users"].size(), 1u);
    EXPECT_EQ(credentialTypes(doc["users"][0]), (std::vector<std::string>{"password", "otp"}));
}

TEST_P(TwoStageDeliveryTest, ASecondFactorOfAConflictedRegistrationIsKeptForStaff) {
    auto winner = centraltest::totpResult(randomUuid(), "kiosk-02", "T0002", "shared.id");
    ASSERT_TRUE(submit(winner).ok());
    const auto reg = registration("T0001", "shared.id");
    auto regReply = submit(reg);
    ASSERT_TRUE(regReply.ok());
    EXPECT_EQ(regReply.value().status, EnrollmentStatus::UserIdConflict);

    const auto factor = totpFactor(reg);
    const auto factorRequest = seal(factor);
    auto reply = m_service->submitEnrollment(factorRequest);
    ASSERT_TRUE(reply.ok()) << reply.error().detail;
    EXPECT_EQ(reply.value().status, EnrollmentStatus::UserIdConflict);
    const auto stored = factors();
    ASSERT_EQ(stored.size(), 1u);
    EXPECT_EQ(stored[0].status, "user_id_conflict");

    auto items = m_service->staffItems().value();
    ASSERT_EQ(items.size(), 2u);
    EXPECT_EQ(items[0].enrollmentId, reg.enrollmentId);
    EXPECT_EQ(items[1].kind, "user_id_conflict");
    EXPECT_EQ(items[1].enrollmentId, factor.enrollmentId);
    EXPECT_EQ(items[1].tempId, "T0001");
    EXPECT_NE(items[1].detail.find(reg.enrollmentId), std::string::npos) << items[1].detail;
    // A replay of the factor gets the conflict again and raises nothing new.
    auto replay = m_service->submitEnrollment(factorRequest);
    ASSERT_TRUE(replay.ok());
    EXPECT_TRUE(replay.value().replayed);
    EXPECT_EQ(replay.value().status, EnrollmentStatus::UserIdConflict);
    EXPECT_EQ(m_service->staffItems().value().size(), 2u);

    auto doc = m_service->exportKeycloak().value();
    ASSERT_EQ(doc["users"].size(), 1u);
    EXPECT_EQ(doc["users"][0]["attributes"]["madoguchiEnrollmentId"][0], winner.enrollmentId);
    EXPECT_EQ(credentialTypes(doc["users"][0]), (std::vector<std::string>{"password", "otp"}));
}

TEST_P(TwoStageDeliveryTest, ALaterFactorOfTheSameMethodSupersedesAndOthersAdd) {
    const auto reg = registration("T0001", "yamada.taro");
    ASSERT_TRUE(submit(reg).ok());
    const auto firstTotp = totpFactor(reg, "JBSWY3DPEHPK3PXP");
    const auto secondTotp = totpFactor(reg, "GEZDGNBVGY3TQOJQ");
    ASSERT_TRUE(submit(firstTotp).ok());
    ASSERT_TRUE(submit(secondTotp).ok());
    ASSERT_TRUE(submit(securityKeyFactor(reg)).ok());

    const auto stored = factors();
    ASSERT_EQ(stored.size(), 3u); // history kept
    EXPECT_EQ(stored[0].enrollmentId, firstTotp.enrollmentId);
    EXPECT_EQ(stored[0].supersededBy, secondTotp.enrollmentId);
    EXPECT_TRUE(stored[1].supersededBy.empty());
    EXPECT_TRUE(stored[2].supersededBy.empty());

    auto doc = m_service->exportKeycloak().value();
    ASSERT_EQ(doc["users"].size(), 1u);
    const auto& user = doc["users"][0];
    EXPECT_EQ(credentialTypes(user), (std::vector<std::string>{"password", "otp", "webauthn"}));
    EXPECT_EQ(innerJson(user["credentials"][1], "secretData")["value"], "GEZDGNBVGY3TQOJQ");
}

TEST_P(TwoStageDeliveryTest, ARegistrationTakesItsUserIdLikeACompleteEnrollment) {
    ASSERT_TRUE(submit(registration("T0001", "taken.id")).ok());
    auto complete = centraltest::totpResult(randomUuid(), "kiosk-01", "T0002", "taken.id");
    auto reply = submit(complete);
    ASSERT_TRUE(reply.ok());
    EXPECT_EQ(reply.value().status, EnrollmentStatus::UserIdConflict);
    auto doc = m_service->exportKeycloak().value();
    ASSERT_EQ(doc["users"].size(), 1u);
    EXPECT_EQ(doc["users"][0]["requiredActions"], json::array({"CONFIGURE_TOTP"}));
}
