// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace madoguchi {

// One state per kiosk screen (DESIGN.md, "The flow"). The GUI shows one view per state.
enum class FlowState {
    Attract,              // ① 初回登録 / 続きから / language / staff
    TempLogin,            // ② temporary ID, temporary password, birth date
    Terms,                // ③ terms of use
    UserId,               // ③ choose a user ID
    MfaChoice,            // ③ choose OTP / security key / phone passkey (before the commit)
    Password,             // ④ new password, twice
    Email,                // ⑤ contact email
    BasicDone,            // ⑥ basic registration committed locally and queued
    MfaChoiceAfterCommit, // change of method after ⑥ (or on resume)
    OtpInstallApp,        // ⑦ store links as QR codes
    OtpDeviceName,        // ⑧ device name
    OtpScan,              // ⑨ otpauth QR code
    OtpVerify,            // ⑩ 6-digit code
    KeyInsert,            // security key: insert
    KeyPin,               // security key: set a PIN on a new key, or enter the existing one
    KeyTouch,             // security key: touch to register
    KeyName,              // security key: name it
    KeyTry,               // security key: a test sign-in
    PhoneHandoff,         // passkey on the member's phone: hand-off QR, wait for confirmation
    Complete,             // summary, optional slip, then wipe
    ResumeLogin,          // an interrupted member logs in with the new user ID + password
};

inline constexpr std::array kAllFlowStates{
    FlowState::Attract,       FlowState::TempLogin,     FlowState::Terms,
    FlowState::UserId,        FlowState::MfaChoice,     FlowState::Password,
    FlowState::Email,         FlowState::BasicDone,     FlowState::MfaChoiceAfterCommit,
    FlowState::OtpInstallApp, FlowState::OtpDeviceName, FlowState::OtpScan,
    FlowState::OtpVerify,     FlowState::KeyInsert,     FlowState::KeyPin,
    FlowState::KeyTouch,      FlowState::KeyName,       FlowState::KeyTry,
    FlowState::PhoneHandoff,  FlowState::Complete,      FlowState::ResumeLogin,
};

// Why the state changed; listeners get it with every transition.
enum class TransitionReason { Forward, Back, Cancel, Timeout, Resume, Error };

// Stable English names ("OtpScan", "Forward") for logs and the resume record.
std::string_view toString(FlowState state);
std::string_view toString(TransitionReason reason);
std::optional<FlowState> flowStateFromString(std::string_view name);

// Terms..Email: the part before the basic registration is committed (needs the session).
bool isPreCommit(FlowState state);
// BasicDone..Complete: the part after the commit (never goes back before it).
bool isPostCommit(FlowState state);

} // namespace madoguchi
