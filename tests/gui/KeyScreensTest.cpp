// SPDX-License-Identifier: Apache-2.0
// The security-key screens' rules without a window, with the software FIDO2 key plugged into
// libfido2 through the HID transport seam: the key's PIN state tells the flow which screen
// comes next, a refused key stays refused until it is removed, and the PIN is typed twice (the
// same, long enough) before the key is asked to take it.
#include "FlowTestSupport.h"
#include "SoftAuthenticator.h"
#include "devices/Fido2DeviceManager.h"
#include "flow/EnrollmentFlow.h"
#include "screens/KeyInsertScreen.h"
#include "screens/KeyPinScreen.h"
#include "screens/SecurityKeySession.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace madoguchi::test {
namespace {

using devices::test::SoftAuthenticator;
using devices::test::SoftHidTransport;
using gui::KeyInsertScreen;
using gui::KeyPinScreen;
using gui::SecurityKeySession;
using S = FlowState;

class KeyScreensTest : public ::testing::Test {
protected:
    KeyScreensTest() { EXPECT_TRUE(driveTo(m_flow, m_clock, S::KeyInsert)); }

    std::shared_ptr<SoftAuthenticator> plug(SoftAuthenticator::Options options = {},
                                            const std::string& pin = {}) {
        auto soft = std::make_shared<SoftAuthenticator>(std::move(options));
        if (!pin.empty()) {
            soft->setPin(pin);
        }
        m_paths.push_back(m_transport->add(soft));
        return soft;
    }

    // One look and, when it finds a key, its opening: what KeyInsertView runs on workers.
    void lookAndOpen(KeyInsertScreen& screen) {
        ASSERT_TRUE(screen.lookDue());
        auto path = screen.looked(m_manager->list());
        if (path) {
            screen.opened(*path, m_session->open(*path));
        }
    }

    static SecureBuffer text(const char* s) { return SecureBuffer::fromText(s); }

    ManualClock m_clock{testEpoch()};
    EnrollmentFlow m_flow{m_clock};
    std::shared_ptr<SoftHidTransport> m_transport = std::make_shared<SoftHidTransport>();
    std::shared_ptr<devices::Fido2DeviceManager> m_manager =
        std::make_shared<devices::Fido2DeviceManager>(m_transport);
    std::shared_ptr<SecurityKeySession> m_session = std::make_shared<SecurityKeySession>(m_manager);
    std::vector<std::string> m_paths;
};

TEST_F(KeyScreensTest, AKeyWithoutPinLeadsToChoosingOne) {
    KeyInsertScreen screen(m_flow, *m_session);
    screen.enter();
    EXPECT_EQ(screen.status(), KeyInsertScreen::Status::Looking);
    ASSERT_NO_FATAL_FAILURE(lookAndOpen(screen));
    EXPECT_EQ(screen.status(), KeyInsertScreen::Status::NoKey) << "nothing plugged in yet";
    EXPECT_EQ(m_flow.state(), S::KeyInsert);

    plug();
    ASSERT_NO_FATAL_FAILURE(lookAndOpen(screen));
    EXPECT_EQ(screen.status(), KeyInsertScreen::Status::Done);
    EXPECT_EQ(m_flow.state(), S::KeyPin);
    EXPECT_FALSE(m_flow.keyHasPin());
    EXPECT_TRUE(m_session->key());
    EXPECT_FALSE(screen.lookDue()) << "no more looks once the key is open";
}

TEST_F(KeyScreensTest, AKeyWithAPinAsksForIt) {
    plug({}, "4826");
    KeyInsertScreen screen(m_flow, *m_session);
    screen.enter();
    ASSERT_NO_FATAL_FAILURE(lookAndOpen(screen));
    EXPECT_EQ(m_flow.state(), S::KeyPin);
    EXPECT_TRUE(m_flow.keyHasPin());
}

TEST_F(KeyScreensTest, AKeyThatVerifiesTheMemberItselfSkipsThePin) {
    SoftAuthenticator::Options fingerprint;
    fingerprint.builtInUv = true;
    fingerprint.clientPinSupported = false;
    plug(fingerprint);
    KeyInsertScreen screen(m_flow, *m_session);
    screen.enter();
    ASSERT_NO_FATAL_FAILURE(lookAndOpen(screen));
    EXPECT_EQ(m_flow.state(), S::KeyTouch);
}

TEST_F(KeyScreensTest, ABlockedKeyIsRefusedUntilItIsRemoved) {
    SoftAuthenticator::Options blocked;
    blocked.pinRetries = 0;
    auto soft = plug(blocked, "4826");
    KeyInsertScreen screen(m_flow, *m_session);
    screen.enter();
    ASSERT_NO_FATAL_FAILURE(lookAndOpen(screen));
    EXPECT_EQ(screen.status(), KeyInsertScreen::Status::RemoveKey);
    EXPECT_EQ(m_flow.state(), S::KeyInsert);
    ASSERT_TRUE(m_flow.lastError());
    EXPECT_EQ(m_flow.lastError()->code, ErrorCode::DevicePinBlocked);
    EXPECT_EQ(screen.refusedModel(), "Soft FIDO2 Key");

    // Still plugged in: not taken again, the message stays.
    ASSERT_NO_FATAL_FAILURE(lookAndOpen(screen));
    EXPECT_EQ(screen.status(), KeyInsertScreen::Status::RemoveKey);
    EXPECT_EQ(m_flow.state(), S::KeyInsert);

    // A second, good key is taken while the refused one is still in.
    plug();
    ASSERT_NO_FATAL_FAILURE(lookAndOpen(screen));
    EXPECT_EQ(m_flow.state(), S::KeyPin);
}

TEST_F(KeyScreensTest, ADeniedModelIsRefused) {
    SoftAuthenticator::Options options;
    plug(options);
    devices::AttestationPolicy denyIt;
    denyIt.deniedAaguids = {options.aaguid};
    m_session = std::make_shared<SecurityKeySession>(m_manager, denyIt);
    KeyInsertScreen screen(m_flow, *m_session);
    screen.enter();
    ASSERT_NO_FATAL_FAILURE(lookAndOpen(screen));
    EXPECT_EQ(screen.status(), KeyInsertScreen::Status::RemoveKey);
    ASSERT_TRUE(m_flow.lastError());
    EXPECT_EQ(m_flow.lastError()->code, ErrorCode::DeviceAaguidDenied);
}

TEST_F(KeyScreensTest, WithoutFido2TheScreenSaysItIsUnavailable) {
    auto none = std::make_shared<SecurityKeySession>(nullptr);
    KeyInsertScreen screen(m_flow, *none);
    screen.enter();
    EXPECT_EQ(screen.status(), KeyInsertScreen::Status::Unavailable);
    EXPECT_EQ(screen.takeError(), ErrorCode::Unsupported);
    EXPECT_FALSE(screen.takeError()) << "shown once";
    EXPECT_FALSE(screen.lookDue());
}

TEST_F(KeyScreensTest, OneLookAtATime) {
    KeyInsertScreen screen(m_flow, *m_session);
    screen.enter();
    ASSERT_TRUE(screen.lookDue());
    EXPECT_FALSE(screen.lookDue()) << "the first look has not answered";
    (void)screen.looked(m_manager->list());
    EXPECT_TRUE(screen.lookDue());
}

class KeyPinScreenTest : public KeyScreensTest {
protected:
    // Plugs a key (with `pin` set unless empty) and lets KeyInsert take it.
    void toKeyPin(const std::string& pin = {}) {
        SoftAuthenticator::Options sixDigits;
        sixDigits.minPinLength = 6;
        m_soft = plug(sixDigits, pin);
        KeyInsertScreen insert(m_flow, *m_session);
        insert.enter();
        ASSERT_NO_FATAL_FAILURE(lookAndOpen(insert));
        ASSERT_EQ(m_flow.state(), S::KeyPin);
    }
    // Submits and, when the screen lets it, sends to the key as the worker would.
    std::optional<int> type(KeyPinScreen& screen, const char* pin, const char* confirmation,
                            std::optional<KeyPinScreen::Problem> expected = std::nullopt) {
        auto submitted = screen.submit(text(pin), text(confirmation));
        EXPECT_EQ(submitted.problem, expected);
        if (!submitted.send) {
            return std::nullopt;
        }
        return screen.answered(KeyPinScreen::send(*submitted.send));
    }
    std::shared_ptr<SoftAuthenticator> m_soft;
};

TEST_F(KeyPinScreenTest, ANewPinIsTypedTwiceTheSameAndLongEnough) {
    ASSERT_NO_FATAL_FAILURE(toKeyPin());
    KeyPinScreen screen(m_flow, *m_session);
    EXPECT_TRUE(screen.newPin());
    EXPECT_EQ(screen.minLength(), 6U) << "the key's own minimum";

    (void)type(screen, "", "", KeyPinScreen::Problem::Empty);
    (void)type(screen, "482615", "482651", KeyPinScreen::Problem::Mismatch);
    (void)type(screen, "4826", "4826", KeyPinScreen::Problem::TooShort);
    EXPECT_FALSE(m_soft->pinSet()) << "nothing reached the key";
    EXPECT_EQ(m_flow.state(), S::KeyPin);

    EXPECT_FALSE(type(screen, "482615", "482615"));
    EXPECT_TRUE(m_soft->pinSet());
    EXPECT_EQ(m_flow.state(), S::KeyTouch);
}

TEST_F(KeyPinScreenTest, AWrongPinSaysTheTriesLeftAndTheRightOneGoesOn) {
    ASSERT_NO_FATAL_FAILURE(toKeyPin("482615"));
    KeyPinScreen screen(m_flow, *m_session);
    EXPECT_FALSE(screen.newPin());
    // The confirmation is not asked for a PIN the key already has.
    const auto left = type(screen, "111111", "");
    ASSERT_TRUE(left);
    EXPECT_EQ(*left, 7);
    EXPECT_EQ(m_flow.state(), S::KeyPin);
    ASSERT_TRUE(m_flow.lastError());
    EXPECT_EQ(m_flow.lastError()->code, ErrorCode::DevicePinInvalid);

    EXPECT_FALSE(type(screen, "482615", ""));
    EXPECT_EQ(m_flow.state(), S::KeyTouch);
}

TEST_F(KeyPinScreenTest, WithoutAnOpenKeyTheFlowGoesBackToInsert) {
    ASSERT_NO_FATAL_FAILURE(toKeyPin());
    m_session->reset();
    KeyPinScreen screen(m_flow, *m_session);
    (void)type(screen, "482615", "482615", KeyPinScreen::Problem::NoKey);
    EXPECT_EQ(m_flow.state(), S::KeyInsert);
}

} // namespace
} // namespace madoguchi::test
