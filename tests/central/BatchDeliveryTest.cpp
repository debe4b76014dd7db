// SPDX-License-Identifier: Apache-2.0
// POST /v1/enrollments/batch: several sealed results in one request and one store transaction,
// each answered as the single path answers it; and the hostile client against it.

#include "CentralTestSupport.h"
#include "RawTlsClient.h"
#include "ScratchDir.h"
#include "ServerOnLoopback.h"
#include "StoreBackends.h"
#include "TestPki.h"
#include "central/CentralConfig.h"
#include "central/CentralServer.h"
#include "central/CentralService.h"
#include "central/SqliteCentralStore.h"
#include "protocol/JsonReader.h"
#include "protocol/Paths.h"
#include "protocol/SubmitEnrollmentBatch.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace madoguchi;
using namespace madoguchi::central;
using madoguchi::centraltest::randomUuid;
using madoguchi::centraltest::RawTlsClient;
using madoguchi::centraltest::sealedSubmission;
using madoguchi::centraltest::StoreBackend;
using madoguchi::centraltest::StoreHome;
using madoguchi::centraltest::totpResult;
using nlohmann::json;
using protocol::SubmitEnrollmentRequest;

namespace {

using BatchReplies = std::vector<ServiceReply<protocol::SubmitEnrollmentResponse>>;

// An ICentralStore over either backend that fails completeDelivery for one enrollment ID, as a
// full disk would half-way through a batch.
class FailingStore final : public ICentralStore {
public:
    explicit FailingStore(std::unique_ptr<ICentralStore> inner) : m_inner(std::move(inner)) {}
    std::atomic<bool> failing{true};
    std::string failFor;

    Status inOneTransaction(const std::function<Status()>& work) override {
        return m_inner->inOneTransaction(work);
    }
    Status putRosterEntry(const RosterEntry& e) override { return m_inner->putRosterEntry(e); }
    Result<std::optional<RosterEntry>> findRosterEntry(std::string_view t) override {
        return m_inner->findRosterEntry(t);
    }
    Result<std::int64_t> countAttempt(std::string_view t, std::int64_t now) override {
        return m_inner->countAttempt(t, now);
    }
    Result<std::int64_t> attemptCount(std::string_view t) override {
        return m_inner->attemptCount(t);
    }
    Status clearAttempts(std::string_view t) override { return m_inner->clearAttempts(t); }
    Status putSession(const SessionRecord& s) override { return m_inner->putSession(s); }
    Result<std::optional<SessionRecord>> findSession(std::string_view d) override {
        return m_inner->findSession(d);
    }
    Status recordVerification(const VerificationRecord& v) override {
        return m_inner->recordVerification(v);
    }
    Result<bool> userIdTaken(std::string_view u) override { return m_inner->userIdTaken(u); }
    Result<DeliveryClaim> claimDelivery(std::string_view id, std::string_view digest,
                                        std::int64_t now, std::int64_t staleBefore) override {
        return m_inner->claimDelivery(id, digest, now, staleBefore);
    }
    Result<RegistrationOutcome> completeDelivery(const EnrollmentRecord& e, std::int64_t since,
                                                 const std::string& accepted,
                                                 const std::string& conflict) override {
        if (failing && e.enrollmentId == failFor) {
            return Error{ErrorCode::StorageIo, "disk full (test)"};
        }
        return m_inner->completeDelivery(e, since, accepted, conflict);
    }
    Result<SecondFactorOutcome> completeSecondFactor(const SecondFactorRecord& f,
                                                     const std::string& accepted,
                                                     const std::string& conflict) override {
        return m_inner->completeSecondFactor(f, accepted, conflict);
    }
    Status abandonDelivery(std::string_view id) override { return m_inner->abandonDelivery(id); }
    Result<std::vector<EnrollmentRecord>> listEnrollments() override {
        return m_inner->listEnrollments();
    }
    Result<std::int64_t> countEnrollments(std::string_view id) override {
        return m_inner->countEnrollments(id);
    }
    Result<std::vector<SecondFactorRecord>> listSecondFactors() override {
        return m_inner->listSecondFactors();
    }
    Result<std::int64_t> addStaffItem(const StaffItem& i) override {
        return m_inner->addStaffItem(i);
    }
    Result<std::vector<StaffItem>> listStaffItems(bool all) override {
        return m_inner->listStaffItems(all);
    }
    Status putHandoff(const HandoffRecord& h) override { return m_inner->putHandoff(h); }
    Result<std::optional<HandoffRecord>> findHandoff(std::string_view d) override {
        return m_inner->findHandoff(d);
    }
    Status confirmHandoff(std::string_view d, std::int64_t now) override {
        return m_inner->confirmHandoff(d, now);
    }

private:
    std::unique_ptr<ICentralStore> m_inner;
};

class BatchFixture : public ::testing::Test {
protected:
    void SetUp() override {
        m_keys =
            std::make_unique<crypto::SealingKeyPair>(crypto::SealingKeyPair::generate().value());
    }

    CentralOptions options(double ratePerSecond = 1e6, double burst = 1e6) const {
        CentralOptions o;
        o.openingKeyPem = m_keys->privateKeyPem.clone();
        o.rateLimitPerSecond = ratePerSecond;
        o.rateLimitBurst = burst;
        return o;
    }

    // Result n of `kiosk`, of a login verified there (recorded in `store`).
    protocol::EnrollmentResult result(ICentralStore& store, int n,
                                      const std::string& kiosk = "kiosk-01") const {
        const std::string tempId = "B" + std::to_string(1000 + n);
        (void)store.recordVerification(
            {centraltest::testSessionId(kiosk, tempId), tempId, kiosk, centraltest::unixNow()});
        return totpResult(randomUuid(), kiosk, tempId, "member." + std::to_string(n));
    }

    SubmitEnrollmentRequest sealed(const protocol::EnrollmentResult& r) const {
        return sealedSubmission(m_keys->publicKeyPem, r);
    }

    std::unique_ptr<crypto::SealingKeyPair> m_keys;
};

// The service-level batch tests run on both backends (a fresh store per service).
class BatchDeliveryTest : public BatchFixture, public ::testing::WithParamInterface<StoreBackend> {
protected:
    std::unique_ptr<CentralService> service() const {
        auto central = StoreHome(GetParam()).openService(options());
        EXPECT_TRUE(central.ok()) << central.error().detail;
        return central.ok() ? std::move(*central) : nullptr;
    }
};

void expectAccepted(const ServiceReply<protocol::SubmitEnrollmentResponse>& reply,
                    const std::string& id, bool replayed) {
    ASSERT_TRUE(reply.ok()) << reply.error().detail;
    EXPECT_EQ(reply.value().enrollmentId, id);
    EXPECT_EQ(reply.value().status, protocol::EnrollmentStatus::Accepted);
    EXPECT_EQ(reply.value().replayed, replayed);
}

} // namespace

MADOGUCHI_ON_BOTH_STORES(BatchDeliveryTest);

TEST_P(BatchDeliveryTest, EachResultIsRecordedOnceAndAnsweredInItsPlaceAcrossRetries) {
    auto central = service();
    ASSERT_NE(central, nullptr);
    std::vector<SubmitEnrollmentRequest> batch;
    for (int n = 1; n <= 5; ++n) {
        batch.push_back(sealed(result(central->store(), n)));
    }
    auto first = central->submitEnrollmentBatch(batch);
    ASSERT_TRUE(first.ok()) << first.error().detail;
    ASSERT_EQ(first->size(), 5U);
    for (std::size_t i = 0; i < 5; ++i) {
        expectAccepted((*first)[i], batch[i].enrollmentId, false);
    }
    // The kiosk lost the answer and sends the same batch again: the first answers, replayed.
    auto again = central->submitEnrollmentBatch(batch);
    ASSERT_TRUE(again.ok());
    for (std::size_t i = 0; i < 5; ++i) {
        expectAccepted((*again)[i], batch[i].enrollmentId, true);
        EXPECT_EQ((*again)[i].value().receivedAt, (*first)[i].value().receivedAt);
    }
    // One of them on the single path, and a batch mixing a new result with old ones.
    expectAccepted(central->submitEnrollment(batch[2]), batch[2].enrollmentId, true);
    const auto fresh = sealed(result(central->store(), 6));
    auto mixed = central->submitEnrollmentBatch({batch[4], fresh, batch[0]});
    ASSERT_TRUE(mixed.ok());
    expectAccepted((*mixed)[0], batch[4].enrollmentId, true);
    expectAccepted((*mixed)[1], fresh.enrollmentId, false);
    expectAccepted((*mixed)[2], batch[0].enrollmentId, true);

    EXPECT_EQ(central->store().countEnrollments("").value(), 6);
    for (const auto& r : batch) {
        EXPECT_EQ(central->store().countEnrollments(r.enrollmentId).value(), 1);
    }
    EXPECT_TRUE(central->staffItems().value().empty());
}

TEST_P(BatchDeliveryTest, AResultFirstSentAloneIsAReplayInABatch) {
    auto central = service();
    ASSERT_NE(central, nullptr);
    const auto alone = sealed(result(central->store(), 1));
    expectAccepted(central->submitEnrollment(alone), alone.enrollmentId, false);
    auto batch = central->submitEnrollmentBatch({alone, sealed(result(central->store(), 2))});
    ASSERT_TRUE(batch.ok());
    expectAccepted((*batch)[0], alone.enrollmentId, true);
    ASSERT_TRUE((*batch)[1].ok());
    EXPECT_EQ(central->store().countEnrollments("").value(), 2);
}

TEST_P(BatchDeliveryTest, AResultTwiceInOneBatchIsRecordedOnceAndItsIdWithAnotherBodyRefused) {
    auto central = service();
    ASSERT_NE(central, nullptr);
    const auto r = result(central->store(), 1);
    const auto once = sealed(r);
    auto other = sealed(r); // sealed again: other bytes under the same enrollment ID
    ASSERT_NE(other.envelope, once.envelope);
    auto replies = central->submitEnrollmentBatch({once, once, other});
    ASSERT_TRUE(replies.ok());
    expectAccepted((*replies)[0], once.enrollmentId, false);
    expectAccepted((*replies)[1], once.enrollmentId, true);
    ASSERT_FALSE((*replies)[2].ok());
    EXPECT_EQ((*replies)[2].code(), ErrorCode::IdempotencyMismatch);
    EXPECT_EQ(central->store().countEnrollments("").value(), 1);
}

TEST_P(BatchDeliveryTest, ABadResultRefusesOnlyItselfWithTheSameAnswerAndStaffItemAsAlone) {
    // The same bad results through the single path on one service, in one batch on another.
    auto single = service();
    auto batched = service();
    ASSERT_TRUE(single && batched);
    const auto bad = [&](ICentralStore& store) {
        std::vector<SubmitEnrollmentRequest> out;
        auto forged = result(store, 2);
        // Sealed for another kiosk's associated data: does not open as kiosk-01's.
        out.push_back(sealedSubmission(m_keys->publicKeyPem, forged, "kiosk-02"));
        auto weak = result(store, 3);
        weak.passwordHash =
            "pbkdf2-sha256$1000$" + crypto::Base64::encode(std::string_view("0123456789abcdef")) +
            "$" + crypto::Base64::encode(std::string_view("0123456789abcdef0123456789abcdef"));
        out.push_back(sealed(weak));
        auto noLogin = totpResult(randomUuid(), "kiosk-01", "B9999", "member.nologin");
        out.push_back(sealed(noLogin));
        auto late = result(store, 4);
        late.completedAt = 253'402'300'800; // after 9999-12-31
        out.push_back(sealed(late));
        auto notUuid = sealed(result(store, 5));
        notUuid.enrollmentId = "not-a-uuid";
        out.push_back(notUuid);
        auto notBase64 = sealed(result(store, 6));
        notBase64.envelope = "***";
        out.push_back(notBase64);
        return out;
    };
    const auto badSingle = bad(single->store());
    std::vector<ErrorCode> singleCodes;
    for (const auto& r : badSingle) {
        auto reply = single->submitEnrollment(r);
        ASSERT_FALSE(reply.ok());
        singleCodes.push_back(reply.code());
    }

    auto badBatch = bad(batched->store());
    const auto good1 = sealed(result(batched->store(), 1));
    const auto good7 = sealed(result(batched->store(), 7));
    std::vector<SubmitEnrollmentRequest> batch{good1};
    batch.insert(batch.end(), badBatch.begin(), badBatch.end());
    batch.push_back(good7);
    auto replies = batched->submitEnrollmentBatch(batch);
    ASSERT_TRUE(replies.ok()) << replies.error().detail;
    ASSERT_EQ(replies->size(), batch.size());
    expectAccepted(replies->front(), good1.enrollmentId, false);
    expectAccepted(replies->back(), good7.enrollmentId, false);
    for (std::size_t i = 0; i < badBatch.size(); ++i) {
        const auto& reply = (*replies)[i + 1];
        ASSERT_FALSE(reply.ok()) << "bad result " << i;
        EXPECT_EQ(reply.code(), singleCodes[i]) << "bad result " << i;
    }
    EXPECT_EQ(singleCodes,
              (std::vector<ErrorCode>{ErrorCode::EnvelopeRejected, ErrorCode::EnvelopeRejected,
                                      ErrorCode::EnvelopeRejected, ErrorCode::EnvelopeRejected,
                                      ErrorCode::InvalidArgument, ErrorCode::InvalidArgument}));

    // The same staff items, kind and detail, as the single path raised.
    const auto singleItems = single->staffItems().value();
    const auto batchItems = batched->staffItems().value();
    ASSERT_EQ(batchItems.size(), 4U);
    ASSERT_EQ(singleItems.size(), batchItems.size());
    for (std::size_t i = 0; i < batchItems.size(); ++i) {
        EXPECT_EQ(batchItems[i].kind, singleItems[i].kind);
        EXPECT_EQ(batchItems[i].detail, singleItems[i].detail);
        EXPECT_EQ(batchItems[i].kioskId, "kiosk-01");
    }
    EXPECT_EQ(batchItems[0].kind, "envelope_rejected");
    EXPECT_EQ(batchItems[1].kind, "registration_refused");
    EXPECT_EQ(batchItems[2].kind, "registration_refused");
    EXPECT_EQ(batchItems[3].kind, "envelope_rejected");
    EXPECT_EQ(batched->store().countEnrollments("").value(), 2);
}

TEST_P(BatchDeliveryTest, AStoreFailureRollsBackTheWholeBatchAndARetryRecordsEachOnce) {
    auto inner = StoreHome(GetParam()).open();
    ASSERT_TRUE(inner.ok()) << inner.error().detail;
    auto failing = std::make_unique<FailingStore>(std::move(*inner));
    FailingStore& store = *failing;
    auto central = CentralService::create(std::move(failing), options()).value();
    std::vector<SubmitEnrollmentRequest> batch;
    for (int n = 1; n <= 3; ++n) {
        batch.push_back(sealed(result(store, n)));
    }
    store.failFor = batch[1].enrollmentId;
    auto failed = central->submitEnrollmentBatch(batch);
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.code(), ErrorCode::StorageIo);
    // Result 0 was recorded before result 1 failed, in the same transaction: gone with it,
    // its in-flight marker too (a retry is not answered "in flight").
    EXPECT_EQ(store.countEnrollments("").value(), 0);

    store.failing = false;
    auto retried = central->submitEnrollmentBatch(batch);
    ASSERT_TRUE(retried.ok()) << retried.error().detail;
    for (std::size_t i = 0; i < batch.size(); ++i) {
        expectAccepted((*retried)[i], batch[i].enrollmentId, false);
    }
    EXPECT_EQ(store.countEnrollments("").value(), 3);
}

// ---- inOneTransaction itself, on both backends ---------------------------------------------

namespace {

// Two stores on one database: `m_store` runs the transaction, `m_other` looks from outside it
// (another SQLite connection on the file, another PostgreSQL connection).
class StoreTransactionTest : public ::testing::TestWithParam<StoreBackend> {
protected:
    void SetUp() override {
        m_home = std::make_unique<StoreHome>(GetParam(), m_dir.file("central.db"));
        auto store = m_home->open();
        ASSERT_TRUE(store.ok()) << store.error().detail;
        m_store = std::move(*store);
        auto other = m_home->open();
        ASSERT_TRUE(other.ok()) << other.error().detail;
        m_other = std::move(*other);
    }

    static RosterEntry entry(const std::string& tempId, const std::string& verifier = "v") {
        return {tempId, verifier, "カナ", "M-" + tempId, 1000, std::nullopt};
    }

    test::ScratchDir m_dir;
    std::unique_ptr<StoreHome> m_home;
    std::unique_ptr<ICentralStore> m_store;
    std::unique_ptr<ICentralStore> m_other;
};

} // namespace

MADOGUCHI_ON_BOTH_STORES(StoreTransactionTest);

TEST_P(StoreTransactionTest, CallsCommitTogetherAndNoneIsSeenOutsideBefore) {
    bool seenInside = true;
    bool seenOutside = true;
    Status done = m_store->inOneTransaction([&]() -> Status {
        if (auto put = m_store->putRosterEntry(entry("T1")); !put) {
            return put;
        }
        if (auto counted = m_store->countAttempt("T1", 1000); !counted) {
            return counted.error();
        }
        seenInside = m_store->findRosterEntry("T1").value().has_value();
        seenOutside = m_other->findRosterEntry("T1").value().has_value() ||
                      m_other->attemptCount("T1").value() != 0;
        return {};
    });
    ASSERT_TRUE(done.ok()) << done.error().detail;
    EXPECT_TRUE(seenInside);
    EXPECT_FALSE(seenOutside);
    EXPECT_TRUE(m_other->findRosterEntry("T1").value().has_value());
    EXPECT_EQ(m_other->attemptCount("T1").value(), 1);
}

TEST_P(StoreTransactionTest, AFailingWholeLeavesNothingAndAFailingCallIsUndoneAlone) {
    Status failed = m_store->inOneTransaction([&]() -> Status {
        EXPECT_TRUE(m_store->putRosterEntry(entry("T1")).ok());
        (void)m_store->addStaffItem({0, 1000, "test", "", "", "T1", "", "inside", false});
        return Error{ErrorCode::StorageIo, "the caller gives up (test)"};
    });
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.code(), ErrorCode::StorageIo);
    EXPECT_FALSE(m_other->findRosterEntry("T1").value().has_value());
    EXPECT_TRUE(m_other->listStaffItems(true).value().empty());

    // A call refused on its own (a key taken: an error inside PostgreSQL's transaction) is
    // undone alone, and the calls after it and the commit go on.
    const SessionRecord session{"digest-1", "T2", "kiosk-01", 2000};
    ASSERT_TRUE(m_store->putSession(session).ok());
    Status done = m_store->inOneTransaction([&]() -> Status {
        EXPECT_TRUE(m_store->putRosterEntry(entry("T2")).ok());
        auto again = m_store->putSession(session);
        EXPECT_FALSE(again.ok());
        EXPECT_EQ(again.code(), ErrorCode::StorageConstraint);
        return m_store->putRosterEntry(entry("T3"));
    });
    ASSERT_TRUE(done.ok()) << done.error().detail;
    EXPECT_TRUE(m_other->findRosterEntry("T2").value().has_value());
    EXPECT_TRUE(m_other->findRosterEntry("T3").value().has_value());
}

TEST_P(StoreTransactionTest, AConcurrentUpdateFailsTheWholeAsBusyAndKeepsTheOtherWrite) {
    if (GetParam() == StoreBackend::Sqlite) {
        GTEST_SKIP() << "SQLite's transaction holds the write lock from its start: no other "
                        "writer can come between its read and its write";
    }
    ASSERT_TRUE(m_store->putRosterEntry(entry("T1", "first")).ok());
    Status done = m_store->inOneTransaction([&]() -> Status {
        EXPECT_TRUE(m_store->putRosterEntry(entry("T9")).ok());
        EXPECT_EQ(m_store->findRosterEntry("T1").value()->verifier, "first");
        // Another central process changes the row this transaction read, and commits.
        EXPECT_TRUE(m_other->putRosterEntry(entry("T1", "other")).ok());
        auto mine = m_store->putRosterEntry(entry("T1", "mine"));
        EXPECT_FALSE(mine.ok());
        // Even when the caller goes on as if nothing happened, the whole fails.
        return {};
    });
    ASSERT_FALSE(done.ok());
    EXPECT_EQ(done.code(), ErrorCode::StorageBusy);
    EXPECT_EQ(m_other->findRosterEntry("T1").value()->verifier, "other");
    EXPECT_FALSE(m_other->findRosterEntry("T9").value().has_value());
    // The store is usable afterwards (its connection went back clean or was closed).
    EXPECT_TRUE(m_store->putRosterEntry(entry("T9")).ok());
}

// ---- Over HTTPS, and the hostile client --------------------------------------------------

namespace {

class BatchServerTest : public BatchFixture {
protected:
    static void SetUpTestSuite() { s_pki = std::make_unique<centraltest::TestPki>(); }
    static void TearDownTestSuite() { s_pki.reset(); }

    void start(double ratePerSecond = 1e6, double burst = 1e6) {
        ASSERT_TRUE(s_pki->ok()) << "openssl CLI could not make the PKI";
        m_service = CentralService::openInMemory(options(ratePerSecond, burst)).value();
        ServerSettings settings;
        settings.listenAddress = "127.0.0.1";
        settings.port = 0;
        settings.certificateFile = s_pki->path("server.crt");
        settings.privateKeyFile = s_pki->path("server.key");
        settings.clientCaFile = s_pki->path("ca.crt");
        settings.maxBodyBytes = 16 * 1024;
        settings.maxBatchBodyBytes = 64 * 1024;
        settings.maxBatchItems = 8;
        auto server = CentralServer::create(*m_service, settings);
        ASSERT_TRUE(server.ok()) << server.error().detail;
        m_port = m_running.start(std::move(*server));
    }

    void TearDown() override { m_running.stop(); }

    std::unique_ptr<httplib::SSLClient> client(const char* cert = "client.crt",
                                               const char* key = "client.key") const {
        auto c = centraltest::mtlsClient(*s_pki, m_port, cert, key);
        c->set_read_timeout(10, 0); // a whole batch is opened before the answer
        return c;
    }

    std::unique_ptr<RawTlsClient> raw(const char* cert = "client.crt",
                                      const char* key = "client.key") const {
        return std::make_unique<RawTlsClient>(m_port, s_pki->path(cert), s_pki->path(key),
                                              s_pki->path("ca.crt"));
    }

    // A raw request on a fresh connection; the whole answer (head and body).
    std::string rawPost(std::string_view path, const std::string& body) const {
        auto c = raw();
        const bool sent =
            c->send("POST " + std::string(path) +
                    " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    "Content-Length: " +
                    std::to_string(body.size()) + "\r\n\r\n" + body);
        EXPECT_TRUE(sent);
        return c->readAnswer(std::chrono::milliseconds(5000));
    }

    static json bodyOf(const std::string& text) {
        auto parsed = protocol::parseJson(text);
        return parsed.ok() ? *parsed : json();
    }
    static json rawBody(const std::string& answer) {
        const auto at = answer.find("\r\n\r\n");
        return at == std::string::npos ? json() : bodyOf(answer.substr(at + 4));
    }

    static httplib::Result postBatch(httplib::SSLClient& c,
                                     const std::vector<SubmitEnrollmentRequest>& results) {
        return c.Post(std::string(protocol::Paths::kEnrollmentBatch),
                      protocol::dumpJson(protocol::SubmitEnrollmentBatchRequest{results}.toJson()),
                      "application/json");
    }

    static inline std::unique_ptr<centraltest::TestPki> s_pki;
    std::unique_ptr<CentralService> m_service;
    centraltest::ServerOnLoopback m_running;
    int m_port = 0;
};

} // namespace

TEST_F(BatchServerTest, AnswersEveryResultInItsPlaceOnAKeptConnection) {
    start();
    auto c = client();
    std::vector<SubmitEnrollmentRequest> batch{sealed(result(m_service->store(), 1)),
                                               sealed(result(m_service->store(), 2))};
    auto res = postBatch(*c, batch);
    ASSERT_TRUE(res) << httplib::to_string(res.error());
    ASSERT_EQ(res->status, 200) << res->body;
    auto answer = protocol::SubmitEnrollmentBatchResponse::fromJson(bodyOf(res->body));
    ASSERT_TRUE(answer.ok()) << answer.error().detail;
    ASSERT_EQ(answer->answers.size(), 2U);
    for (std::size_t i = 0; i < 2; ++i) {
        ASSERT_TRUE(answer->answers[i].response.has_value());
        EXPECT_EQ(answer->answers[i].enrollmentId, batch[i].enrollmentId);
        EXPECT_FALSE(answer->answers[i].response->replayed);
    }
    // Replayed over the same connection; a malformed item refuses only itself.
    json body = protocol::SubmitEnrollmentBatchRequest{batch}.toJson();
    body["results"].push_back({{"enrollment_id", randomUuid()}, {"kiosk_id", "kiosk-01"}});
    body["results"].push_back("not an object");
    auto again = c->Post(std::string(protocol::Paths::kEnrollmentBatch), protocol::dumpJson(body),
                         "application/json");
    ASSERT_TRUE(again) << httplib::to_string(again.error());
    ASSERT_EQ(again->status, 200) << again->body;
    const json answers = bodyOf(again->body)["answers"];
    ASSERT_EQ(answers.size(), 4U);
    EXPECT_EQ(answers[0]["replayed"], true);
    EXPECT_EQ(answers[1]["replayed"], true);
    EXPECT_EQ(answers[2]["error"]["code"], "invalid_request");
    EXPECT_EQ(answers[3]["error"]["code"], "invalid_request");
    EXPECT_EQ(answers[3]["enrollment_id"], "");
    EXPECT_EQ(m_service->store().countEnrollments("").value(), 2);
}

TEST_F(BatchServerTest, AMalformedOrOversizedBatchIsRefusedWholeAndTheConnectionEnds) {
    start();
    const auto one = sealed(result(m_service->store(), 1));
    const std::vector<std::pair<std::string, std::string>> cases{
        {"{\"results\": {}}", "invalid_request"},
        {"[]", "invalid_request"},
        {"{\"results\": []}", "invalid_request"},
        {"{\"results\": [], \"more\": 1}", "invalid_request"},
        {"{\"results\": [", "invalid_request"},
    };
    for (const auto& [body, code] : cases) {
        const std::string answer = rawPost(protocol::Paths::kEnrollmentBatch, body);
        EXPECT_TRUE(answer.starts_with("HTTP/1.1 400")) << body << ": " << answer.substr(0, 80);
        EXPECT_EQ(rawBody(answer)["code"], code) << body;
        EXPECT_NE(answer.find("Connection: close"), std::string::npos) << body;
    }
    // Nine results against a limit of eight: none of them is looked at.
    std::vector<SubmitEnrollmentRequest> nine(9, one);
    const std::string answer =
        rawPost(protocol::Paths::kEnrollmentBatch,
                protocol::dumpJson(protocol::SubmitEnrollmentBatchRequest{nine}.toJson()));
    EXPECT_TRUE(answer.starts_with("HTTP/1.1 413")) << answer.substr(0, 80);
    EXPECT_EQ(rawBody(answer)["code"], "payload_too_large");
    EXPECT_NE(answer.find("Connection: close"), std::string::npos);
    EXPECT_EQ(m_service->store().countEnrollments("").value(), 0);
}

TEST_F(BatchServerTest, TheBatchLimitIsTheBatchPathsOnly) {
    start();
    // 20 KiB: over the single path's 16 KiB, within the batch path's 64 KiB.
    auto padded = sealed(result(m_service->store(), 1));
    std::string body = protocol::dumpJson(padded.toJson());
    body.insert(1, std::string(20 * 1024, ' '));
    const std::string single = rawPost(protocol::Paths::kEnrollments, body);
    EXPECT_TRUE(single.starts_with("HTTP/1.1 413")) << single.substr(0, 80);
    EXPECT_EQ(rawBody(single)["code"], "payload_too_large");
    EXPECT_EQ(m_service->store().countEnrollments("").value(), 0);

    std::string batch =
        protocol::dumpJson(protocol::SubmitEnrollmentBatchRequest{{padded}}.toJson());
    batch.insert(1, std::string(20 * 1024, ' '));
    const std::string answer = rawPost(protocol::Paths::kEnrollmentBatch, batch);
    EXPECT_TRUE(answer.starts_with("HTTP/1.1 200")) << answer.substr(0, 200);
    EXPECT_EQ(m_service->store().countEnrollments("").value(), 1);
}

TEST_F(BatchServerTest, AnotherKiosksCertificateAndAForgedBodyRecordNothing) {
    start();
    std::vector<SubmitEnrollmentRequest> own{sealed(result(m_service->store(), 1)),
                                             sealed(result(m_service->store(), 2))};
    auto hostile = client("client2.crt", "client2.key");
    // kiosk-02's certificate sending kiosk-01's results as they are.
    auto res = postBatch(*hostile, own);
    ASSERT_TRUE(res) << httplib::to_string(res.error());
    ASSERT_EQ(res->status, 200) << res->body;
    const auto resBody = bodyOf(res->body);
    for (const auto& a : resBody["answers"]) {
        EXPECT_EQ(a["error"]["code"], "kiosk_not_authorized");
    }
    // ... and relabelled as its own: the envelopes do not open under kiosk-02's name.
    auto relabelled = own;
    for (auto& r : relabelled) {
        r.kioskId = "kiosk-02";
    }
    auto forged = postBatch(*hostile, relabelled);
    ASSERT_TRUE(forged);
    ASSERT_EQ(forged->status, 200) << forged->body;
    const auto forgedBody = bodyOf(forged->body);
    for (const auto& a : forgedBody["answers"]) {
        EXPECT_EQ(a["error"]["code"], "envelope_rejected");
    }
    EXPECT_EQ(m_service->store().countEnrollments("").value(), 0);
    // kiosk-01's own delivery is not blocked by what the forger claimed.
    auto real = postBatch(*client(), own);
    ASSERT_TRUE(real);
    ASSERT_EQ(real->status, 200);
    const auto realBody = bodyOf(real->body);
    for (const auto& a : realBody["answers"]) {
        EXPECT_EQ(a["status"], "accepted") << a.dump();
    }
    EXPECT_EQ(m_service->store().countEnrollments("").value(), 2);
}

TEST_F(BatchServerTest, ABodyThatNeverEndsIsRefusedUnreadAndTheConnectionEnds) {
    start();
    {
        // 2 MiB promised, a little sent: refused before reading, the connection closed.
        auto c = raw();
        ASSERT_TRUE(c->send("POST /v1/enrollments/batch HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            "Content-Type: application/json\r\nContent-Length: 2097152\r\n\r\n"
                            "{\"results\": ["));
        const std::string answer = c->readAnswer(std::chrono::milliseconds(5000));
        EXPECT_TRUE(answer.starts_with("HTTP/1.1 413")) << answer.substr(0, 80);
        EXPECT_NE(answer.find("Connection: close"), std::string::npos);
        EXPECT_TRUE(c->closedByServer(std::chrono::milliseconds(5000)));
    }
    {
        // A chunked body has no end the server could check in advance.
        auto c = raw();
        const std::string chunk(32 * 1024, ' ');
        ASSERT_TRUE(c->send("POST /v1/enrollments/batch HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                            "8000\r\n" +
                            chunk + "\r\n"));
        const std::string answer = c->readAnswer(std::chrono::milliseconds(5000));
        EXPECT_TRUE(answer.starts_with("HTTP/1.1 411")) << answer.substr(0, 80);
        EXPECT_NE(answer.find("Connection: close"), std::string::npos);
    }
}

TEST_F(BatchServerTest, AFloodIsRateLimitedPerResultThenPerRequest) {
    start(0.001, 5.0); // five tokens, practically no refill
    std::vector<SubmitEnrollmentRequest> batch;
    for (int n = 1; n <= 8; ++n) {
        batch.push_back(sealed(result(m_service->store(), n)));
    }
    auto c = client();
    auto res = postBatch(*c, batch);
    ASSERT_TRUE(res) << httplib::to_string(res.error());
    ASSERT_EQ(res->status, 200) << res->body;
    const json answers = bodyOf(res->body)["answers"];
    ASSERT_EQ(answers.size(), 8U);
    // The request took the first token; four more results took one each.
    for (std::size_t i = 0; i < 5; ++i) {
        EXPECT_EQ(answers[i]["status"], "accepted") << i;
    }
    for (std::size_t i = 5; i < 8; ++i) {
        EXPECT_EQ(answers[i]["error"]["code"], "rate_limited") << i;
        EXPECT_GT(answers[i]["error"]["retry_after"].get<std::int64_t>(), 0) << i;
    }
    EXPECT_EQ(m_service->store().countEnrollments("").value(), 5);
    // The bucket is empty: the next request is refused whole, before its body is read.
    const std::string answer =
        rawPost(protocol::Paths::kEnrollmentBatch,
                protocol::dumpJson(protocol::SubmitEnrollmentBatchRequest{{batch[6]}}.toJson()));
    EXPECT_TRUE(answer.starts_with("HTTP/1.1 429")) << answer.substr(0, 80);
    EXPECT_NE(answer.find("Connection: close"), std::string::npos);
    EXPECT_EQ(m_service->store().countEnrollments("").value(), 5);
}

TEST(BatchConfig, ReadsTheBatchLimitsAndRefusesOnesOutOfRange) {
    const auto dir = std::filesystem::temp_directory_path() /
                     ("madoguchi-config-batch-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto file = dir / "central.toml";
    std::ofstream(file) << "[server]\nmax_batch_items = 250\nmax_batch_bytes = 1048576\n"
                           "[storage]\ndatabase = \"central.db\"\n";
    auto config = CentralConfig::load(file);
    ASSERT_TRUE(config.ok()) << config.error().detail;
    EXPECT_EQ(config->server.maxBatchItems, 250U);
    EXPECT_EQ(config->server.maxBatchBodyBytes, 1048576U);
    std::ofstream(file) << "[storage]\ndatabase = \"central.db\"\n";
    auto defaults = CentralConfig::load(file);
    ASSERT_TRUE(defaults.ok());
    EXPECT_EQ(defaults->server.maxBatchItems, 100U);
    EXPECT_EQ(defaults->server.maxBatchBodyBytes, 512U * 1024U);
    for (const char* bad : {"[server]\nmax_batch_items = 0\n", "[server]\nmax_batch_items = 1001\n",
                            "[server]\nmax_batch_bytes = 100\n", "[server]\nmax_batch_items = -1\n",
                            "[server]\nmax_batch_bytes = \"big\"\n"}) {
        std::ofstream(file) << "[storage]\ndatabase = \"central.db\"\n" << bad;
        EXPECT_EQ(CentralConfig::load(file).code(), ErrorCode::ConfigInvalid) << bad;
    }
    std::filesystem::remove_all(dir);
}
