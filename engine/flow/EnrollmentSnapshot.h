// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Result.h"
#include "flow/FlowState.h"
#include "flow/MfaMethod.h"

#include <string>
#include <string_view>

namespace madoguchi {

// The non-secret part of a visit, for the local store's resume record and the Complete
// screen's summary. Never holds a password, PIN, birth date or OTP secret.
struct EnrollmentSnapshot {
    FlowState stateReached = FlowState::Attract;
    MfaMethod method = MfaMethod::None;
    std::string enrollmentId; // empty until the basic registration is committed
    std::string userId;
    std::string deviceName;
    // The OTP step locked after too many wrong codes: a resume lands on the locked screen,
    // which only staff can restart.
    bool otpLocked = false;

    // {"version":1,"state":"OtpScan","method":"otp","enrollmentId":...,"userId":...,
    //  "deviceName":...,"otpLocked":false} ("otpLocked" may be absent: false)
    std::string toJson() const;
    // ProtocolError (detail names the field) on anything malformed or unknown.
    static Result<EnrollmentSnapshot> fromJson(std::string_view json);

    bool operator==(const EnrollmentSnapshot&) const = default;
};

} // namespace madoguchi
