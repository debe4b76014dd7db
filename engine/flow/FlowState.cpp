// SPDX-License-Identifier: Apache-2.0
#include "flow/FlowState.h"

namespace madoguchi {

std::string_view toString(FlowState state) {
    switch (state) {
    case FlowState::Attract:
        return "Attract";
    case FlowState::TempLogin:
        return "TempLogin";
    case FlowState::Terms:
        return "Terms";
    case FlowState::UserId:
        return "UserId";
    case FlowState::MfaChoice:
        return "MfaChoice";
    case FlowState::Password:
        return "Password";
    case FlowState::Email:
        return "Email";
    case FlowState::BasicDone:
        return "BasicDone";
    case FlowState::MfaChoiceAfterCommit:
        return "MfaChoiceAfterCommit";
    case FlowState::OtpInstallApp:
        return "OtpInstallApp";
    case FlowState::OtpDeviceName:
        return "OtpDeviceName";
    case FlowState::OtpScan:
        return "OtpScan";
    case FlowState::OtpVerify:
        return "OtpVerify";
    case FlowState::KeyInsert:
        return "KeyInsert";
    case FlowState::KeyPin:
        return "KeyPin";
    case FlowState::KeyTouch:
        return "KeyTouch";
    case FlowState::KeyName:
        return "KeyName";
    case FlowState::KeyTry:
        return "KeyTry";
    case FlowState::PhoneHandoff:
        return "PhoneHandoff";
    case FlowState::Complete:
        return "Complete";
    case FlowState::ResumeLogin:
        return "ResumeLogin";
    }
    return "Unknown";
}

std::string_view toString(TransitionReason reason) {
    switch (reason) {
    case TransitionReason::Forward:
        return "Forward";
    case TransitionReason::Back:
        return "Back";
    case TransitionReason::Cancel:
        return "Cancel";
    case TransitionReason::Timeout:
        return "Timeout";
    case TransitionReason::Resume:
        return "Resume";
    case TransitionReason::Error:
        return "Error";
    }
    return "Unknown";
}

std::optional<FlowState> flowStateFromString(std::string_view name) {
    for (FlowState s : kAllFlowStates) {
        if (toString(s) == name) {
            return s;
        }
    }
    return std::nullopt;
}

bool isPreCommit(FlowState state) {
    switch (state) {
    case FlowState::Terms:
    case FlowState::UserId:
    case FlowState::MfaChoice:
    case FlowState::Password:
    case FlowState::Email:
        return true;
    default:
        return false;
    }
}

bool isPostCommit(FlowState state) {
    switch (state) {
    case FlowState::BasicDone:
    case FlowState::MfaChoiceAfterCommit:
    case FlowState::OtpInstallApp:
    case FlowState::OtpDeviceName:
    case FlowState::OtpScan:
    case FlowState::OtpVerify:
    case FlowState::KeyInsert:
    case FlowState::KeyPin:
    case FlowState::KeyTouch:
    case FlowState::KeyName:
    case FlowState::KeyTry:
    case FlowState::PhoneHandoff:
    case FlowState::Complete:
        return true;
    default:
        return false;
    }
}

} // namespace madoguchi
