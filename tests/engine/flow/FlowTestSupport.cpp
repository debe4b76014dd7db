// SPDX-License-Identifier: Apache-2.0
#include "FlowTestSupport.h"

#include <algorithm>

namespace madoguchi::test {

SessionInfo freshSession(const Clock& clock) {
    return SessionInfo{clock.now() + kSessionLifetime, kTermsVersion};
}

TempCredentials tempCredentials(std::string tempId) {
    return TempCredentials{std::move(tempId), SecureBuffer::fromText("TmpPass#42"),
                           SecureBuffer::fromText("19580412")};
}

MfaMethod methodFor(FlowState target) {
    switch (target) {
    case FlowState::KeyInsert:
    case FlowState::KeyPin:
    case FlowState::KeyTouch:
    case FlowState::KeyName:
    case FlowState::KeyTry:
        return MfaMethod::SecurityKey;
    case FlowState::PhoneHandoff:
        return MfaMethod::PhonePasskey;
    default:
        return MfaMethod::Otp;
    }
}

namespace {
// Index of each state along the path driveTo walks; states off the path are handled apart.
std::vector<FlowState> pathTo(FlowState target) {
    using S = FlowState;
    std::vector<S> basic{S::Attract,   S::TempLogin, S::Terms, S::UserId,
                         S::MfaChoice, S::Password,  S::Email, S::BasicDone};
    std::vector<S> path = basic;
    switch (methodFor(target)) {
    case MfaMethod::SecurityKey:
        path.insert(path.end(), {S::KeyInsert, S::KeyPin, S::KeyTouch, S::KeyName, S::KeyTry});
        break;
    case MfaMethod::PhonePasskey:
        path.push_back(S::PhoneHandoff);
        break;
    default:
        path.insert(path.end(),
                    {S::OtpInstallApp, S::OtpDeviceName, S::OtpScan, S::OtpVerify, S::Complete});
        break;
    }
    return path;
}
} // namespace

::testing::AssertionResult driveTo(EnrollmentFlow& flow, const Clock& clock, FlowState target) {
    using S = FlowState;
    if (target == S::ResumeLogin) {
        auto r = flow.startResume();
        return r ? ::testing::AssertionSuccess()
                 : ::testing::AssertionFailure() << r.error().detail;
    }
    const bool viaBack = target == S::MfaChoiceAfterCommit;
    const S stop = viaBack ? S::OtpInstallApp : target;
    const MfaMethod method = methodFor(target);
    const auto path = pathTo(stop);
    // Continues from wherever the flow already is on the path.
    auto from = std::find(path.begin(), path.end(), flow.state());
    if (from == path.end()) {
        return ::testing::AssertionFailure() << "not on the path: " << toString(flow.state());
    }
    for (auto it = from; it != path.end(); ++it) {
        const S step = *it;
        if (flow.state() == stop) {
            break;
        }
        if (flow.state() != step) {
            return ::testing::AssertionFailure()
                   << "expected " << toString(step) << ", at " << toString(flow.state());
        }
        Result<FlowState> r = flow.state();
        switch (step) {
        case S::Attract:
            r = flow.startEnrollment();
            break;
        case S::TempLogin:
            r = flow.tempLoginVerified(freshSession(clock), tempCredentials());
            break;
        case S::Terms:
            r = flow.agreeTerms(kTermsVersion);
            break;
        case S::UserId:
            r = flow.userIdAvailable(kUserId);
            break;
        case S::MfaChoice:
            r = flow.chooseMethod(method);
            break;
        case S::Password:
            r = flow.passwordAccepted(SecureBuffer::fromText("NewPass!2024"));
            break;
        case S::Email:
            r = flow.emailAccepted(kEmail);
            if (r) {
                r = flow.basicRegistrationCommitted(kEnrollmentId);
            }
            break;
        case S::BasicDone:
        case S::OtpInstallApp:
            r = flow.next();
            break;
        case S::OtpDeviceName:
            r = flow.otpDeviceNamed("ITC健保");
            break;
        case S::OtpScan:
            r = flow.otpSecretIssued();
            if (r) {
                r = flow.next();
            }
            break;
        case S::OtpVerify:
            r = flow.otpCodeAccepted();
            break;
        case S::KeyInsert:
            r = flow.keyDetected(false);
            break;
        case S::KeyPin:
            r = flow.keyPinAccepted();
            break;
        case S::KeyTouch:
            r = flow.keyRegistered();
            break;
        case S::KeyName:
            r = flow.keyNamed("青いキー");
            break;
        default:
            return ::testing::AssertionFailure() << "no step from " << toString(step);
        }
        if (!r) {
            return ::testing::AssertionFailure()
                   << "step from " << toString(step) << " failed: " << r.error().detail;
        }
    }
    if (viaBack) {
        auto r = flow.back();
        if (!r) {
            return ::testing::AssertionFailure() << r.error().detail;
        }
    }
    if (flow.state() != target) {
        return ::testing::AssertionFailure()
               << "ended at " << toString(flow.state()) << ", wanted " << toString(target);
    }
    return ::testing::AssertionSuccess();
}

::testing::AssertionResult deniedBy(const Result<FlowState>& result, const std::string& guard) {
    if (result.ok()) {
        return ::testing::AssertionFailure() << "move was allowed";
    }
    if (result.code() != ErrorCode::FlowTransitionDenied) {
        return ::testing::AssertionFailure() << "code " << toString(result.code());
    }
    if (result.error().detail.rfind(guard + " (", 0) != 0) {
        return ::testing::AssertionFailure() << "detail '" << result.error().detail << "'";
    }
    return ::testing::AssertionSuccess();
}

} // namespace madoguchi::test
