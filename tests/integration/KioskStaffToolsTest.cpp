// SPDX-License-Identifier: Apache-2.0
// Issue 12's staff tools and honest ending from the kiosk's side — the controller and its
// libcurl client against madoguchi-central's own HTTPS front over mutual TLS: a clerk unlocks
// a locked temporary ID from the staff panel (audited on both sides, no command line), and
// the completion screen asks whether the member's portal account works yet.

#include "KioskAgainstCentral.h"
#include "SealedResults.h"
#include "crypto/Base64.h"

namespace madoguchi {
namespace {

using test::KioskAgainstCentral;
using test::kTempPassword;

class KioskStaffToolsTest : public KioskAgainstCentral {
protected:
    void adjustCentral(central::CentralOptions& options) override {
        options.queueKeycloakPush = m_push;
        options.staffUnlocksPerHour = 3;
    }

    int kioskAudits(const std::string& kind) {
        auto entries = m_store->auditEntries(1, 1000);
        EXPECT_TRUE(entries.ok());
        int n = 0;
        for (const auto& e : entries.value()) {
            n += e.event.kind == kind ? 1 : 0;
        }
        return n;
    }

    // An enrollment of this kiosk, delivered to the central service.
    std::string deliverOne(int n) {
        const auto id = test::enrollmentUuid(n, 9);
        auto sealed = test::sealedResult(m_publicKey, test::kKioskId, id, n, 9);
        test::recordSealedLogins(m_central->store(), test::kKioskId, n, n, 9);
        EXPECT_TRUE(
            m_central->submitEnrollment({id, test::kKioskId, crypto::Base64::encode(sealed)}).ok());
        return id;
    }

    bool m_push = false;
};

TEST_F(KioskStaffToolsTest, StaffUnlockALockedTempIdThroughTheCentralApiAndBothSidesAuditIt) {
    m_front->start();
    startKiosk(m_front->url());
    ASSERT_TRUE(m_flow->startEnrollment().ok());
    EXPECT_EQ(m_controller->lockedTempId(), "");
    for (int i = 0; i < 5; ++i) {
        (void)tempLogin("Wrong-Pass-1");
    }
    ASSERT_EQ(tempLogin(kTempPassword).code(), ErrorCode::TempCredentialsLocked);
    // The staff panel offers the ID the member was refused for.
    EXPECT_EQ(m_controller->lockedTempId(), test::kTempId);

    auto unlocked = m_controller->unlockTempId(*m_store, m_controller->lockedTempId());
    ASSERT_TRUE(unlocked.ok()) << unlocked.error().detail;
    EXPECT_TRUE(unlocked->unlocked);
    EXPECT_FALSE(unlocked->replayed);
    EXPECT_EQ(unlocked->tempId, test::kTempId);
    EXPECT_EQ(m_central->store().attemptCount(test::kTempId).value(), 0);
    // A second tap is a new action: nothing to unlock, said so (not a replay).
    auto again = m_controller->unlockTempId(*m_store, test::kTempId);
    ASSERT_TRUE(again.ok()) << again.error().detail;
    EXPECT_FALSE(again->unlocked);
    EXPECT_FALSE(again->replayed);
    // The kiosk's audit chain holds both taps, and still verifies.
    EXPECT_EQ(kioskAudits("staff_unlock_temp_id"), 2);
    EXPECT_TRUE(m_store->verifyAuditChain().ok());
    // So does the central service's audit of staff actions, with this kiosk (its certificate).
    auto actions = m_central->store().listStaffActions();
    ASSERT_TRUE(actions.ok()) << actions.error().detail;
    ASSERT_EQ(actions->size(), 2U);
    EXPECT_EQ((*actions)[0].kioskId, test::kKioskId);
    EXPECT_EQ((*actions)[0].tempId, test::kTempId);
    EXPECT_EQ((*actions)[0].outcome, "unlocked");
    EXPECT_EQ((*actions)[1].outcome, "nothing_to_unlock");

    // The member gets in now.
    EXPECT_TRUE(tempLogin(kTempPassword).ok());
    EXPECT_EQ(m_flow->state(), FlowState::Terms);
}

TEST_F(KioskStaffToolsTest, StaffUnlocksAreRefusedWithTheirReasonAndStillAudited) {
    m_front->start();
    startKiosk(m_front->url());
    // Not an ID the protocol carries: refused by the service, nothing unlocked.
    auto bad = m_controller->unlockTempId(*m_store, "T 555");
    EXPECT_EQ(bad.code(), ErrorCode::InvalidArgument) << bad.error().detail;
    // Paced per kiosk (3 an hour here): the fourth is refused as too many.
    for (int i = 0; i < 3; ++i) {
        ASSERT_TRUE(m_controller->unlockTempId(*m_store, test::kTempId).ok()) << i;
    }
    EXPECT_EQ(m_controller->unlockTempId(*m_store, test::kTempId).code(), ErrorCode::RateLimited);
    EXPECT_EQ(kioskAudits("staff_unlock_temp_id"), 5);
    // The service down: the clerk is told it could not be reached.
    m_front->stop();
    EXPECT_EQ(m_controller->unlockTempId(*m_store, test::kTempId).code(),
              ErrorCode::NetworkUnavailable);
    EXPECT_EQ(kioskAudits("staff_unlock_temp_id"), 6);
}

TEST_F(KioskStaffToolsTest, WithoutThePushThePortalStatusSaysTheExportCarriesIt) {
    m_front->start();
    startKiosk(m_front->url());
    const auto waiting = test::enrollmentUuid(1, 8);
    auto notYet = m_controller->portalStatus(waiting);
    ASSERT_TRUE(notYet.ok()) << notYet.error().detail;
    EXPECT_EQ(notYet->state, protocol::PortalState::NotReceived);
    const auto id = deliverOne(1);
    auto status = m_controller->portalStatus(id);
    ASSERT_TRUE(status.ok()) << status.error().detail;
    EXPECT_EQ(status->enrollmentId, id);
    EXPECT_EQ(status->state, protocol::PortalState::Export);
    // Not a UUID: refused before anything is sent.
    EXPECT_EQ(m_controller->portalStatus("../../v1/health").code(), ErrorCode::InvalidArgument);
}

// The central service with [keycloak_push] on: accepted users wait in its push queue.
class KioskPortalPushTest : public KioskStaffToolsTest {
protected:
    KioskPortalPushTest() { m_push = true; }
};

TEST_F(KioskPortalPushTest, ThePortalIsReadyOnlyOnceKeycloakConfirmedIt) {
    m_front->start();
    startKiosk(m_front->url());
    const auto id = deliverOne(2);
    auto pending = m_controller->portalStatus(id);
    ASSERT_TRUE(pending.ok()) << pending.error().detail;
    EXPECT_EQ(pending->state, protocol::PortalState::Pending);
    auto item = m_central->store().findPush(id).value().value();
    item.state = "done";
    ASSERT_TRUE(m_central->store().updatePush(item, std::nullopt).ok());
    auto ready = m_controller->portalStatus(id);
    ASSERT_TRUE(ready.ok()) << ready.error().detail;
    EXPECT_EQ(ready->state, protocol::PortalState::Ready);
    // Another kiosk learns nothing about this member's account.
    auto other = sync::HttpsCentralClient::create(clientConfig(m_front->url(), true));
    ASSERT_TRUE(other.ok());
    EXPECT_EQ((*other)->portalStatus(id).code(), ErrorCode::KioskNotAuthorized);
}

} // namespace
} // namespace madoguchi
