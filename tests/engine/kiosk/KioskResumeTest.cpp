// SPDX-License-Identifier: Apache-2.0
// The seed's timeout case through the controller: an interrupted member continues with the
// new user ID and password checked against the local resume verifier.
#include "KioskFixture.h"
#include "crypto/PasswordHashRecord.h"

#include <gtest/gtest.h>

#include <algorithm>

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

constexpr int kResumeCap = 5; // KioskOptions::resumeMaxAttempts

std::vector<std::string> auditKinds(const std::vector<store::AuditEntry>& entries,
                                    std::string_view prefix) {
    std::vector<std::string> kinds;
    for (const auto& e : entries) {
        if (e.event.kind.starts_with(prefix)) {
            kinds.push_back(e.event.kind);
        }
    }
    return kinds;
}

TEST_F(KioskResume, WrongPasswordsLockTheResumeAndTheLockSurvivesARestart) {
    ASSERT_TRUE(commitBasic(MfaMethod::Otp));
    ASSERT_TRUE(m_flow->cancel());
    for (int attempt = 1; attempt <= kResumeCap; ++attempt) {
        SCOPED_TRACE(attempt);
        auto found = resume(kUserId, "Wrong#Pass99");
        ASSERT_FALSE(found.ok());
        EXPECT_EQ(found.code(), attempt < kResumeCap ? ErrorCode::ResumeCredentialsInvalid
                                                     : ErrorCode::ResumeLocked);
        ASSERT_TRUE(m_flow->back());
    }
    // The kiosk restarts (power cut, update): the count and the lock are on disk.
    openKiosk();
    m_verifiedRecords.clear();
    auto locked = resume(kUserId, kPassword);
    ASSERT_FALSE(locked.ok());
    EXPECT_EQ(locked.code(), ErrorCode::ResumeLocked) << "the right password does not lift it";
    EXPECT_TRUE(m_verifiedRecords.empty()) << "while locked no password is checked";
    EXPECT_EQ(m_flow->state(), S::ResumeLogin);
    ASSERT_TRUE(m_flow->lastError());
    EXPECT_EQ(m_flow->lastError()->code, ErrorCode::ResumeLocked);
    EXPECT_FALSE(m_flow->committed());
    ASSERT_TRUE(m_flow->back());

    auto locks = m_controller->lockedResumes();
    ASSERT_TRUE(locks.ok());
    ASSERT_EQ(locks->size(), 1U);
    EXPECT_EQ((*locks)[0].enrollmentUuid, m_enrollmentId);
    EXPECT_EQ((*locks)[0].userId, kUserId);

    // Staff lift it; the member's right password works again.
    ASSERT_TRUE(m_controller->unlockResume(*m_jobStore, m_enrollmentId).ok());
    EXPECT_TRUE(m_controller->lockedResumes()->empty());
    auto resumed = resume(kUserId, kPassword);
    ASSERT_TRUE(resumed.ok()) << resumed.error().detail;
    EXPECT_EQ(m_flow->state(), S::OtpInstallApp);

    const auto entries = audit();
    EXPECT_EQ(auditKinds(entries, "resume_"),
              (std::vector<std::string>{"resume_refused", "resume_refused", "resume_refused",
                                        "resume_refused", "resume_refused", "resume_locked",
                                        "resume_unlocked"}));
    for (const auto& e : entries) {
        EXPECT_EQ(e.event.detail.find("Wrong#Pass99"), std::string::npos) << e.event.kind;
        EXPECT_EQ(e.event.detail.find(kPassword), std::string::npos) << e.event.kind;
    }
    EXPECT_TRUE(m_store->verifyAuditChain().ok());
}

TEST_F(KioskResume, ARightPasswordStartsTheCountAgain) {
    ASSERT_TRUE(commitBasic(MfaMethod::Otp));
    ASSERT_TRUE(m_flow->cancel());
    for (int round = 0; round < 2; ++round) {
        SCOPED_TRACE(round);
        for (int attempt = 1; attempt < kResumeCap; ++attempt) {
            EXPECT_EQ(resume(kUserId, "Wrong#Pass99").code(), ErrorCode::ResumeCredentialsInvalid);
            ASSERT_TRUE(m_flow->back());
        }
        ASSERT_TRUE(resume(kUserId, kPassword).ok());
        ASSERT_TRUE(m_flow->cancel());
    }
    auto attempts = m_store->resumeAttempts(m_enrollmentId);
    ASSERT_TRUE(attempts.ok());
    EXPECT_EQ(attempts->failures, 0);
    EXPECT_FALSE(attempts->lockedAt);
}

TEST_F(KioskResume, AnUnknownUserIdCostsTheSamePbkdf2AsAWrongPassword) {
    ASSERT_TRUE(commitBasic(MfaMethod::Otp));
    ASSERT_TRUE(m_flow->cancel());
    const auto auditBefore = audit().size();

    m_verifiedRecords.clear();
    EXPECT_EQ(resume("nobody.here", kPassword).code(), ErrorCode::ResumeCredentialsInvalid);
    ASSERT_TRUE(m_flow->back());
    ASSERT_EQ(m_verifiedRecords.size(), 1U) << "an unknown user ID runs a verification too";
    const std::string decoy = m_verifiedRecords[0];

    m_verifiedRecords.clear();
    EXPECT_EQ(resume(kUserId, "Wrong#Pass99").code(), ErrorCode::ResumeCredentialsInvalid);
    ASSERT_TRUE(m_flow->back());
    ASSERT_EQ(m_verifiedRecords.size(), 1U);
    const std::string real = m_verifiedRecords[0];

    auto decoyRecord = crypto::PasswordHashRecord::parse(decoy);
    auto realRecord = crypto::PasswordHashRecord::parse(real);
    ASSERT_TRUE(decoyRecord.ok());
    ASSERT_TRUE(realRecord.ok());
    EXPECT_EQ(decoyRecord->digest, realRecord->digest);
    EXPECT_EQ(decoyRecord->iterations, realRecord->iterations);
    EXPECT_EQ(decoyRecord->salt.size(), realRecord->salt.size());
    EXPECT_EQ(decoyRecord->hash.size(), realRecord->hash.size());
    EXPECT_NE(decoy, real);
    // Both wrote one audit row, and the unknown one names no user ID.
    const auto entries = audit();
    ASSERT_EQ(entries.size(), auditBefore + 2);
    EXPECT_EQ(entries[auditBefore].event.kind, "resume_refused");
    EXPECT_EQ(entries[auditBefore].event.detail.find("nobody.here"), std::string::npos);
    EXPECT_EQ(entries[auditBefore].event.subject.find("nobody.here"), std::string::npos);
    EXPECT_EQ(entries[auditBefore + 1].event.kind, "resume_refused");
    // An unknown user ID is never locked (there is nothing to lock).
    for (int attempt = 0; attempt < kResumeCap + 1; ++attempt) {
        EXPECT_EQ(resume("nobody.here", kPassword).code(), ErrorCode::ResumeCredentialsInvalid);
        ASSERT_TRUE(m_flow->back());
    }
}

TEST_F(KioskResume, OnlyALockedResumeCanBeUnlocked) {
    ASSERT_TRUE(commitBasic(MfaMethod::Otp));
    ASSERT_TRUE(m_flow->cancel());
    EXPECT_EQ(m_controller->unlockResume(*m_jobStore, m_enrollmentId).code(),
              ErrorCode::InvalidArgument);
    EXPECT_EQ(m_controller->unlockResume(*m_jobStore, "no-such-uuid").code(), ErrorCode::NotFound);
}

} // namespace
