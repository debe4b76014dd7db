// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Clock.h"
#include "flow/EnrollmentFlow.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

namespace madoguchi::test {

inline constexpr auto kSessionLifetime = std::chrono::minutes(30);
inline constexpr const char* kTermsVersion = "2024-04";
inline constexpr const char* kTempId = "K1234567";
inline constexpr const char* kUserId = "taro.yamada";
inline constexpr const char* kEmail = "taro@example.jp";
inline constexpr const char* kEnrollmentId = "5f0c7a1e-0b7d-4a8e-9d55-2f1c3b9e6a10";

SessionInfo freshSession(const Clock& clock);
TempCredentials tempCredentials(std::string tempId = kTempId);

// The method whose path a post-commit screen belongs to (OTP for shared screens).
MfaMethod methodFor(FlowState target);

// Drives a flow (fresh, or already on the path) along the shortest legal path to `target` (OTP path
// for shared post-commit screens, MfaChoiceAfterCommit through Back from the method's first
// screen).
::testing::AssertionResult driveTo(EnrollmentFlow& flow, const Clock& clock, FlowState target);

// Records every transition told to listeners.
struct TransitionLog {
    std::vector<FlowTransition> seen;
    void attach(EnrollmentFlow& flow) {
        flow.addListener([this](const FlowTransition& t) { seen.push_back(t); });
    }
    const FlowTransition& last() const { return seen.back(); }
};

// The timeline every test uses: a fixed, arbitrary start.
inline std::chrono::system_clock::time_point testEpoch() {
    return std::chrono::system_clock::time_point{} + std::chrono::hours(24 * 365 * 54);
}

// A failed move's detail names the guard.
::testing::AssertionResult deniedBy(const Result<FlowState>& result, const std::string& guard);

} // namespace madoguchi::test
