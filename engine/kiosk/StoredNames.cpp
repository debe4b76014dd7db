// SPDX-License-Identifier: Apache-2.0
#include "kiosk/StoredNames.h"

#include <array>
#include <utility>

namespace madoguchi::kiosk {

namespace {

// One table for both directions. Never change a name here: add a store migration instead.
constexpr std::array<std::pair<FlowState, std::string_view>, 21> kStates{{
    {FlowState::Attract, "attract"},
    {FlowState::TempLogin, "temp_login"},
    {FlowState::Terms, "terms"},
    {FlowState::UserId, "user_id"},
    {FlowState::MfaChoice, "mfa_choice"},
    {FlowState::Password, "password"},
    {FlowState::Email, "email"},
    {FlowState::BasicDone, "basic_done"},
    {FlowState::MfaChoiceAfterCommit, "mfa_choice_after_commit"},
    {FlowState::OtpInstallApp, "otp_install_app"},
    {FlowState::OtpDeviceName, "otp_device_name"},
    {FlowState::OtpScan, "otp_scan"},
    {FlowState::OtpVerify, "otp_verify"},
    {FlowState::KeyInsert, "key_insert"},
    {FlowState::KeyPin, "key_pin"},
    {FlowState::KeyTouch, "key_touch"},
    {FlowState::KeyName, "key_name"},
    {FlowState::KeyTry, "key_try"},
    {FlowState::PhoneHandoff, "phone_handoff"},
    {FlowState::Complete, "complete"},
    {FlowState::ResumeLogin, "resume_login"},
}};

constexpr std::array<std::pair<MfaMethod, std::string_view>, 4> kMethods{{
    {MfaMethod::None, "none"},
    {MfaMethod::Otp, "otp"},
    {MfaMethod::SecurityKey, "security_key"},
    {MfaMethod::PhonePasskey, "phone_passkey"},
}};

template <class Table, class Enum>
std::string_view nameIn(const Table& table, Enum value) {
    for (const auto& [e, name] : table) {
        if (e == value) {
            return name;
        }
    }
    return {};
}

template <class Enum, class Table>
std::optional<Enum> valueIn(const Table& table, std::string_view name) {
    for (const auto& [e, stored] : table) {
        if (stored == name) {
            return e;
        }
    }
    return std::nullopt;
}

} // namespace

std::string_view storedName(FlowState state) {
    return nameIn(kStates, state);
}

std::optional<FlowState> flowStateFromStored(std::string_view name) {
    return valueIn<FlowState>(kStates, name);
}

std::string_view storedName(MfaMethod method) {
    return nameIn(kMethods, method);
}

std::optional<MfaMethod> mfaMethodFromStored(std::string_view name) {
    return valueIn<MfaMethod>(kMethods, name);
}

} // namespace madoguchi::kiosk
