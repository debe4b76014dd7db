// SPDX-License-Identifier: Apache-2.0
// A result is accepted only as the result of a verified login: the central service records
// every successful temp-credential verification and a registration must name one, verified
// for its temp ID at its kiosk, within the store-and-forward window, used by no other.
#include "CentralTestSupport.h"
#include "StoreBackends.h"
#include "central/CentralService.h"
#include "core/Clock.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <unistd.h>

using namespace madoguchi;
using namespace madoguchi::central;
using madoguchi::centraltest::randomUuid;
using madoguchi::protocol::EnrollmentStatus;
using madoguchi::protocol::ResultStage;

namespace {

constexpr std::int64_t kStart = 1767225600;

class ResultProof : public ::testing::TestWithParam<centraltest::StoreBackend> {
protected:
    void SetUp() override {
        m_keys =
            std::make_unique<crypto::SealingKeyPair>(crypto::SealingKeyPair::generate().value());
        m_clock = std::make_shared<ManualClock>(
            std::chrono::system_clock::time_point(std::chrono::seconds(kStart)));
        m_dir = std::filesystem::temp_directory_path() /
                ("madoguchi-proof-" + std::to_string(::getpid()) + "-" + testName());
        std::filesystem::remove_all(m_dir);
        std::filesystem::create_directories(m_dir);
        m_home = std::make_unique<centraltest::StoreHome>(GetParam(), m_dir / "central.db");
        open();
        ASSERT_TRUE(
            m_service->importRosterCsv(SecureBuffer::fromText(centraltest::kRosterCsv)).ok());
    }
    static std::string testName() {
        std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
        std::replace(name.begin(), name.end(), '/', '-'); // "Name/sqlite"
        return name;
    }
    void TearDown() override {
        m_service.reset();
        std::filesystem::remove_all(m_dir);
    }

    void open(CentralOptions options = {}) {
        m_service.reset();
        options.openingKeyPem = m_keys->privateKeyPem.clone();
        auto service = m_home->openService(std::move(options), m_clock);
        ASSERT_TRUE(service.ok()) << service.error().detail;
        m_service = std::move(service.value());
    }

    // A real temp login (one PBKDF2): the session id the kiosk seals into its registration.
    std::string verify(const char* kiosk, const char* tempId) {
        const bool first = std::string_view(tempId) == "T0001";
        protocol::VerifyTempCredentialsRequest request{
            kiosk, tempId, SecureBuffer::fromText(first ? "Pw-One-111" : "Pw,Two\"222"),
            SecureBuffer::fromText(first ? "19580401" : "19600229")};
        auto reply = m_service->verifyTempCredentials(request);
        EXPECT_TRUE(reply.ok()) << reply.error().detail;
        return reply.ok() ? protocol::sessionIdOf(reply.value().sessionToken) : std::string();
    }

    static protocol::EnrollmentResult registration(const char* kiosk, const char* tempId,
                                                   const std::string& userId,
                                                   const std::string& sessionId) {
        auto r = centraltest::totpResult(randomUuid(), kiosk, tempId, userId);
        r.stage = ResultStage::Registration;
        r.totp.reset();
        r.sessionId = sessionId;
        return r;
    }

    ServiceReply<protocol::SubmitEnrollmentResponse> submit(const protocol::EnrollmentResult& r) {
        return m_service->submitEnrollment(centraltest::sealedSubmission(m_keys->publicKeyPem, r));
    }

    std::vector<StaffItem> staff() { return m_service->staffItems().value(); }
    std::size_t exportedUsers() { return m_service->exportKeycloak().value()["users"].size(); }

    std::unique_ptr<crypto::SealingKeyPair> m_keys;
    std::shared_ptr<ManualClock> m_clock;
    std::filesystem::path m_dir;
    std::unique_ptr<centraltest::StoreHome> m_home;
    std::unique_ptr<CentralService> m_service;
};

} // namespace

MADOGUCHI_ON_BOTH_STORES(ResultProof);

TEST_P(ResultProof, ARegistrationIsAcceptedDaysAfterItsLoginEvenAcrossARestart) {
    const auto session = verify("kiosk-01", "T0001");
    ASSERT_FALSE(session.empty());
    // The kiosk was offline for six days; the central service restarted meanwhile.
    open();
    m_clock->advance(std::chrono::hours(24 * 6));
    auto reply = submit(registration("kiosk-01", "T0001", "yamada.taro", session));
    ASSERT_TRUE(reply.ok()) << reply.error().detail;
    EXPECT_EQ(reply.value().status, EnrollmentStatus::Accepted);
    EXPECT_TRUE(staff().empty());
    EXPECT_EQ(exportedUsers(), 1U);
}

TEST_P(ResultProof, AResultSealedBeforeSessionBindingIsRefusedClearlyForStaff) {
    // Still in an outbox from a kiosk version that sealed no session id.
    const auto old = registration("kiosk-01", "T0001", "yamada.taro", "");
    auto reply = submit(old);
    EXPECT_EQ(reply.code(), ErrorCode::EnvelopeRejected);
    const auto items = staff();
    ASSERT_EQ(items.size(), 1U);
    EXPECT_EQ(items[0].kind, "registration_refused");
    EXPECT_EQ(items[0].enrollmentId, old.enrollmentId);
    EXPECT_EQ(items[0].tempId, "T0001");
    EXPECT_NE(items[0].detail.find("sign in again"), std::string::npos) << items[0].detail;
    // The member's temp ID is not spent: they can sign in and enrol again.
    EXPECT_FALSE(m_service->store().findRosterEntry("T0001").value()->enrolledAt.has_value());
    EXPECT_EQ(exportedUsers(), 0U);
    EXPECT_FALSE(verify("kiosk-01", "T0001").empty());
}

TEST_P(ResultProof, ARegistrationNamingASessionNeverVerifiedIsRefused) {
    auto reply = submit(registration("kiosk-01", "T0001", "yamada.taro",
                                     protocol::sessionIdOf("made-up-by-the-kiosk")));
    EXPECT_EQ(reply.code(), ErrorCode::EnvelopeRejected);
    ASSERT_EQ(staff().size(), 1U);
    EXPECT_EQ(staff()[0].kind, "registration_refused");
    EXPECT_EQ(exportedUsers(), 0U);
}

TEST_P(ResultProof, ASessionCountsOnlyForItsTempIdAtItsKiosk) {
    const auto session = verify("kiosk-01", "T0001");
    // Another kiosk that learnt the session id.
    EXPECT_EQ(submit(registration("kiosk-02", "T0001", "yamada.taro", session)).code(),
              ErrorCode::EnvelopeRejected);
    // The same kiosk, for a member who never signed in there.
    EXPECT_EQ(submit(registration("kiosk-01", "T0002", "suzuki.hanako", session)).code(),
              ErrorCode::EnvelopeRejected);
    const auto items = staff();
    ASSERT_EQ(items.size(), 2U);
    EXPECT_EQ(items[0].kioskId, "kiosk-02");
    EXPECT_EQ(items[1].tempId, "T0002");
    EXPECT_EQ(exportedUsers(), 0U);
    // The session itself stays good for its own registration.
    auto own = submit(registration("kiosk-01", "T0001", "yamada.taro", session));
    ASSERT_TRUE(own.ok()) << own.error().detail;
}

TEST_P(ResultProof, ALoginOlderThanTheWindowIsRefusedAndTheWindowIsConfigurable) {
    ASSERT_TRUE(
        m_service->store().recordVerification({"s-eight-days", "T0001", "kiosk-01", kStart}).ok());
    m_clock->advance(std::chrono::hours(24 * 8));
    EXPECT_EQ(submit(registration("kiosk-01", "T0001", "yamada.taro", "s-eight-days")).code(),
              ErrorCode::EnvelopeRejected);
    ASSERT_EQ(staff().size(), 1U);
    EXPECT_NE(staff()[0].detail.find("window"), std::string::npos) << staff()[0].detail;

    CentralOptions longer;
    longer.resultAcceptanceWindow = std::chrono::hours(24 * 10);
    open(std::move(longer));
    auto reply = submit(registration("kiosk-01", "T0001", "yamada.taro", "s-eight-days"));
    ASSERT_TRUE(reply.ok()) << reply.error().detail;
    EXPECT_EQ(exportedUsers(), 1U);
}

TEST_P(ResultProof, ASecondRegistrationForARegisteredTempIdIsRefusedForStaffAndExportedOnce) {
    // The member signed in twice (two kiosks' visits); both visits reached step 6.
    const auto first = verify("kiosk-01", "T0001");
    const auto second = verify("kiosk-01", "T0001");
    const auto accepted = registration("kiosk-01", "T0001", "yamada.taro", first);
    ASSERT_TRUE(submit(accepted).ok());
    const auto again = registration("kiosk-01", "T0001", "taro.yamada", second);
    EXPECT_EQ(submit(again).code(), ErrorCode::EnvelopeRejected);
    // Nor may the used session carry another registration.
    const auto reused = registration("kiosk-01", "T0001", "t.yamada", first);
    EXPECT_EQ(submit(reused).code(), ErrorCode::EnvelopeRejected);

    const auto items = staff();
    ASSERT_EQ(items.size(), 2U);
    for (const auto& item : items) {
        EXPECT_EQ(item.kind, "duplicate_registration");
        EXPECT_EQ(item.tempId, "T0001");
    }
    EXPECT_EQ(items[0].enrollmentId, again.enrollmentId);
    EXPECT_EQ(items[1].enrollmentId, reused.enrollmentId);
    auto doc = m_service->exportKeycloak().value();
    ASSERT_EQ(doc["users"].size(), 1U);
    EXPECT_EQ(doc["users"][0]["username"], "yamada.taro");
    EXPECT_FALSE(m_service->store().userIdTaken("taro.yamada").value());
}

TEST_P(ResultProof, ASecondFactorIsAcceptedOnlyFromTheKioskThatDeliveredItsRegistration) {
    const auto reg = registration("kiosk-01", "T0001", "yamada.taro", verify("kiosk-01", "T0001"));
    ASSERT_TRUE(submit(reg).ok());
    const auto factorFrom = [&](const char* kiosk, const char* secret) {
        auto factor = centraltest::totpResult(randomUuid(), kiosk, "", "yamada.taro");
        factor.stage = ResultStage::SecondFactor;
        factor.registrationId = reg.enrollmentId;
        factor.sessionId.clear();
        factor.totp->secretBase32 = SecureBuffer::fromText(secret);
        return factor;
    };
    EXPECT_EQ(submit(factorFrom("kiosk-02", "KIOSKTWOKIOSKTWO")).code(),
              ErrorCode::EnvelopeRejected);
    ASSERT_EQ(staff().size(), 1U);
    EXPECT_EQ(staff()[0].kind, "second_factor_refused");
    EXPECT_EQ(staff()[0].kioskId, "kiosk-02");
    EXPECT_TRUE(m_service->store().listSecondFactors().value().empty());

    ASSERT_TRUE(submit(factorFrom("kiosk-01", "JBSWY3DPEHPK3PXP")).ok());
    const std::string exported = m_service->exportKeycloak().value().dump();
    EXPECT_NE(exported.find("JBSWY3DPEHPK3PXP"), std::string::npos);
    EXPECT_EQ(exported.find("KIOSKTWOKIOSKTWO"), std::string::npos);
}

TEST_P(ResultProof, APasswordHashBelowTheFloorsIsRefused) {
    const std::string salt = crypto::Base64::encode(std::string_view("0123456789abcdef"));
    const std::string hash32 =
        crypto::Base64::encode(std::string_view("0123456789abcdef0123456789abcdef"));
    const std::string hash64 = crypto::Base64::encode(
        std::string_view("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"));
    const auto session = verify("kiosk-01", "T0001");
    for (const std::string& weak :
         {"pbkdf2-sha256$1000$" + salt + "$" + hash32,
          "pbkdf2-sha512$100000$" + salt + "$" + hash64,
          "pbkdf2-sha256$600000$" + salt + "$" + hash64, std::string("md5$abc"), std::string()}) {
        auto r = registration("kiosk-01", "T0001", "yamada.taro", session);
        r.passwordHash = weak;
        EXPECT_EQ(submit(r).code(), ErrorCode::EnvelopeRejected) << weak;
    }
    EXPECT_EQ(staff().size(), 5U);
    EXPECT_EQ(exportedUsers(), 0U);
    auto strong = registration("kiosk-01", "T0001", "yamada.taro", session);
    strong.passwordHash = "pbkdf2-sha512$210000$" + salt + "$" + hash64;
    auto reply = submit(strong);
    ASSERT_TRUE(reply.ok()) << reply.error().detail;
}

// SQLite's file: PostgreSQL's tables have no column an opened result could be written to.
using AtRest = ResultProof;
INSTANTIATE_TEST_SUITE_P(Stores, AtRest, ::testing::Values(centraltest::StoreBackend::Sqlite),
                         centraltest::backendName);

std::string fileBytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The store used to keep each opened result (TOTP secret, email, password hash) beside its
// envelope. Now only the envelope is kept, and the export opens it in memory.
TEST_P(AtRest, TheDatabaseFileHoldsNoTotpSecretPasswordOrBirthDate) {
    const auto reg = registration("kiosk-01", "T0001", "yamada.taro", verify("kiosk-01", "T0001"));
    ASSERT_TRUE(submit(reg).ok());
    auto factor = centraltest::totpResult(randomUuid(), "kiosk-01", "", "yamada.taro");
    factor.stage = ResultStage::SecondFactor;
    factor.registrationId = reg.enrollmentId;
    factor.totp->secretBase32 = SecureBuffer::fromText("GEZDGNBVGY3TQOJQ");
    ASSERT_TRUE(submit(factor).ok());
    const std::string exported = m_service->exportKeycloak().value().dump();
    ASSERT_NE(exported.find("GEZDGNBVGY3TQOJQ"), std::string::npos) << "opened at export";

    const auto db = m_dir / "central.db";
    const auto check = [&](const char* when) {
        std::string bytes = fileBytes(db);
        bytes += fileBytes(db.string() + "-wal");
        ASSERT_FALSE(bytes.empty());
        // The member's password hash (the roster's own verifiers are PBKDF2 records too).
        const std::string passwordHash =
            crypto::Base64::encode(std::string_view("0123456789abcdef0123456789abcdef"));
        for (const std::string& secret :
             {std::string("GEZDGNBVGY3TQOJQ"), std::string("Pw-One-111"), std::string("19580401"),
              std::string("yamada.taro@example.jp"), passwordHash}) {
            EXPECT_EQ(bytes.find(secret), std::string::npos) << when << ": " << secret;
        }
    };
    check("open");
    m_service.reset(); // the last connection checkpoints the WAL into the file
    check("closed");
}

TEST_P(ResultProof, ACompletedAtOutOfRangeIsRefusedForStaff) {
    const auto session = verify("kiosk-01", "T0001");
    for (std::int64_t when : {std::numeric_limits<std::int64_t>::max(),
                              std::numeric_limits<std::int64_t>::max() / 1000 + 1,
                              std::numeric_limits<std::int64_t>::min(), std::int64_t{-1},
                              std::int64_t{0}, std::int64_t{253'402'300'800}}) {
        auto r = registration("kiosk-01", "T0001", "yamada.taro", session);
        r.completedAt = when;
        EXPECT_EQ(submit(r).code(), ErrorCode::EnvelopeRejected) << when;
    }
    EXPECT_EQ(staff().size(), 6U);
    EXPECT_NE(staff()[0].detail.find("completed_at"), std::string::npos) << staff()[0].detail;
    EXPECT_EQ(exportedUsers(), 0U);
    auto r = registration("kiosk-01", "T0001", "yamada.taro", session);
    r.completedAt = 253'402'300'799;
    ASSERT_TRUE(submit(r).ok());
    EXPECT_EQ(m_service->exportKeycloak().value()["users"][0]["createdTimestamp"],
              std::int64_t{253'402'300'799'000});
}
