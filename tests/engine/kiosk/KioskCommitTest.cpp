// SPDX-License-Identifier: Apache-2.0
// Step ⑥ and the end of a visit: the basic registration is one transaction of enrollment
// row, sealed outbox message and audit row; inactivity forgets what the controller held.
#include "KioskFixture.h"
#include "crypto/PasswordHasher.h"
#include "protocol/VerifyTempCredentials.h"
#include "sync/OutboxWorker.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

using namespace madoguchi;
using namespace madoguchi::test;
using S = FlowState;

namespace {

using KioskCommit = KioskTest;
using KioskWipe = KioskTest;

bool contains(const std::vector<std::uint8_t>& bytes, std::string_view text) {
    return std::search(bytes.begin(), bytes.end(), text.begin(), text.end()) != bytes.end();
}

TEST_F(KioskCommit, BasicRegistrationWritesRowOutboxAndAuditTogether) {
    ASSERT_TRUE(commitBasic(MfaMethod::Otp));
    ASSERT_FALSE(m_enrollmentId.empty());
    EXPECT_EQ(m_flow->draft().enrollmentId, m_enrollmentId);

    auto record = enrollment();
    ASSERT_TRUE(record);
    EXPECT_EQ(record->state, "basic_done");
    EXPECT_EQ(record->userId, kUserId);
    EXPECT_EQ(record->method, "otp");
    EXPECT_EQ(record->resumableUntil, m_clock.now() + std::chrono::hours(72));
    EXPECT_FALSE(record->otpLockedAt);
    // The resume verifier is a slow hash of the new password, never the password.
    auto matches =
        crypto::PasswordHasher::verify(record->resumeVerifier, SecureBuffer::fromText(kPassword));
    ASSERT_TRUE(matches.ok()) << matches.error().detail;
    EXPECT_TRUE(*matches);

    auto queued = outbox();
    ASSERT_EQ(queued.size(), 1U);
    EXPECT_EQ(queued[0].enrollmentUuid, m_enrollmentId);
    EXPECT_EQ(queued[0].kind, sync::OutboxWorker::kKindEnrollmentSubmission);
    EXPECT_EQ(queued[0].createdAt, m_clock.now());
    for (const char* secret : {kPassword, kTempPassword, kBirthDate, kEmail}) {
        EXPECT_FALSE(contains(queued[0].payload, secret)) << "sealed, so not readable: " << secret;
    }
    auto result = openSubmission(queued[0]);
    ASSERT_TRUE(result.ok()) << result.error().detail;
    EXPECT_EQ(result->stage, protocol::ResultStage::Registration);
    EXPECT_EQ(result->enrollmentId, m_enrollmentId);
    EXPECT_EQ(result->kioskId, kKioskId);
    EXPECT_EQ(result->tempId, kTempId);
    EXPECT_EQ(result->userId, kUserId);
    EXPECT_EQ(result->email, kEmail);
    EXPECT_EQ(result->termsVersion, kTermsVersion);
    EXPECT_EQ(result->method, protocol::MfaMethod::Totp);
    EXPECT_EQ(result->passwordHash, record->resumeVerifier);
    // The verified login it is the result of: the central service accepts it only with this.
    ASSERT_FALSE(m_controller->sessionToken().empty());
    EXPECT_EQ(result->sessionId, protocol::sessionIdOf(m_controller->sessionToken()));

    auto entries = audit();
    ASSERT_EQ(entries.size(), 1U);
    EXPECT_EQ(entries[0].event.kind, "registration_committed");
    EXPECT_EQ(entries[0].event.subject, m_enrollmentId);
    EXPECT_TRUE(m_store->verifyAuditChain().ok());

    // Nothing the commit made unnecessary stays in memory.
    EXPECT_TRUE(m_flow->draft().newPassword.empty());
    EXPECT_TRUE(m_flow->draft().tempPassword.empty());
    EXPECT_TRUE(m_flow->draft().birthDate.empty());
}

TEST_F(KioskCommit, AStorageFaultInTheStepLeavesNothingOfItAndTheMemberCanRetry) {
    ASSERT_TRUE(logIn());
    ASSERT_TRUE(chooseUserId());
    ASSERT_TRUE(m_flow->chooseMethod(MfaMethod::Otp));
    m_controller->applyPassword(SecureBuffer::fromText(kPassword));
    ASSERT_EQ(m_flow->state(), S::Email);

    breakAuditWrites(); // the last write of the transaction fails
    const auto epoch = m_controller->epoch();
    auto failed = m_controller->commitBasic(*m_jobStore, m_controller->basicInput(kEmail));
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(rows("enrollments"), 0);
    EXPECT_EQ(rows("outbox"), 0);
    EXPECT_EQ(rows("audit"), 0);
    m_controller->applyBasicCommitted(epoch, kEmail, std::move(failed));
    EXPECT_EQ(m_flow->state(), S::Email) << "not committed, so not past ⑥";
    ASSERT_TRUE(m_flow->lastError());
    EXPECT_FALSE(m_flow->committed());
    EXPECT_EQ(m_flow->draft().newPassword.view(), kPassword) << "kept for the retry";

    repairAuditWrites();
    auto committed = m_controller->commitBasic(*m_jobStore, m_controller->basicInput(kEmail));
    ASSERT_TRUE(committed.ok()) << committed.error().detail;
    m_controller->applyBasicCommitted(epoch, kEmail, std::move(committed));
    EXPECT_EQ(m_flow->state(), S::BasicDone);
    EXPECT_EQ(rows("enrollments"), 1);
    EXPECT_EQ(rows("outbox"), 1);
    EXPECT_EQ(rows("audit"), 1);
}

TEST_F(KioskCommit, ACommitThatFinishesAfterTheVisitEndedIsKeptButNotShown) {
    ASSERT_TRUE(logIn());
    ASSERT_TRUE(chooseUserId());
    ASSERT_TRUE(m_flow->chooseMethod(MfaMethod::Otp));
    m_controller->applyPassword(SecureBuffer::fromText(kPassword));
    const auto epoch = m_controller->epoch();
    auto in = m_controller->basicInput(kEmail);
    ASSERT_TRUE(m_flow->cancel()); // while the worker hashes and commits
    auto committed = m_controller->commitBasic(*m_jobStore, in);
    ASSERT_TRUE(committed.ok());
    m_controller->applyBasicCommitted(epoch, kEmail, std::move(committed));
    EXPECT_EQ(m_flow->state(), S::Attract);
    EXPECT_TRUE(m_flow->draft().isEmpty());
    EXPECT_EQ(rows("enrollments"), 1) << "committed is committed: the member can resume it";
}

TEST_F(KioskWipe, InactivityClearsWhatTheControllerHeldForTheMember) {
    ASSERT_TRUE(commitBasic(MfaMethod::Otp));
    ASSERT_TRUE(toOtpVerify());
    ASSERT_TRUE(m_controller->otpauthUri().ok());
    ASSERT_FALSE(m_controller->otpSecretGroups().empty());
    ASSERT_TRUE(m_controller->verifyOtpCode(currentOtpCode()).ok());
    ASSERT_TRUE(m_controller->lastOtpMatch());

    bool sawNonZero = false;
    int released = 0;
    SecureBuffer::setReleaseObserverForTesting([&](const std::uint8_t* p, std::size_t n) {
        ++released;
        sawNonZero = sawNonZero || std::any_of(p, p + n, [](std::uint8_t b) { return b != 0; });
    });
    m_clock.advance(std::chrono::seconds(120));
    const auto idle = m_flow->tick();
    SecureBuffer::setReleaseObserverForTesting(nullptr);

    ASSERT_EQ(idle.kind, IdleAction::Kind::TimedOut);
    EXPECT_EQ(m_flow->state(), S::Attract);
    EXPECT_GE(released, 1) << "the OTP secret was released";
    EXPECT_FALSE(sawNonZero) << "and wiped before it was";
    EXPECT_FALSE(m_controller->otpauthUri().ok());
    EXPECT_TRUE(m_controller->otpSecretGroups().empty());
    EXPECT_FALSE(m_controller->lastOtpMatch());
    EXPECT_TRUE(m_controller->sessionToken().empty());
    EXPECT_TRUE(m_controller->kanaName().empty());
    EXPECT_TRUE(m_flow->draft().isEmpty());
    EXPECT_FALSE(m_controller->otpBindingInput().ok()) << "nothing left to bind";
}

TEST_F(KioskWipe, CancelBeforeTheCommitClearsTheSession) {
    ASSERT_TRUE(logIn());
    ASSERT_TRUE(m_flow->cancel());
    EXPECT_TRUE(m_controller->sessionToken().empty());
    EXPECT_TRUE(m_controller->kanaName().empty());
    EXPECT_TRUE(m_flow->draft().isEmpty());
    EXPECT_EQ(rows("enrollments"), 0);
}

} // namespace
