// SPDX-License-Identifier: Apache-2.0
#include "flow/FlowProgress.h"

namespace madoguchi {

namespace {
FlowProgress step(StepKey key, int index, int subIndex = 0, int subTotal = 0) {
    return FlowProgress{index, kFlowStepCount, key, subIndex, subTotal};
}
constexpr int kOtpScreens = 4;
constexpr int kKeyScreens = 5;
} // namespace

std::optional<FlowProgress> progress(FlowState state) {
    switch (state) {
    case FlowState::Attract:
    case FlowState::ResumeLogin:
        return std::nullopt;
    case FlowState::TempLogin:
        return step(StepKey::Login, 1);
    case FlowState::Terms:
        return step(StepKey::Terms, 2);
    case FlowState::UserId:
        return step(StepKey::UserId, 3);
    case FlowState::MfaChoice:
        return step(StepKey::Method, 4);
    case FlowState::Password:
        return step(StepKey::Password, 5);
    case FlowState::Email:
        return step(StepKey::Email, 6);
    case FlowState::BasicDone:
    case FlowState::MfaChoiceAfterCommit:
    case FlowState::PhoneHandoff:
        return step(StepKey::SecondFactor, 7);
    case FlowState::OtpInstallApp:
        return step(StepKey::SecondFactor, 7, 1, kOtpScreens);
    case FlowState::OtpDeviceName:
        return step(StepKey::SecondFactor, 7, 2, kOtpScreens);
    case FlowState::OtpScan:
        return step(StepKey::SecondFactor, 7, 3, kOtpScreens);
    case FlowState::OtpVerify:
        return step(StepKey::SecondFactor, 7, 4, kOtpScreens);
    case FlowState::KeyInsert:
        return step(StepKey::SecondFactor, 7, 1, kKeyScreens);
    case FlowState::KeyPin:
        return step(StepKey::SecondFactor, 7, 2, kKeyScreens);
    case FlowState::KeyTouch:
        return step(StepKey::SecondFactor, 7, 3, kKeyScreens);
    case FlowState::KeyName:
        return step(StepKey::SecondFactor, 7, 4, kKeyScreens);
    case FlowState::KeyTry:
        return step(StepKey::SecondFactor, 7, 5, kKeyScreens);
    case FlowState::Complete:
        return step(StepKey::Done, 8);
    }
    return std::nullopt;
}

} // namespace madoguchi
