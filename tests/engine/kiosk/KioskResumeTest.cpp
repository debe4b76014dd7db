// SPDX-License-Identifier: Apache-2.0
// The seed's timeout case through the controller: an interrupted member continues with the
// new user ID and password checked against the local resume verifier.
#include "KioskFixture.h"

#include <gtest/gtest.h>

using namespace madoguchi;
using namespace madoguchi::test;
using S = FlowState;

namespace {

using KioskResume = KioskTest;

TEST_F(KioskResume, NewUserIdAndPasswordContinueWithTheSecondFactor) {
    ASSERT_TRUE(commitBasic(MfaMethod::Otp));
    m_clock.advance(std::chrono::seconds(120));
    ASSERT_EQ(m_flow->tick().kind, IdleAction::Kind::TimedOut);
    m_clock.advance(std::chrono::hours(2)); // the member comes back later that day

    auto found = resume(kUserId, kPassword);
    ASSERT_TRUE(found.ok()) << found.error().detail;
    EXPECT_EQ(found->record.uuid, m_enrollmentId);
    EXPECT_EQ(m_flow->state(), S::OtpInstallApp);
    EXPECT_TRUE(m_flow->committed());
    EXPECT_EQ(m_flow->draft().userId, kUserId);
    EXPECT_EQ(m_flow->draft().enrollmentId, m_enrollmentId);
    EXPECT_TRUE(m_flow->otpNeedsNewSecret());

    ASSERT_TRUE(toOtpVerify());
    ASSERT_TRUE(typeOtpCode(currentOtpCode()).ok());
    EXPECT_EQ(m_flow->state(), S::Complete);
    auto queued = outbox();
    ASSERT_EQ(queued.size(), 2U);
    auto result = openSubmission(queued[1]);
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result->registrationId, m_enrollmentId) << "attached to the first visit's record";
}

TEST_F(KioskResume, WrongPasswordAndUnknownUserIdGetTheSameRefusal) {
    ASSERT_TRUE(commitBasic(MfaMethod::Otp));
    ASSERT_TRUE(m_flow->cancel());
    for (auto [userId, password] :
         {std::pair{kUserId, "Wrong#Pass99"}, std::pair{"hanako.sato", kPassword}}) {
        SCOPED_TRACE(userId);
        auto found = resume(userId, password);
        ASSERT_FALSE(found.ok());
        EXPECT_EQ(found.code(), ErrorCode::ResumeCredentialsInvalid)
            << "the screen cannot tell which user IDs exist here";
        EXPECT_EQ(m_flow->state(), S::ResumeLogin);
        ASSERT_TRUE(m_flow->lastError());
        EXPECT_EQ(m_flow->lastError()->code, ErrorCode::ResumeCredentialsInvalid);
        EXPECT_FALSE(m_flow->committed());
        EXPECT_TRUE(m_flow->draft().isEmpty());
        ASSERT_TRUE(m_flow->back());
    }
    EXPECT_TRUE(resume(kUserId, kPassword).ok()) << "the right pair still works";
}

TEST_F(KioskResume, TheResumeWindowEnds) {
    ASSERT_TRUE(commitBasic(MfaMethod::Otp));
    ASSERT_TRUE(m_flow->cancel());
    m_clock.advance(std::chrono::hours(72));
    auto found = resume(kUserId, kPassword);
    ASSERT_FALSE(found.ok());
    EXPECT_EQ(found.code(), ErrorCode::ResumeCredentialsInvalid);
}

TEST_F(KioskResume, ACompletedEnrollmentCannotBeResumed) {
    ASSERT_TRUE(commitBasic(MfaMethod::Otp));
    ASSERT_TRUE(toOtpVerify());
    ASSERT_TRUE(typeOtpCode(currentOtpCode()).ok());
    ASSERT_TRUE(m_flow->finish());
    auto found = resume(kUserId, kPassword);
    ASSERT_FALSE(found.ok());
    EXPECT_EQ(found.code(), ErrorCode::ResumeCredentialsInvalid);
}

TEST_F(KioskResume, AResumeAnswerAfterTheVisitEndedIsDropped) {
    ASSERT_TRUE(commitBasic(MfaMethod::Otp));
    ASSERT_TRUE(m_flow->cancel());
    ASSERT_TRUE(m_flow->startResume());
    const auto epoch = m_controller->epoch();
    auto found =
        m_controller->verifyResume(*m_jobStore, kUserId, SecureBuffer::fromText(kPassword));
    ASSERT_TRUE(found.ok());
    ASSERT_TRUE(m_flow->cancel()); // the member gave up while PBKDF2 ran
    m_controller->applyResume(epoch, std::move(found));
    EXPECT_EQ(m_flow->state(), S::Attract);
    EXPECT_FALSE(m_flow->committed());
    EXPECT_FALSE(m_controller->otpBindingInput().ok());
}

} // namespace
