// SPDX-License-Identifier: Apache-2.0
// Which PIN step a freshly inserted key needs, and which keys are refused at once (the logic
// behind the KeyInsert screen), without a key.
#include "devices/SecurityKeyEnrollment.h"

#include <gtest/gtest.h>

namespace madoguchi::devices {
namespace {

DeviceInfo keyInfo(PinState state, bool builtInUv = false) {
    DeviceInfo info;
    info.aaguid = {0x6d, 0x61, 0x64, 0x6f};
    info.pinState = state;
    info.builtInUv = builtInUv;
    return info;
}

PinStatus pinStatus(PinState state, std::optional<int> retries = std::nullopt) {
    PinStatus status;
    status.state = state;
    status.retriesLeft = retries;
    return status;
}

TEST(PinStep, AKeyWithoutPinSetsOneAndAKeyWithOneAsksForIt) {
    const AttestationPolicy any;
    EXPECT_EQ(*pinStepFor(keyInfo(PinState::NotSet), pinStatus(PinState::NotSet), any),
              PinStep::ChooseNewPin);
    EXPECT_EQ(*pinStepFor(keyInfo(PinState::Set), pinStatus(PinState::Set, 8), any),
              PinStep::EnterPin);
    EXPECT_EQ(*pinStepFor(keyInfo(PinState::Set), pinStatus(PinState::Set, 1), any),
              PinStep::EnterPin);
}

TEST(PinStep, APlatformAuthenticatorSkipsThePinScreen) {
    const auto step = pinStepFor(keyInfo(PinState::ManagedByPlatform),
                                 pinStatus(PinState::ManagedByPlatform), AttestationPolicy{});
    ASSERT_TRUE(step.ok());
    EXPECT_EQ(*step, PinStep::None);
}

TEST(PinStep, AKeyWithBuiltInVerificationButNoPinSkipsThePinScreen) {
    EXPECT_EQ(*pinStepFor(keyInfo(PinState::NotSupported, true), pinStatus(PinState::NotSupported),
                          AttestationPolicy{}),
              PinStep::None);
}

TEST(PinStep, AKeyThatCannotVerifyTheMemberIsUnsupported) {
    EXPECT_EQ(pinStepFor(keyInfo(PinState::NotSupported), pinStatus(PinState::NotSupported),
                         AttestationPolicy{})
                  .code(),
              ErrorCode::DeviceUnsupported);
}

TEST(PinStep, AKeyWithNoPinTriesLeftIsRefusedAsBlocked) {
    EXPECT_EQ(
        pinStepFor(keyInfo(PinState::Set), pinStatus(PinState::Set, 0), AttestationPolicy{}).code(),
        ErrorCode::DevicePinBlocked);
}

TEST(PinStep, ADeniedModelIsRefusedBeforeAnyPin) {
    AttestationPolicy deny;
    deny.deniedAaguids = {keyInfo(PinState::NotSet).aaguid};
    EXPECT_EQ(pinStepFor(keyInfo(PinState::NotSet), pinStatus(PinState::NotSet), deny).code(),
              ErrorCode::DeviceAaguidDenied);
    AttestationPolicy allowOther;
    allowOther.allowedAaguids = {Aaguid{1}};
    EXPECT_EQ(pinStepFor(keyInfo(PinState::ManagedByPlatform),
                         pinStatus(PinState::ManagedByPlatform), allowOther)
                  .code(),
              ErrorCode::DeviceAaguidDenied);
}

} // namespace
} // namespace madoguchi::devices
