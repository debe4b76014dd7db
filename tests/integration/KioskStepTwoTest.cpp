// SPDX-License-Identifier: Apache-2.0
// Seed step ② and what leans on its session — verify temporary credentials, check a user ID,
// phone hand-off — from the kiosk's controller and libcurl client against madoguchi-central's
// own HTTPS front over mutual TLS: answers, lockout, and what the member sees when the
// service is down.

#include "ClosedLoopbackPort.h"
#include "KioskAgainstCentral.h"
#include "SealedResults.h"
#include "crypto/Base64.h"

namespace madoguchi {
namespace {

using test::kBirthDate;
using test::KioskAgainstCentral;
using test::kTempPassword;

class KioskStepTwoTest : public KioskAgainstCentral {};

TEST_F(KioskStepTwoTest, VerifiesChecksAUserIdAndHandsOffAgainstTheRealServer) {
    m_front->start();
    startKiosk(m_front->url());
    ASSERT_TRUE(m_flow->startEnrollment().ok());
    auto session = tempLogin(kTempPassword);
    ASSERT_TRUE(session.ok()) << session.error().detail;
    EXPECT_EQ(session->kanaName, "ヤマダ タロウ");
    EXPECT_EQ(m_flow->state(), FlowState::Terms);
    const std::string token = m_controller->sessionToken();
    EXPECT_EQ(token, session->sessionToken);

    // A user ID another enrollment already holds is taken; a fresh one is free.
    const auto other = test::enrollmentUuid(1, 7);
    auto sealed = test::sealedResult(m_publicKey, test::kKioskId, other, 1);
    test::recordSealedLogins(m_central->store(), test::kKioskId, 1, 1);
    ASSERT_TRUE(
        m_central->submitEnrollment({other, test::kKioskId, crypto::Base64::encode(sealed)}).ok());
    const std::string takenId = "user." + other.substr(0, 8) + ".1";
    EXPECT_EQ(m_controller->checkUserIdAvailable(token, takenId).code(), ErrorCode::UserIdTaken);
    EXPECT_TRUE(m_controller->checkUserIdAvailable(token, "yamada.taro").ok());

    // Phone hand-off: created for this session, pending until the phone is done.
    auto handoff = m_controller->createHandoff({token, test::kKioskId, test::enrollmentUuid(2, 7)});
    ASSERT_TRUE(handoff.ok()) << handoff.error().detail;
    EXPECT_NE(handoff->url.find(handoff->handoffToken), std::string::npos);
    auto pending = m_controller->pollHandoff(handoff->handoffToken);
    ASSERT_TRUE(pending.ok()) << pending.error().detail;
    EXPECT_EQ(pending->status, protocol::HandoffStatus::Pending);
    ASSERT_TRUE(m_central->confirmHandoff(handoff->handoffToken).ok());
    auto confirmed = m_controller->pollHandoff(handoff->handoffToken);
    ASSERT_TRUE(confirmed.ok());
    EXPECT_EQ(confirmed->status, protocol::HandoffStatus::Confirmed);
}

TEST_F(KioskStepTwoTest, LocksTheTempIdAfterFiveFailuresUntilStaffUnlockIt) {
    m_front->start();
    startKiosk(m_front->url());
    ASSERT_TRUE(m_flow->startEnrollment().ok());
    for (int i = 1; i <= 4; ++i) {
        auto refused = tempLogin("Wrong-Pass-1");
        EXPECT_EQ(refused.code(), ErrorCode::TempCredentialsInvalid) << "attempt " << i;
        EXPECT_EQ(m_flow->state(), FlowState::TempLogin);
        ASSERT_TRUE(m_flow->lastError());
        EXPECT_EQ(m_flow->lastError()->code, ErrorCode::TempCredentialsInvalid);
    }
    EXPECT_EQ(tempLogin("Wrong-Pass-1").code(), ErrorCode::TempCredentialsLocked);
    // Locked: the right password does not get in either, and the screen says so.
    EXPECT_EQ(tempLogin(kTempPassword).code(), ErrorCode::TempCredentialsLocked);
    EXPECT_EQ(m_flow->state(), FlowState::TempLogin);
    EXPECT_EQ(m_flow->lastError()->code, ErrorCode::TempCredentialsLocked);

    ASSERT_TRUE(m_central->unlockTempId(test::kTempId).value());
    EXPECT_TRUE(tempLogin(kTempPassword).ok());
    EXPECT_EQ(m_flow->state(), FlowState::Terms);
}

TEST_F(KioskStepTwoTest, TellsTheMemberTheServiceIsUnreachableWhenItIsDown) {
    const int port = test::closedLoopbackPort();
    startKiosk("https://127.0.0.1:" + std::to_string(port));
    ASSERT_TRUE(m_flow->startEnrollment().ok());
    auto offline = tempLogin(kTempPassword);
    EXPECT_EQ(offline.code(), ErrorCode::NetworkUnavailable) << offline.error().detail;
    EXPECT_EQ(m_flow->state(), FlowState::TempLogin); // nothing lost, try again
    ASSERT_TRUE(m_flow->lastError());
    EXPECT_EQ(m_flow->lastError()->code, ErrorCode::NetworkUnavailable);
    // Nothing was counted against the temp ID.
    EXPECT_EQ(m_central->store().attemptCount(test::kTempId).value(), 0);

    // The service comes up on that port: the same kiosk gets in and goes on; then it goes
    // away in the middle of step ③.
    m_front->start(port);
    ASSERT_TRUE(tempLogin(kTempPassword).ok());
    const std::string token = m_controller->sessionToken();
    m_front->stop();
    EXPECT_EQ(m_controller->checkUserIdAvailable(token, "yamada.taro").code(),
              ErrorCode::NetworkUnavailable);
    EXPECT_EQ(
        m_controller->createHandoff({token, test::kKioskId, test::enrollmentUuid(3, 7)}).code(),
        ErrorCode::NetworkUnavailable);
    EXPECT_EQ(m_controller->pollHandoff("c29tZS10b2tlbg").code(), ErrorCode::NetworkUnavailable);
}

TEST_F(KioskStepTwoTest, ASessionOfThisKioskIsUselessToAnotherKiosksCertificate) {
    m_front->start();
    startKiosk(m_front->url());
    ASSERT_TRUE(m_flow->startEnrollment().ok());
    ASSERT_TRUE(tempLogin(kTempPassword).ok());
    const std::string token = m_controller->sessionToken();
    auto handoff = m_controller->createHandoff({token, test::kKioskId, test::enrollmentUuid(4, 7)});
    ASSERT_TRUE(handoff.ok()) << handoff.error().detail;

    auto other = sync::HttpsCentralClient::create(clientConfig(m_front->url(), true));
    ASSERT_TRUE(other.ok());
    EXPECT_EQ((*other)->checkUserId({token, "yamada.taro"}).code(), ErrorCode::KioskNotAuthorized);
    EXPECT_EQ((*other)->pollHandoff(handoff->handoffToken).code(), ErrorCode::KioskNotAuthorized);
    EXPECT_EQ((*other)->createHandoff({token, "kiosk-02", test::enrollmentUuid(5, 7)}).code(),
              ErrorCode::KioskNotAuthorized);
}

} // namespace
} // namespace madoguchi
