// SPDX-License-Identifier: Apache-2.0
#include "store/LocalStore.h"

#include "ScratchDir.h"
#include "StoreSamples.h"
#include "sqlite/Migrations.h"

#include <gtest/gtest.h>

using madoguchi::ErrorCode;
using madoguchi::store::AuditEvent;
using madoguchi::store::EnrollmentRecord;
using madoguchi::store::LocalStore;
using madoguchi::store::StepCommit;
using madoguchi::test::atMs;
using madoguchi::test::sampleStep;
using madoguchi::test::ScratchDir;
using namespace std::chrono_literals;

namespace {

class LocalStoreTest : public ::testing::Test {
protected:
    void SetUp() override { reopen(); }
    void reopen() {
        m_store.reset();
        auto opened = LocalStore::open(m_dir.file("kiosk.db"));
        ASSERT_TRUE(opened.ok()) << opened.error().detail;
        m_store.emplace(std::move(opened).value());
    }
    LocalStore& store() { return *m_store; }
    std::int64_t count(const std::string& table) {
        auto n = store().database().queryInt64("SELECT count(*) FROM " + table);
        EXPECT_TRUE(n.ok());
        return n.ok() ? *n : -1;
    }

    ScratchDir m_dir;
    std::optional<LocalStore> m_store;
};

} // namespace

TEST_F(LocalStoreTest, CommittedStepReadsBackWholeAfterReopening) {
    StepCommit step = sampleStep(42);
    auto committed = store().commitStep(step);
    ASSERT_TRUE(committed.ok()) << committed.error().detail;
    ASSERT_TRUE(committed->outboxId.has_value());
    EXPECT_EQ(committed->auditSeq, 1);
    reopen();

    auto enrollment = store().findEnrollment(step.enrollment.uuid);
    ASSERT_TRUE(enrollment.ok());
    ASSERT_TRUE(enrollment->has_value());
    EXPECT_EQ(**enrollment, step.enrollment);

    auto item = store().findOutbox(*committed->outboxId);
    ASSERT_TRUE(item.ok());
    ASSERT_TRUE(item->has_value());
    EXPECT_EQ((*item)->enrollmentUuid, step.enrollment.uuid);
    EXPECT_EQ((*item)->kind, step.outbox->kind);
    EXPECT_EQ((*item)->payload, step.outbox->payload);
    EXPECT_EQ((*item)->createdAt, step.at);
    EXPECT_EQ((*item)->nextAttemptAt, step.at); // due at once
    EXPECT_EQ((*item)->attempts, 0);
    EXPECT_FALSE((*item)->deliveredAt.has_value());

    auto audit = store().auditEntries(1, 10);
    ASSERT_TRUE(audit.ok());
    ASSERT_EQ(audit->size(), 1U);
    EXPECT_EQ((*audit)[0].event, step.audit);
    EXPECT_EQ((*audit)[0].at, step.at);
}

TEST_F(LocalStoreTest, LaterStepUpdatesTheSameEnrollmentButKeepsItsCreationTime) {
    StepCommit first = sampleStep(1);
    ASSERT_TRUE(store().commitStep(first).ok());
    StepCommit second = sampleStep(1);
    second.enrollment.createdAt = atMs(5);
    second.enrollment.updatedAt = first.at + 5min;
    second.enrollment.state = "otp_bound";
    second.enrollment.resumeVerifier.clear();
    second.enrollment.resumableUntil.reset();
    second.outbox.reset();
    second.at = first.at + 5min;
    auto committed = store().commitStep(second);
    ASSERT_TRUE(committed.ok()) << committed.error().detail;
    EXPECT_FALSE(committed->outboxId.has_value());

    auto stored = store().findEnrollment(first.enrollment.uuid);
    ASSERT_TRUE(stored.ok() && stored->has_value());
    EXPECT_EQ((*stored)->createdAt, first.enrollment.createdAt);
    EXPECT_EQ((*stored)->state, "otp_bound");
    EXPECT_EQ((*stored)->updatedAt, first.at + 5min);
    EXPECT_TRUE((*stored)->resumeVerifier.empty());
    EXPECT_EQ(count("enrollments"), 1);
    EXPECT_EQ(count("outbox"), 1);
    EXPECT_EQ(count("audit"), 2);
}

TEST_F(LocalStoreTest, RefusesAPasswordHandedOverAsResumeVerifier) {
    for (const char* notARecord :
         {"MyNewPassw0rd!", "pbkdf2-sha256$600000$salt", "pbkdf2-md5$1000$c2FsdA==$aGFzaA==",
          "pbkdf2-sha256$lots$c2FsdA==$aGFzaA==", "pbkdf2-sha256$600000$c2FsdA==$aGFzaA==$extra",
          "pbkdf2-sha256$600000$c2Fs dA==$aGFzaA=="}) {
        StepCommit step = sampleStep(7);
        step.enrollment.resumeVerifier = notARecord;
        auto committed = store().commitStep(step);
        ASSERT_FALSE(committed.ok()) << notARecord;
        EXPECT_EQ(committed.code(), ErrorCode::InvalidArgument);
        EXPECT_EQ(committed.error().detail.find(notARecord), std::string::npos);
    }
    EXPECT_EQ(count("enrollments"), 0);
    EXPECT_EQ(count("audit"), 0);
}

TEST_F(LocalStoreTest, RefusesAResumeVerifierWithoutExpiry) {
    StepCommit step = sampleStep(7);
    step.enrollment.resumableUntil.reset();
    EXPECT_EQ(store().commitStep(step).code(), ErrorCode::InvalidArgument);
}

TEST_F(LocalStoreTest, ResumableEnrollmentIsFoundByUserIdUntilItExpires) {
    StepCommit older = sampleStep(10);
    StepCommit newer = sampleStep(11);
    newer.enrollment.userId = older.enrollment.userId;
    newer.enrollment.updatedAt = older.enrollment.updatedAt + 1s;
    ASSERT_TRUE(store().commitStep(older).ok());
    ASSERT_TRUE(store().commitStep(newer).ok());
    const std::string user = older.enrollment.userId;

    auto found = store().findResumable(user, older.at);
    ASSERT_TRUE(found.ok());
    ASSERT_TRUE(found->has_value());
    EXPECT_EQ((*found)->uuid, newer.enrollment.uuid);

    auto otherUser = store().findResumable("someone-else", older.at);
    ASSERT_TRUE(otherUser.ok());
    EXPECT_FALSE(otherUser->has_value());

    // At the newer one's expiry both have expired (the older one 1 ms earlier).
    auto atExpiry = store().findResumable(user, *newer.enrollment.resumableUntil);
    ASSERT_TRUE(atExpiry.ok());
    EXPECT_FALSE(atExpiry->has_value());
    auto justBefore = store().findResumable(user, *older.enrollment.resumableUntil - 1ms);
    ASSERT_TRUE(justBefore.ok());
    EXPECT_TRUE(justBefore->has_value());
}

TEST_F(LocalStoreTest, ExpiredVerifiersAreForgotten) {
    StepCommit a = sampleStep(20);
    StepCommit b = sampleStep(21);
    b.enrollment.resumableUntil = *a.enrollment.resumableUntil + 1h;
    ASSERT_TRUE(store().commitStep(a).ok());
    ASSERT_TRUE(store().commitStep(b).ok());
    auto dropped = store().forgetExpiredVerifiers(*a.enrollment.resumableUntil);
    ASSERT_TRUE(dropped.ok());
    EXPECT_EQ(*dropped, 1);
    EXPECT_TRUE((*store().findEnrollment(a.enrollment.uuid))->resumeVerifier.empty());
    EXPECT_FALSE((*store().findEnrollment(b.enrollment.uuid))->resumeVerifier.empty());
}

TEST_F(LocalStoreTest, OutboxItemsAreDueOldestFirstAndRetriedLater) {
    std::vector<std::int64_t> ids;
    for (int n = 0; n < 3; ++n) {
        auto committed = store().commitStep(sampleStep(n));
        ASSERT_TRUE(committed.ok());
        ids.push_back(*committed->outboxId);
    }
    const auto now = sampleStep(2).at;
    auto pending = store().pendingOutbox(10, now);
    ASSERT_TRUE(pending.ok());
    ASSERT_EQ(pending->size(), 3U);
    EXPECT_EQ((*pending)[0].id, ids[0]);
    EXPECT_EQ((*pending)[2].id, ids[2]);
    EXPECT_EQ(store().pendingOutbox(2, now)->size(), 2U);
    EXPECT_EQ(store().pendingOutbox(10, sampleStep(0).at - 1ms)->size(), 0U); // not yet due

    ASSERT_TRUE(store().markFailed(ids[0], "NetworkTimeout", now + 30s).ok());
    auto afterFailure = store().pendingOutbox(10, now);
    ASSERT_TRUE(afterFailure.ok());
    ASSERT_EQ(afterFailure->size(), 2U);
    EXPECT_EQ((*afterFailure)[0].id, ids[1]);
    auto retried = store().pendingOutbox(10, now + 30s);
    ASSERT_TRUE(retried.ok());
    ASSERT_EQ(retried->size(), 3U);
    EXPECT_EQ((*retried)[0].attempts, 1);
    EXPECT_EQ((*retried)[0].lastError, "NetworkTimeout");
    EXPECT_EQ(*store().outboxDepth(), 3);
}

TEST_F(LocalStoreTest, DeliveredItemLeavesTheQueueOnceAndIsAudited) {
    auto committed = store().commitStep(sampleStep(5));
    ASSERT_TRUE(committed.ok());
    const std::int64_t id = *committed->outboxId;
    auto before = store().lastDeliveredAt();
    ASSERT_TRUE(before.ok());
    EXPECT_FALSE(before->has_value());

    const auto deliveredAt = sampleStep(5).at + 2s;
    ASSERT_TRUE(store().markDelivered(id, deliveredAt).ok());
    EXPECT_EQ(*store().outboxDepth(), 0);
    EXPECT_TRUE(store().pendingOutbox(10, deliveredAt + 1h)->empty());
    EXPECT_EQ(**store().lastDeliveredAt(), deliveredAt);
    EXPECT_EQ(count("audit"), 2);

    // A repeated delivery report changes nothing, and a late failure does not resurrect it.
    ASSERT_TRUE(store().markDelivered(id, deliveredAt + 1h).ok());
    ASSERT_TRUE(store().markFailed(id, "late", deliveredAt + 2h).ok());
    EXPECT_EQ(**store().lastDeliveredAt(), deliveredAt);
    EXPECT_EQ(*store().outboxDepth(), 0);
    EXPECT_EQ(count("audit"), 2);
    EXPECT_TRUE(store().verifyAuditChain().ok());

    EXPECT_EQ(store().markDelivered(id + 100, deliveredAt).code(), ErrorCode::NotFound);
    EXPECT_EQ(store().markFailed(id + 100, "x", deliveredAt).code(), ErrorCode::NotFound);
}

TEST_F(LocalStoreTest, SettingsPersistAndTheAuditHeadIsNotWritableThroughThem) {
    ASSERT_TRUE(store().setValue("sync.last_success", "1700000000000").ok());
    ASSERT_TRUE(store().setValue("sync.last_success", "1700000000001").ok());
    reopen();
    auto value = store().getValue("sync.last_success");
    ASSERT_TRUE(value.ok());
    EXPECT_EQ(**value, "1700000000001");
    EXPECT_FALSE(store().getValue("nothing")->has_value());
    EXPECT_EQ(store().setValue("audit.head_seq", "0").code(), ErrorCode::InvalidArgument);
}

TEST_F(LocalStoreTest, StoreWrittenByANewerProgramIsRefused) {
    ASSERT_TRUE(store().database().exec("PRAGMA user_version=99").ok());
    m_store.reset();
    auto opened = LocalStore::open(m_dir.file("kiosk.db"));
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.code(), ErrorCode::StorageSchemaTooNew);
}

TEST_F(LocalStoreTest, ReadOnlyStoreCanBeInspected) {
    ASSERT_TRUE(store().commitStep(sampleStep(3)).ok());
    madoguchi::sqlite::OpenOptions options;
    options.readOnly = true;
    auto viewer = LocalStore::open(m_dir.file("kiosk.db"), options);
    ASSERT_TRUE(viewer.ok()) << viewer.error().detail;
    EXPECT_EQ(*viewer->outboxDepth(), 1);
    EXPECT_TRUE(viewer->verifyAuditChain().ok());
    EXPECT_TRUE(viewer->checkIntegrity().ok());
    EXPECT_EQ(viewer->appendAudit({"x", "y", "z"}, atMs(1)).code(), ErrorCode::StorageIo);
}

TEST_F(LocalStoreTest, OtpLockIsKeptWithTheEnrollmentUntilCleared) {
    StepCommit step = sampleStep(7);
    ASSERT_TRUE(store().commitStep(step).ok());
    EXPECT_FALSE((*store().findEnrollment(step.enrollment.uuid))->otpLockedAt.has_value());

    StepCommit locked = step;
    locked.outbox.reset();
    locked.at = step.at + 1min;
    locked.enrollment.updatedAt = locked.at;
    locked.enrollment.state = "OtpVerify";
    locked.enrollment.otpLockedAt = locked.at;
    locked.audit = {"otp_locked", step.enrollment.uuid, "attempts=5"};
    ASSERT_TRUE(store().commitStep(locked).ok());
    reopen();
    auto found = store().findResumable(step.enrollment.userId, locked.at);
    ASSERT_TRUE(found.ok());
    ASSERT_TRUE(found->has_value()) << "a locked enrollment stays resumable (onto the lock)";
    EXPECT_EQ((*found)->otpLockedAt, locked.at);
    EXPECT_EQ(**found, locked.enrollment);

    StepCommit unlocked = locked;
    unlocked.enrollment.otpLockedAt.reset();
    unlocked.audit = {"otp_staff_restart", step.enrollment.uuid, ""};
    ASSERT_TRUE(store().commitStep(unlocked).ok());
    EXPECT_FALSE((*store().findEnrollment(step.enrollment.uuid))->otpLockedAt.has_value());
    EXPECT_TRUE(store().verifyAuditChain().ok());
}

TEST_F(LocalStoreTest, StoreOfTheFirstSchemaIsUpgradedAndKeepsItsRows) {
    StepCommit step = sampleStep(9);
    ASSERT_TRUE(store().commitStep(step).ok());
    // Turn the file back into what a kiosk of schema version 1 left on disk.
    ASSERT_TRUE(store()
                    .database()
                    .exec("ALTER TABLE enrollments DROP COLUMN otp_locked_at; "
                          "ALTER TABLE enrollments DROP COLUMN resume_failures; "
                          "ALTER TABLE enrollments DROP COLUMN resume_locked_at; "
                          "PRAGMA user_version=1")
                    .ok());
    reopen();
    auto version = madoguchi::sqlite::Migrations::currentVersion(store().database());
    ASSERT_TRUE(version.ok());
    EXPECT_EQ(*version, 4);
    // v3: no wrong resume password counted yet, no lock.
    auto attempts = store().resumeAttempts(step.enrollment.uuid);
    ASSERT_TRUE(attempts.ok()) << attempts.error().detail;
    EXPECT_EQ(attempts->failures, 0);
    EXPECT_FALSE(attempts->lockedAt.has_value());
    auto found = store().findEnrollment(step.enrollment.uuid);
    ASSERT_TRUE(found.ok()) << found.error().detail;
    ASSERT_TRUE(found->has_value());
    EXPECT_EQ(**found, step.enrollment);
    EXPECT_FALSE((*found)->otpLockedAt.has_value());
    EXPECT_TRUE(store().verifyAuditChain().ok());
}
