// SPDX-License-Identifier: Apache-2.0
// Steps ② and ③ through the controller: the temporary login and the user-ID check, with a
// central service that answers yes, no, not now, or late.
#include "KioskFixture.h"

#include <gtest/gtest.h>

#include <thread>

using namespace madoguchi;
using namespace madoguchi::test;
using S = FlowState;

namespace {

using KioskLogin = KioskTest;

kiosk::KioskController::TempLoginInput tempLogin() {
    return {kTempId, SecureBuffer::fromText(kTempPassword), SecureBuffer::fromText(kBirthDate)};
}

TEST_F(KioskLogin, AcceptedTempLoginOpensTheTermsWithTheSession) {
    ASSERT_TRUE(logIn());
    EXPECT_EQ(m_central.verifyCalls, 1);
    EXPECT_EQ(m_central.lastKioskId, kKioskId);
    EXPECT_EQ(m_central.lastTempId, kTempId);
    EXPECT_EQ(m_central.lastTempPassword.view(), kTempPassword);
    EXPECT_EQ(m_central.lastBirthDate.view(), kBirthDate);
    EXPECT_EQ(m_controller->sessionToken(), ScriptedCentral::kSessionToken);
    EXPECT_EQ(m_controller->kanaName(), ScriptedCentral::kKanaName);
    EXPECT_EQ(m_flow->draft().tempId, kTempId);
    EXPECT_EQ(m_flow->draft().tempPassword.view(), kTempPassword) << "for the password rules";
    EXPECT_FALSE(m_flow->lastError());
}

class TempLoginRefused : public KioskTest, public ::testing::WithParamInterface<ErrorCode> {};

// Wrong credentials, the lockout after repeated failures, and no network: the member stays
// on step ② and the screen is told which one it was (the GUI words it).
TEST_P(TempLoginRefused, StaysOnTheLoginWithTheReason) {
    m_central.verifyFails = GetParam();
    ASSERT_TRUE(m_flow->startEnrollment());
    auto in = tempLogin();
    const auto epoch = m_controller->epoch();
    auto answer = m_controller->verifyTempLogin(in);
    ASSERT_FALSE(answer.ok());
    m_controller->applyTempLogin(epoch, std::move(in), std::move(answer));
    EXPECT_EQ(m_flow->state(), S::TempLogin);
    ASSERT_TRUE(m_flow->lastError());
    EXPECT_EQ(m_flow->lastError()->code, GetParam());
    EXPECT_TRUE(m_controller->sessionToken().empty());
    EXPECT_TRUE(m_flow->draft().isEmpty()) << "nothing of a refused login is kept";
    EXPECT_TRUE(deniedBy(m_flow->agreeTerms(kTermsVersion)));
}

INSTANTIATE_TEST_SUITE_P(Kiosk, TempLoginRefused,
                         ::testing::Values(ErrorCode::TempCredentialsInvalid,
                                           ErrorCode::TempCredentialsLocked,
                                           ErrorCode::NetworkUnavailable,
                                           ErrorCode::NetworkTimeout),
                         [](const auto& p) { return std::string(toString(p.param)); });

TEST_F(KioskLogin, ALoginAnswerThatArrivesAfterTheTimeoutIsDropped) {
    ASSERT_TRUE(m_flow->startEnrollment());
    const auto epoch = m_controller->epoch();
    auto in = tempLogin();
    m_central.gate.hold();
    std::optional<Result<protocol::VerifyTempCredentialsResponse>> answer;
    std::thread worker([&] { answer.emplace(m_controller->verifyTempLogin(in)); });
    m_central.gate.waitForCaller();
    // The member walks away while the central service is slow.
    m_clock.advance(std::chrono::seconds(120));
    ASSERT_EQ(m_flow->tick().kind, IdleAction::Kind::TimedOut);
    m_central.gate.release();
    worker.join();
    ASSERT_TRUE(answer && answer->ok()) << "the service did say yes";
    m_controller->applyTempLogin(epoch, std::move(in), std::move(*answer));
    EXPECT_EQ(m_flow->state(), S::Attract);
    EXPECT_TRUE(m_controller->sessionToken().empty());
    EXPECT_TRUE(m_controller->kanaName().empty());
    EXPECT_TRUE(m_flow->draft().isEmpty());
    // The next member starts from nothing.
    ASSERT_TRUE(m_flow->startEnrollment());
    EXPECT_TRUE(deniedBy(m_flow->agreeTerms(kTermsVersion)));
}

TEST_F(KioskLogin, AvailableUserIdMovesToTheMethodChoice) {
    ASSERT_TRUE(logIn());
    ASSERT_TRUE(chooseUserId());
    ASSERT_TRUE(m_central.lastCheck);
    EXPECT_EQ(m_central.lastCheck->sessionToken, ScriptedCentral::kSessionToken);
    EXPECT_EQ(m_central.lastCheck->userId, kUserId);
    EXPECT_EQ(m_flow->draft().userId, kUserId);
}

TEST_F(KioskLogin, TakenUserIdStaysOnTheScreenWithTheReason) {
    m_central.userIdTaken = true;
    ASSERT_TRUE(logIn());
    EXPECT_FALSE(chooseUserId());
    EXPECT_EQ(m_flow->state(), S::UserId);
    ASSERT_TRUE(m_flow->lastError());
    EXPECT_EQ(m_flow->lastError()->code, ErrorCode::UserIdTaken);
    EXPECT_TRUE(m_flow->draft().userId.empty());
    // Another ID, once available, goes on.
    m_central.userIdTaken = false;
    EXPECT_TRUE(chooseUserId());
}

TEST_F(KioskLogin, UserIdCheckWithoutNetworkStaysOnTheScreen) {
    m_central.checkUserIdFails = ErrorCode::NetworkUnavailable;
    ASSERT_TRUE(logIn());
    EXPECT_FALSE(chooseUserId());
    EXPECT_EQ(m_flow->state(), S::UserId);
    EXPECT_EQ(m_flow->lastError()->code, ErrorCode::NetworkUnavailable);
}

TEST_F(KioskLogin, UserIdCheckWithAnEndedSessionGoesBackToTheLogin) {
    m_central.checkUserIdFails = ErrorCode::SessionInvalid;
    ASSERT_TRUE(logIn());
    EXPECT_FALSE(chooseUserId());
    EXPECT_EQ(m_flow->state(), S::TempLogin);
    EXPECT_EQ(m_flow->lastError()->code, ErrorCode::SessionInvalid);
}

} // namespace
