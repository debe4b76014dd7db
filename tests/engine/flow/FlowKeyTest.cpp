// SPDX-License-Identifier: Apache-2.0
// The security-key part of the flow that has no PIN in it: a key that verifies the member
// itself, and the account's one user handle.
#include "FlowTestSupport.h"

#include <gtest/gtest.h>

namespace madoguchi::test {
namespace {

using S = FlowState;

TEST(FlowKeyWithoutPin, AKeyThatVerifiesTheMemberItselfSkipsThePinScreen) {
    ManualClock clock{testEpoch()};
    EnrollmentFlow flow{clock};
    ASSERT_TRUE(driveTo(flow, clock, S::KeyInsert));
    ASSERT_EQ(*flow.keyVerifiesItself(), S::KeyTouch);
    ASSERT_EQ(*flow.keyRegistered(), S::KeyName);
    ASSERT_EQ(*flow.keyNamed("Windows Hello"), S::KeyTry);
    ASSERT_EQ(*flow.keyTrySucceeded(), S::Complete);
}

TEST(FlowKeyWithoutPin, BackFromTouchReturnsToInsertNotToAPinScreen) {
    ManualClock clock{testEpoch()};
    EnrollmentFlow flow{clock};
    ASSERT_TRUE(driveTo(flow, clock, S::KeyInsert));
    ASSERT_EQ(*flow.keyVerifiesItself(), S::KeyTouch);
    ASSERT_EQ(*flow.back(), S::KeyInsert);
    // The next key is an ordinary one: its PIN is asked again, and Back leads to the PIN.
    ASSERT_EQ(*flow.keyDetected(true), S::KeyPin);
    ASSERT_EQ(*flow.keyPinAccepted(), S::KeyTouch);
    ASSERT_EQ(*flow.back(), S::KeyPin);
}

TEST(FlowKeyWithoutPin, PinErrorsAtTouchStayThereForAKeyWithoutPinScreen) {
    ManualClock clock{testEpoch()};
    EnrollmentFlow flow{clock};
    ASSERT_TRUE(driveTo(flow, clock, S::KeyInsert));
    ASSERT_EQ(*flow.keyVerifiesItself(), S::KeyTouch);
    EXPECT_EQ(*flow.deviceError({ErrorCode::DevicePinRequired, "uv"}), S::KeyTouch);
}

TEST(FlowKeyWithoutPin, OnlyTheInsertScreenCanSkipThePin) {
    ManualClock clock{testEpoch()};
    EnrollmentFlow flow{clock};
    ASSERT_TRUE(driveTo(flow, clock, S::KeyPin));
    EXPECT_TRUE(deniedBy(flow.keyVerifiesItself(), "wrong-state"));
}

TEST(FlowKeyWithoutPin, UntrustedAttestationSendsTheMemberBackToInsertAKey) {
    ManualClock clock{testEpoch()};
    EnrollmentFlow flow{clock};
    ASSERT_TRUE(driveTo(flow, clock, S::KeyTouch));
    EXPECT_EQ(*flow.deviceError({ErrorCode::DeviceAttestationUntrusted, "chain"}), S::KeyInsert);
}

TEST(FlowKeyUserHandle, IsSetOncePerEnrollmentKeptAcrossKeysAndWipedWithTheDraft) {
    ManualClock clock{testEpoch()};
    EnrollmentFlow early{clock};
    ASSERT_TRUE(driveTo(early, clock, S::Email));
    EXPECT_FALSE(early.setKeyUserHandle({1, 2, 3}).ok()) << "not before the commit";
    EnrollmentFlow flow{clock};
    ASSERT_TRUE(driveTo(flow, clock, S::KeyTouch));
    EXPECT_FALSE(flow.setKeyUserHandle({}).ok());
    ASSERT_TRUE(flow.setKeyUserHandle({1, 2, 3}).ok());
    EXPECT_FALSE(flow.setKeyUserHandle({4, 5, 6}).ok()) << "one handle per account";
    // Another key: the same account, the same handle.
    ASSERT_EQ(*flow.deviceError({ErrorCode::DeviceRemoved, ""}), S::KeyInsert);
    ASSERT_EQ(*flow.keyDetected(true), S::KeyPin);
    EXPECT_EQ(flow.draft().keyUserHandle, (std::vector<std::uint8_t>{1, 2, 3}));
    ASSERT_TRUE(flow.cancel());
    EXPECT_TRUE(flow.draft().keyUserHandle.empty());
    EXPECT_TRUE(flow.draft().isEmpty());
}

} // namespace
} // namespace madoguchi::test
