// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace madoguchi::store {

using TimePoint = std::chrono::system_clock::time_point;

// One member's enrollment as the kiosk keeps it. Written whole by LocalStore::commitStep
// at the end of every step. Times are kept to the millisecond.
struct EnrollmentRecord {
    std::string uuid; // the idempotency key towards the central service
    TimePoint createdAt{};
    TimePoint updatedAt{};
    std::string state;      // the flow's name for the step reached, e.g. "basic_done"
    std::string userId;     // empty until chosen (step ③)
    std::string method;     // empty until chosen: "otp", "security_key", "phone_passkey"
    std::string deviceName; // empty until named (step ⑨/⑬)
    // A PBKDF2 record of the member's new password ("pbkdf2-sha256$600000$<salt>$<hash>")
    // so an interrupted member can resume with user ID + password; never the password.
    // Empty when the enrollment cannot be resumed. LocalStore refuses any other shape.
    std::string resumeVerifier;
    std::optional<TimePoint> resumableUntil;
    // Set when the OTP step locked after too many wrong codes; a resume lands on the locked
    // screen until staff restart the step, which clears it.
    std::optional<TimePoint> otpLockedAt;

    bool operator==(const EnrollmentRecord&) const = default;
};

} // namespace madoguchi::store
