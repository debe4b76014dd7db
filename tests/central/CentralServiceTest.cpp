// SPDX-License-Identifier: Apache-2.0
#include "central/CentralService.h"

#include "CentralTestSupport.h"
#include "StoreBackends.h"
#include "protocol/JsonReader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <unistd.h>
#include <vector>

using namespace madoguchi;
using namespace madoguchi::central;
using madoguchi::centraltest::randomUuid;
using madoguchi::centraltest::sealedSubmission;
using madoguchi::centraltest::totpResult;
using madoguchi::protocol::EnrollmentStatus;
using madoguchi::protocol::HandoffStatus;

namespace {

class CentralServiceTest : public ::testing::TestWithParam<centraltest::StoreBackend> {
protected:
    void SetUp() override {
        m_keys =
            std::make_unique<crypto::SealingKeyPair>(crypto::SealingKeyPair::generate().value());
        m_clock = std::make_shared<ManualClock>(
            std::chrono::system_clock::time_point(std::chrono::seconds(1767225600)));
        CentralOptions options;
        options.openingKeyPem = m_keys->privateKeyPem.clone();
        options.handoffUrlBase = "https://portal.example/handoff/";
        m_home = std::make_unique<centraltest::StoreHome>(GetParam());
        auto service = m_home->openService(std::move(options), m_clock);
        ASSERT_TRUE(service.ok()) << service.error().detail;
        m_service = std::move(*service);
        auto report = m_service->importRosterCsv(SecureBuffer::fromText(centraltest::kRosterCsv));
        ASSERT_TRUE(report.ok());
        ASSERT_EQ(report->imported, 2);
        centraltest::recordTestLogins(m_service->store(), 1767225600);
    }

    protocol::VerifyTempCredentialsRequest verifyRequest(const char* tempId, const char* password,
                                                         const char* birth) {
        return {"kiosk-01", tempId, SecureBuffer::fromText(password),
                SecureBuffer::fromText(birth)};
    }

    std::string sessionFor(const char* tempId, const char* password, const char* birth) {
        auto reply = m_service->verifyTempCredentials(verifyRequest(tempId, password, birth));
        return reply.ok() ? reply.value().sessionToken : std::string();
    }

    std::unique_ptr<crypto::SealingKeyPair> m_keys;
    std::shared_ptr<ManualClock> m_clock;
    std::unique_ptr<centraltest::StoreHome> m_home;
    std::unique_ptr<CentralService> m_service;
};

} // namespace

MADOGUCHI_ON_BOTH_STORES(CentralServiceTest);

TEST_P(CentralServiceTest, VerifiesTempCredentialsAndOpensASession) {
    auto reply = m_service->verifyTempCredentials(verifyRequest("T0001", "Pw-One-111", "19580401"));
    ASSERT_TRUE(reply.ok()) << reply.error().detail;
    EXPECT_EQ(reply.value().kanaName, "ヤマダ タロウ");
    EXPECT_EQ(reply.value().expiresAt, 1767225600 + 30 * 60);
    EXPECT_GE(reply.value().sessionToken.size(), 43u);
    // The quoted CSV field with a comma and a doubled quote was read as one password.
    EXPECT_TRUE(
        m_service->verifyTempCredentials(verifyRequest("T0002", "Pw,Two\"222", "19600229")).ok());
}

TEST_P(CentralServiceTest, LocksATempIdAfterFiveFailuresUntilStaffUnlock) {
    for (int i = 1; i <= 4; ++i) {
        auto reply = m_service->verifyTempCredentials(verifyRequest("T0001", "wrong", "19580401"));
        ASSERT_EQ(reply.code(), ErrorCode::TempCredentialsInvalid);
        EXPECT_EQ(reply.attemptsLeft, 5 - i);
    }
    auto fifth = m_service->verifyTempCredentials(verifyRequest("T0001", "Pw-One-111", "19580402"));
    EXPECT_EQ(fifth.code(), ErrorCode::TempCredentialsLocked);
    // Even the right credentials are refused now.
    EXPECT_EQ(
        m_service->verifyTempCredentials(verifyRequest("T0001", "Pw-One-111", "19580401")).code(),
        ErrorCode::TempCredentialsLocked);
    // Another temp ID is not affected.
    EXPECT_TRUE(
        m_service->verifyTempCredentials(verifyRequest("T0002", "Pw,Two\"222", "19600229")).ok());
    EXPECT_TRUE(m_service->unlockTempId("T0001").value());
    EXPECT_TRUE(
        m_service->verifyTempCredentials(verifyRequest("T0001", "Pw-One-111", "19580401")).ok());
}

TEST_P(CentralServiceTest, ASuccessResetsTheFailureCount) {
    for (int i = 0; i < 4; ++i) {
        ASSERT_FALSE(
            m_service->verifyTempCredentials(verifyRequest("T0001", "x", "19580401")).ok());
    }
    ASSERT_TRUE(
        m_service->verifyTempCredentials(verifyRequest("T0001", "Pw-One-111", "19580401")).ok());
    auto again = m_service->verifyTempCredentials(verifyRequest("T0001", "x", "19580401"));
    EXPECT_EQ(again.attemptsLeft, 4);
}

TEST_P(CentralServiceTest, UnknownTempIdsAnswerLikeKnownOnesAndLockToo) {
    auto reply = m_service->verifyTempCredentials(verifyRequest("T9999", "x", "19580401"));
    EXPECT_EQ(reply.code(), ErrorCode::TempCredentialsInvalid);
    EXPECT_EQ(reply.attemptsLeft, 4);
    for (int i = 0; i < 4; ++i) {
        (void)m_service->verifyTempCredentials(verifyRequest("T9999", "x", "19580401"));
    }
    EXPECT_EQ(m_service->verifyTempCredentials(verifyRequest("T9999", "x", "19580401")).code(),
              ErrorCode::TempCredentialsLocked);
}

TEST_P(CentralServiceTest, UnknownTempIdsAreCountedInTheSameDurableTableAsRosterIds) {
    for (int i = 0; i < 3; ++i) {
        (void)m_service->verifyTempCredentials(verifyRequest("T0001", "x", "19580401"));
        (void)m_service->verifyTempCredentials(verifyRequest("GUESS", "x", "19580401"));
    }
    EXPECT_EQ(m_service->store().attemptCount("T0001").value(), 3);
    EXPECT_EQ(m_service->store().attemptCount("GUESS").value(), 3);
}

TEST_P(CentralServiceTest, AnUnknownTempIdAnswersLikeARosterIdAtEveryAttempt) {
    for (int i = 1; i <= 6; ++i) {
        auto known = m_service->verifyTempCredentials(verifyRequest("T0001", "x", "19580401"));
        auto unknown = m_service->verifyTempCredentials(verifyRequest("T7777", "x", "19580401"));
        EXPECT_EQ(known.code(), unknown.code()) << "attempt " << i;
        EXPECT_EQ(known.attemptsLeft, unknown.attemptsLeft) << "attempt " << i;
        EXPECT_EQ(known.errorBody().toJson(), unknown.errorBody().toJson()) << "attempt " << i;
    }
    // A staff unlock clears both alike.
    EXPECT_TRUE(m_service->unlockTempId("T0001").value());
    EXPECT_TRUE(m_service->unlockTempId("T7777").value());
    EXPECT_EQ(
        m_service->verifyTempCredentials(verifyRequest("T7777", "x", "19580401")).attemptsLeft, 4);
}

// Unknown-ID failures used to be kept for the 4,096 most recent IDs only: pushing fresh IDs
// (or a restart) made a locked unknown ID answer 401 again while a locked roster ID stayed
// 423 — an oracle for who is on the roster.
TEST_P(CentralServiceTest, ALockedUnknownIdStaysLockedLikeARosterIdAfterAFloodOfFreshIds) {
    for (int i = 0; i < 5; ++i) {
        (void)m_service->verifyTempCredentials(verifyRequest("T0001", "x", "19580401"));
        (void)m_service->verifyTempCredentials(verifyRequest("NOPE-1", "x", "19580401"));
    }
    // 4,100 fresh IDs, each counted the way verifyTempCredentials counts a failed login
    // (through the service that would be 4,100 PBKDF2s; the count is what a flood changes).
    for (int i = 0; i < 4100; ++i) {
        ASSERT_TRUE(m_service->store().countAttempt("FLOOD-" + std::to_string(i), 1767225600).ok());
    }
    auto known = m_service->verifyTempCredentials(verifyRequest("T0001", "x", "19580401"));
    auto unknown = m_service->verifyTempCredentials(verifyRequest("NOPE-1", "x", "19580401"));
    EXPECT_EQ(known.code(), ErrorCode::TempCredentialsLocked);
    EXPECT_EQ(unknown.code(), ErrorCode::TempCredentialsLocked);
    EXPECT_EQ(known.errorBody().toJson(), unknown.errorBody().toJson());
}

TEST_P(CentralServiceTest, ALockedUnknownIdStaysLockedLikeARosterIdAcrossARestart) {
    const auto db = std::filesystem::temp_directory_path() /
                    ("madoguchi-oracle-" + std::to_string(::getpid()) + ".db");
    std::filesystem::remove(db);
    const centraltest::StoreHome home(GetParam(), db);
    {
        auto service = home.openService({}, m_clock).value();
        ASSERT_TRUE(service->importRosterCsv(SecureBuffer::fromText(centraltest::kRosterCsv)).ok());
        for (int i = 0; i < 5; ++i) {
            (void)service->verifyTempCredentials(verifyRequest("T0001", "x", "19580401"));
            (void)service->verifyTempCredentials(verifyRequest("NOPE-2", "x", "19580401"));
        }
    }
    auto service = home.openService({}, m_clock).value();
    auto known = service->verifyTempCredentials(verifyRequest("T0001", "x", "19580401"));
    auto unknown = service->verifyTempCredentials(verifyRequest("NOPE-2", "x", "19580401"));
    EXPECT_EQ(known.code(), ErrorCode::TempCredentialsLocked);
    EXPECT_EQ(unknown.code(), ErrorCode::TempCredentialsLocked);
    EXPECT_EQ(known.errorBody().toJson(), unknown.errorBody().toJson());
    service.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) {
        std::filesystem::remove(db.string() + suffix);
    }
}

TEST_P(CentralServiceTest, TheFirstUnknownTempIdCostsNoMoreThanAWrongPasswordForARosterId) {
    // Before, the decoy verifier was made at the first unknown ID (a second PBKDF2 then),
    // which told an observer that this was the first unknown ID since start-up.
    using Clock = std::chrono::steady_clock;
    auto timed = [](auto&& call) {
        const auto start = Clock::now();
        call();
        return std::chrono::duration<double>(Clock::now() - start).count();
    };
    std::vector<double> ratios;
    for (int trial = 0; trial < 3; ++trial) {
        auto service = centraltest::StoreHome(GetParam()).openService({}, m_clock).value();
        ASSERT_TRUE(service->importRosterCsv(SecureBuffer::fromText(centraltest::kRosterCsv)).ok());
        const double firstUnknown = timed(
            [&] { (void)service->verifyTempCredentials(verifyRequest("NOPE", "x", "19580401")); });
        std::vector<double> known;
        for (int i = 0; i < 3; ++i) {
            known.push_back(timed([&] {
                (void)service->verifyTempCredentials(verifyRequest("T0002", "x", "19600229"));
            }));
        }
        std::sort(known.begin(), known.end());
        ratios.push_back(firstUnknown / known[1]);
    }
    std::sort(ratios.begin(), ratios.end());
    EXPECT_LT(ratios[1], 1.5) << "first unknown / known: " << ratios[0] << " " << ratios[1] << " "
                              << ratios[2];
}

TEST_P(CentralServiceTest, AUserIdCheckNeedsTheSessionsOwnKiosk) {
    const auto token = sessionFor("T0001", "Pw-One-111", "19580401");
    EXPECT_TRUE(m_service->checkUserId({token, "yamada.taro"}, "kiosk-01").ok());
    auto other = m_service->checkUserId({token, "yamada.taro"}, "kiosk-02");
    EXPECT_EQ(other.code(), ErrorCode::KioskNotAuthorized);
    EXPECT_EQ(other.errorBody().code, "kiosk_not_authorized");
}

TEST_P(CentralServiceTest, OnlyTheKioskThatCreatedAHandoffMayPollIt) {
    const auto token = sessionFor("T0001", "Pw-One-111", "19580401");
    auto created = m_service->createHandoff({token, "kiosk-01", randomUuid()});
    ASSERT_TRUE(created.ok()) << created.error().detail;
    EXPECT_TRUE(m_service->pollHandoff(created.value().handoffToken, "kiosk-01").ok());
    EXPECT_EQ(m_service->pollHandoff(created.value().handoffToken, "kiosk-02").code(),
              ErrorCode::KioskNotAuthorized);
    // An unknown token is still "not found", whoever asks.
    EXPECT_EQ(m_service->pollHandoff("nope", "kiosk-02").code(), ErrorCode::NotFound);
}

TEST_P(CentralServiceTest, SessionsExpire) {
    const auto token = sessionFor("T0001", "Pw-One-111", "19580401");
    ASSERT_FALSE(token.empty());
    EXPECT_TRUE(m_service->checkUserId({token, "yamada.taro"}, "kiosk-01").ok());
    m_clock->advance(std::chrono::minutes(31));
    EXPECT_EQ(m_service->checkUserId({token, "yamada.taro"}, "kiosk-01").code(),
              ErrorCode::SessionInvalid);
    EXPECT_EQ(m_service->checkUserId({"made-up", "yamada.taro"}, "kiosk-01").code(),
              ErrorCode::SessionInvalid);
}

TEST_P(CentralServiceTest, AcceptsADeliveryAndMakesTheUserIdUnavailable) {
    const auto token = sessionFor("T0001", "Pw-One-111", "19580401");
    EXPECT_TRUE(m_service->checkUserId({token, "yamada.taro"}, "kiosk-01").value().available);
    auto r = totpResult(randomUuid(), "kiosk-01", "T0001", "yamada.taro");
    auto reply = m_service->submitEnrollment(sealedSubmission(m_keys->publicKeyPem, r));
    ASSERT_TRUE(reply.ok()) << reply.error().detail;
    EXPECT_EQ(reply.value().status, EnrollmentStatus::Accepted);
    EXPECT_FALSE(reply.value().replayed);
    const auto token2 = sessionFor("T0002", "Pw,Two\"222", "19600229");
    EXPECT_FALSE(m_service->checkUserId({token2, "yamada.taro"}, "kiosk-01").value().available);
    // The temp credentials are spent once the result is in.
    EXPECT_EQ(
        m_service->verifyTempCredentials(verifyRequest("T0001", "Pw-One-111", "19580401")).code(),
        ErrorCode::InvalidArgument);
}

TEST_P(CentralServiceTest, ARepeatGetsTheFirstAnswerAndNoSecondRecord) {
    auto r = totpResult(randomUuid(), "kiosk-01", "T0001", "yamada.taro");
    const auto request = sealedSubmission(m_keys->publicKeyPem, r);
    auto first = m_service->submitEnrollment(request);
    ASSERT_TRUE(first.ok());
    m_clock->advance(std::chrono::hours(5));
    auto second = m_service->submitEnrollment(request);
    ASSERT_TRUE(second.ok()) << second.error().detail;
    EXPECT_TRUE(second.value().replayed);
    EXPECT_EQ(second.value().receivedAt, first.value().receivedAt);
    EXPECT_EQ(second.value().status, first.value().status);
    EXPECT_EQ(m_service->store().countEnrollments(r.enrollmentId).value(), 1);
    EXPECT_EQ(m_service->store().countEnrollments("").value(), 1);
}

TEST_P(CentralServiceTest, SameKeyWithAnotherPayloadIsAMismatch) {
    auto r = totpResult(randomUuid(), "kiosk-01", "T0001", "yamada.taro");
    ASSERT_TRUE(m_service->submitEnrollment(sealedSubmission(m_keys->publicKeyPem, r)).ok());
    // Sealing again gives another envelope (fresh ephemeral key), so another body.
    auto reply = m_service->submitEnrollment(sealedSubmission(m_keys->publicKeyPem, r));
    EXPECT_EQ(reply.code(), ErrorCode::IdempotencyMismatch);
    EXPECT_EQ(m_service->store().countEnrollments("").value(), 1);
}

TEST_P(CentralServiceTest, ADuplicateWhileTheFirstIsInFlightIsTold409) {
    auto r = totpResult(randomUuid(), "kiosk-01", "T0001", "yamada.taro");
    const auto request = sealedSubmission(m_keys->publicKeyPem, r);
    std::optional<ErrorCode> duplicateCode;
    std::optional<std::int64_t> retryAfter;
    m_service->setBeforeCompleteHookForTesting([&] {
        m_service->setBeforeCompleteHookForTesting(nullptr);
        auto dup = m_service->submitEnrollment(request);
        duplicateCode = dup.ok() ? ErrorCode::Internal : dup.code();
        retryAfter = dup.retryAfterSeconds;
    });
    ASSERT_TRUE(m_service->submitEnrollment(request).ok());
    EXPECT_EQ(duplicateCode, ErrorCode::IdempotencyInFlight);
    EXPECT_TRUE(retryAfter.has_value());
    EXPECT_EQ(m_service->store().countEnrollments("").value(), 1);
    EXPECT_TRUE(m_service->submitEnrollment(request).value().replayed);
}

TEST_P(CentralServiceTest, AStaleInFlightMarkerIsTakenOver) {
    auto r = totpResult(randomUuid(), "kiosk-01", "T0001", "yamada.taro");
    const auto request = sealedSubmission(m_keys->publicKeyPem, r);
    // The first copy stalls after claiming the key (as if its process hung or died).
    m_service->setBeforeCompleteHookForTesting([&] {
        m_service->setBeforeCompleteHookForTesting(nullptr);
        EXPECT_EQ(m_service->submitEnrollment(request).code(), ErrorCode::IdempotencyInFlight);
        m_clock->advance(std::chrono::minutes(3));
        // Past the stale limit another copy takes the key over and finishes the work.
        EXPECT_TRUE(m_service->submitEnrollment(request).ok());
    });
    auto stalled = m_service->submitEnrollment(request);
    // The stalled copy cannot add a second record when it wakes up.
    EXPECT_FALSE(stalled.ok());
    EXPECT_EQ(m_service->store().countEnrollments(r.enrollmentId).value(), 1);
    EXPECT_TRUE(m_service->submitEnrollment(request).value().replayed);
}

TEST_P(CentralServiceTest, AUserIdTakenMeanwhileBecomesAStaffItem) {
    auto first = totpResult(randomUuid(), "kiosk-01", "T0001", "shared.id");
    auto second = totpResult(randomUuid(), "kiosk-02", "T0002", "shared.id");
    ASSERT_EQ(
        m_service->submitEnrollment(sealedSubmission(m_keys->publicKeyPem, first)).value().status,
        EnrollmentStatus::Accepted);
    auto reply = m_service->submitEnrollment(sealedSubmission(m_keys->publicKeyPem, second));
    ASSERT_TRUE(reply.ok()) << reply.error().detail;
    EXPECT_EQ(reply.value().status, EnrollmentStatus::UserIdConflict);
    auto items = m_service->staffItems().value();
    ASSERT_EQ(items.size(), 1u);
    EXPECT_EQ(items[0].kind, "user_id_conflict");
    EXPECT_EQ(items[0].enrollmentId, second.enrollmentId);
    EXPECT_EQ(items[0].userId, "shared.id");
    EXPECT_EQ(items[0].kioskId, "kiosk-02");
    // Both results are kept; only the first is exported.
    EXPECT_EQ(m_service->store().countEnrollments("").value(), 2);
    auto exported = m_service->exportKeycloak().value();
    ASSERT_EQ(exported["users"].size(), 1u);
    EXPECT_EQ(exported["users"][0]["attributes"]["madoguchiEnrollmentId"][0], first.enrollmentId);
}

TEST_P(CentralServiceTest, AnEnvelopeSealedForAnotherKioskIsRejectedVisibly) {
    auto r = totpResult(randomUuid(), "kiosk-01", "T0001", "yamada.taro");
    auto reply =
        m_service->submitEnrollment(sealedSubmission(m_keys->publicKeyPem, r, "kiosk-evil"));
    EXPECT_EQ(reply.code(), ErrorCode::EnvelopeRejected);
    EXPECT_EQ(m_service->store().countEnrollments("").value(), 0);
    auto items = m_service->staffItems().value();
    ASSERT_EQ(items.size(), 1u);
    EXPECT_EQ(items[0].kind, "envelope_rejected");
}

TEST_P(CentralServiceTest, AnEnvelopeForAnotherKeyIsRejected) {
    auto other = crypto::SealingKeyPair::generate().value();
    auto r = totpResult(randomUuid(), "kiosk-01", "T0001", "yamada.taro");
    EXPECT_EQ(m_service->submitEnrollment(sealedSubmission(other.publicKeyPem, r)).code(),
              ErrorCode::EnvelopeRejected);
}

TEST_P(CentralServiceTest, RefusesMalformedSubmissions) {
    auto r = totpResult("not-a-uuid", "kiosk-01", "T0001", "yamada.taro");
    EXPECT_EQ(m_service->submitEnrollment(sealedSubmission(m_keys->publicKeyPem, r)).code(),
              ErrorCode::InvalidArgument);
    protocol::SubmitEnrollmentRequest notBase64{randomUuid(), "kiosk-01", "***"};
    EXPECT_EQ(m_service->submitEnrollment(notBase64).code(), ErrorCode::InvalidArgument);
    // A refused envelope leaves no marker behind: a corrected retry can go through.
    EXPECT_EQ(m_service->store().countEnrollments("").value(), 0);
}

TEST_P(CentralServiceTest, HandoffGoesFromPendingToConfirmedOrExpired) {
    const auto token = sessionFor("T0001", "Pw-One-111", "19580401");
    auto created = m_service->createHandoff({token, "kiosk-01", randomUuid()});
    ASSERT_TRUE(created.ok()) << created.error().detail;
    EXPECT_EQ(created.value().url,
              "https://portal.example/handoff/" + created.value().handoffToken);
    EXPECT_EQ(m_service->pollHandoff(created.value().handoffToken, "kiosk-01").value().status,
              HandoffStatus::Pending);
    auto confirmed = m_service->confirmHandoff(created.value().handoffToken);
    ASSERT_TRUE(confirmed.ok());
    EXPECT_EQ(confirmed.value().status, HandoffStatus::Confirmed);
    EXPECT_EQ(m_service->pollHandoff(created.value().handoffToken, "kiosk-01").value().confirmedAt,
              1767225600);

    auto late = m_service->createHandoff({token, "kiosk-01", randomUuid()}).value();
    m_clock->advance(std::chrono::minutes(11));
    EXPECT_EQ(m_service->pollHandoff(late.handoffToken, "kiosk-01").value().status,
              HandoffStatus::Expired);
    EXPECT_EQ(m_service->confirmHandoff(late.handoffToken).code(), ErrorCode::HandoffExpired);
    EXPECT_EQ(m_service->pollHandoff("nope", "kiosk-01").code(), ErrorCode::NotFound);
}

TEST_P(CentralServiceTest, HandoffNeedsTheSessionsOwnKiosk) {
    const auto token = sessionFor("T0001", "Pw-One-111", "19580401");
    EXPECT_EQ(m_service->createHandoff({token, "kiosk-02", randomUuid()}).code(),
              ErrorCode::KioskNotAuthorized);
}

TEST_P(CentralServiceTest, DeliveriesWaitForTheOpeningKey) {
    auto service = centraltest::StoreHome(GetParam()).openService({}, m_clock).value();
    auto r = totpResult(randomUuid(), "kiosk-01", "T0001", "yamada.taro");
    const auto request = sealedSubmission(m_keys->publicKeyPem, r);
    EXPECT_EQ(service->submitEnrollment(request).code(), ErrorCode::ServerError);
    EXPECT_EQ(service->store().countEnrollments("").value(), 0);
}

TEST_P(CentralServiceTest, ReimportDoesNotReplaceAnEnrolledEntry) {
    auto r = totpResult(randomUuid(), "kiosk-01", "T0001", "yamada.taro");
    ASSERT_TRUE(m_service->submitEnrollment(sealedSubmission(m_keys->publicKeyPem, r)).ok());
    auto report = m_service->importRosterCsv(SecureBuffer::fromText(centraltest::kRosterCsv));
    ASSERT_TRUE(report.ok());
    EXPECT_EQ(report->imported, 1);
    ASSERT_EQ(report->errors.size(), 1u);
    EXPECT_EQ(report->errors[0].line, 2);
    EXPECT_EQ(report->errors[0].problem, RosterLineProblem::AlreadyEnrolled);
}

TEST(CentralServiceCreate, RefusesWeakVerifierParameters) {
    CentralOptions options;
    options.verifierParams.iterations = 1000;
    EXPECT_EQ(CentralService::openInMemory(std::move(options)).code(), ErrorCode::InvalidArgument);
    CentralOptions badKey;
    badKey.openingKeyPem = SecureBuffer::fromText("-----BEGIN PRIVATE KEY-----\nxx\n");
    EXPECT_EQ(CentralService::openInMemory(std::move(badKey)).code(), ErrorCode::ConfigInvalid);
}
