// SPDX-License-Identifier: Apache-2.0
// Guards: every event tried at every state it does not belong to, and the data guards.
#include "FlowTestSupport.h"

#include <gtest/gtest.h>

#include <functional>
#include <set>

using namespace madoguchi;
using namespace madoguchi::test;
using namespace std::chrono_literals;
using S = FlowState;

namespace {

struct EventCase {
    const char* name;
    std::set<S> accepts; // the states whose screen this event belongs to
    std::function<Result<FlowState>(EnrollmentFlow&, const Clock&)> fire;
};

const std::set<S> kKeyStates{S::KeyInsert, S::KeyPin, S::KeyTouch, S::KeyName, S::KeyTry};
const std::set<S> kOtpStates{S::OtpInstallApp, S::OtpDeviceName, S::OtpScan, S::OtpVerify};

std::set<S> allBut(S excluded) {
    std::set<S> states(kAllFlowStates.begin(), kAllFlowStates.end());
    states.erase(excluded);
    return states;
}

const std::vector<EventCase>& events() {
    using F = EnrollmentFlow;
    static const std::vector<EventCase> kEvents{
        {"startEnrollment",
         {S::Attract},
         [](F& f, const Clock&) {
             return f.startEnrollment();
         }},
        {"startResume",
         {S::Attract},
         [](F& f, const Clock&) {
             return f.startResume();
         }},
        {"tempLoginVerified",
         {S::TempLogin},
         [](F& f, const Clock& c) {
             return f.tempLoginVerified(freshSession(c), tempCredentials());
         }},
        {"agreeTerms",
         {S::Terms},
         [](F& f, const Clock&) {
             return f.agreeTerms(kTermsVersion);
         }},
        {"userIdAvailable",
         {S::UserId},
         [](F& f, const Clock&) {
             return f.userIdAvailable(kUserId);
         }},
        {"chooseMethod",
         {S::MfaChoice, S::MfaChoiceAfterCommit},
         [](F& f, const Clock&) {
             return f.chooseMethod(MfaMethod::Otp);
         }},
        {"passwordAccepted",
         {S::Password},
         [](F& f, const Clock&) {
             return f.passwordAccepted(SecureBuffer::fromText("Pass!word9"));
         }},
        {"emailAccepted",
         {S::Email},
         [](F& f, const Clock&) {
             return f.emailAccepted(kEmail);
         }},
        {"basicRegistrationCommitted",
         {S::Email},
         [](F& f, const Clock&) {
             return f.basicRegistrationCommitted(kEnrollmentId);
         }},
        {"next",
         {S::BasicDone, S::OtpInstallApp, S::OtpScan},
         [](F& f, const Clock&) {
             return f.next();
         }},
        {"otpDeviceNamed",
         {S::OtpDeviceName},
         [](F& f, const Clock&) {
             return f.otpDeviceNamed("ITC健保");
         }},
        {"otpSecretIssued",
         {S::OtpScan},
         [](F& f, const Clock&) {
             return f.otpSecretIssued();
         }},
        {"otpCodeAccepted",
         {S::OtpVerify},
         [](F& f, const Clock&) {
             return f.otpCodeAccepted();
         }},
        {"otpCodeRejected",
         {S::OtpVerify},
         [](F& f, const Clock&) {
             return f.otpCodeRejected(ErrorCode::OtpCodeWrong, 1);
         }},
        {"restartOtp",
         {S::OtpScan, S::OtpVerify},
         [](F& f, const Clock&) {
             return f.restartOtp();
         }},
        {"staffRestartOtp", kOtpStates,
         [](F& f, const Clock&) {
             return f.staffRestartOtp();
         }},
        {"keyDetected",
         {S::KeyInsert},
         [](F& f, const Clock&) {
             return f.keyDetected(true);
         }},
        {"keyPinAccepted",
         {S::KeyPin},
         [](F& f, const Clock&) {
             return f.keyPinAccepted();
         }},
        {"keyRegistered",
         {S::KeyTouch},
         [](F& f, const Clock&) {
             return f.keyRegistered();
         }},
        {"keyNamed",
         {S::KeyName},
         [](F& f, const Clock&) {
             return f.keyNamed("key");
         }},
        {"keyTrySucceeded",
         {S::KeyTry},
         [](F& f, const Clock&) {
             return f.keyTrySucceeded();
         }},
        {"skipKeyTry",
         {S::KeyTry},
         [](F& f, const Clock&) {
             return f.skipKeyTry();
         }},
        {"deviceError", kKeyStates,
         [](F& f, const Clock&) {
             return f.deviceError({ErrorCode::DeviceRemoved, "test"});
         }},
        {"phoneConfirmed",
         {S::PhoneHandoff},
         [](F& f, const Clock&) {
             return f.phoneConfirmed("phone");
         }},
        {"resumeVerified",
         {S::ResumeLogin},
         [](F& f, const Clock&) {
             return f.resumeVerified(
                 EnrollmentSnapshot{S::BasicDone, MfaMethod::Otp, kEnrollmentId, kUserId, ""});
         }},
        {"finish",
         {S::Complete},
         [](F& f, const Clock&) {
             return f.finish();
         }},
        {"reportError", allBut(S::Attract),
         [](F& f, const Clock&) {
             return f.reportError({ErrorCode::NetworkUnavailable, "x"});
         }},
    };
    return kEvents;
}

class OutOfOrder : public ::testing::TestWithParam<S> {};

TEST_P(OutOfOrder, EveryForeignEventIsDeniedAndChangesNothing) {
    int checked = 0;
    for (const auto& event : events()) {
        if (event.accepts.count(GetParam()) != 0) {
            continue;
        }
        ManualClock clock{testEpoch()};
        EnrollmentFlow flow{clock};
        ASSERT_TRUE(driveTo(flow, clock, GetParam()));
        const auto before = flow.snapshot();
        const auto epoch = flow.epoch();
        const bool committed = flow.committed();
        TransitionLog log;
        log.attach(flow);
        EXPECT_TRUE(deniedBy(event.fire(flow, clock), "wrong-state")) << event.name;
        EXPECT_EQ(flow.snapshot(), before) << event.name;
        EXPECT_EQ(flow.epoch(), epoch) << event.name;
        EXPECT_EQ(flow.committed(), committed) << event.name;
        EXPECT_TRUE(log.seen.empty()) << event.name;
        ++checked;
    }
    EXPECT_GT(checked, 15);
}

TEST_P(OutOfOrder, EventsOfThisScreenAreNotRefusedForTheState) {
    for (const auto& event : events()) {
        if (event.accepts.count(GetParam()) == 0) {
            continue;
        }
        ManualClock clock{testEpoch()};
        EnrollmentFlow flow{clock};
        ASSERT_TRUE(driveTo(flow, clock, GetParam()));
        auto r = event.fire(flow, clock);
        if (!r) {
            EXPECT_EQ(r.error().detail.find("wrong-state"), std::string::npos)
                << event.name << ": " << r.error().detail;
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Flow, OutOfOrder, ::testing::ValuesIn(kAllFlowStates),
                         [](const auto& p) { return std::string(toString(p.param)); });

class FlowGuard : public ::testing::Test {
protected:
    ManualClock clock{testEpoch()};
    EnrollmentFlow flow{clock};
    TransitionLog log;
    void SetUp() override { log.attach(flow); }
};

TEST_F(FlowGuard, TermsMustBeAgreedWithTheCurrentVersion) {
    ASSERT_TRUE(driveTo(flow, clock, S::Terms));
    EXPECT_TRUE(deniedBy(flow.agreeTerms(""), "terms-version-missing"));
    EXPECT_TRUE(deniedBy(flow.agreeTerms("2019-10"), "terms-version-mismatch"));
    EXPECT_EQ(flow.state(), S::Terms);
    EXPECT_EQ(*flow.agreeTerms(kTermsVersion), S::UserId);
    EXPECT_EQ(flow.draft().termsVersion, kTermsVersion);
}

TEST_F(FlowGuard, AnyTermsVersionWhenTheSessionNamesNone) {
    ASSERT_TRUE(flow.startEnrollment());
    ASSERT_TRUE(flow.tempLoginVerified(SessionInfo{clock.now() + 10min, ""}, tempCredentials()));
    EXPECT_EQ(*flow.agreeTerms("2019-10"), S::UserId);
}

TEST_F(FlowGuard, EmptyValuesAreNotAccepted) {
    ASSERT_TRUE(flow.startEnrollment());
    EXPECT_TRUE(deniedBy(flow.tempLoginVerified(freshSession(clock), tempCredentials("")),
                         "empty-temp-id"));
    ASSERT_TRUE(driveTo(flow, clock, S::UserId));
    EXPECT_TRUE(deniedBy(flow.userIdAvailable(""), "empty-user-id"));
    ASSERT_TRUE(flow.userIdAvailable(kUserId));
    EXPECT_TRUE(deniedBy(flow.chooseMethod(MfaMethod::None), "no-method"));
    ASSERT_TRUE(flow.chooseMethod(MfaMethod::Otp));
    EXPECT_TRUE(deniedBy(flow.passwordAccepted(SecureBuffer{}), "empty-password"));
    ASSERT_TRUE(flow.passwordAccepted(SecureBuffer::fromText("Pass!word9")));
    EXPECT_TRUE(deniedBy(flow.emailAccepted(""), "empty-email"));
    ASSERT_TRUE(flow.emailAccepted(kEmail));
    EXPECT_TRUE(deniedBy(flow.basicRegistrationCommitted(""), "empty-enrollment-id"));
    EXPECT_FALSE(flow.committed());
}

TEST_F(FlowGuard, EmptyLongOrColonNamesAreNotAccepted) {
    ASSERT_TRUE(driveTo(flow, clock, S::OtpDeviceName));
    EXPECT_TRUE(deniedBy(flow.otpDeviceNamed(""), "bad-device-name"));
    EXPECT_TRUE(deniedBy(flow.otpDeviceNamed(" \xE3\x80\x80"), "bad-device-name"));
    EXPECT_TRUE(deniedBy(flow.otpDeviceNamed(std::string(33, 'a')), "bad-device-name"));
    EXPECT_TRUE(deniedBy(flow.otpDeviceNamed("my:phone"), "bad-device-name"));
    ManualClock keyClock{testEpoch()};
    EnrollmentFlow keyFlow{keyClock};
    ASSERT_TRUE(driveTo(keyFlow, keyClock, S::KeyPin));
    ASSERT_TRUE(keyFlow.keyPinAccepted());
    ASSERT_TRUE(keyFlow.keyRegistered());
    EXPECT_TRUE(deniedBy(keyFlow.keyNamed(""), "bad-device-name"));
    EXPECT_TRUE(deniedBy(keyFlow.keyNamed(std::string(33, 'k')), "bad-device-name"));
    // The name kept is the trimmed one.
    ASSERT_TRUE(keyFlow.keyNamed("  my key  "));
    EXPECT_EQ(keyFlow.draft().deviceName, "my key");
}

TEST_F(FlowGuard, CommitNeedsTheEmailAccepted) {
    ASSERT_TRUE(driveTo(flow, clock, S::Email));
    EXPECT_TRUE(deniedBy(flow.basicRegistrationCommitted(kEnrollmentId), "email-not-accepted"));
    EXPECT_EQ(flow.state(), S::Email);
}

TEST_F(FlowGuard, EmailAcceptedDoesNotLeaveTheScreenBeforeTheCommit) {
    ASSERT_TRUE(driveTo(flow, clock, S::Email));
    log.seen.clear();
    EXPECT_EQ(*flow.emailAccepted(kEmail), S::Email);
    EXPECT_TRUE(log.seen.empty());
    EXPECT_EQ(flow.draft().email, kEmail);
}

TEST_F(FlowGuard, OtpVerifyNeedsTheSecretIssued) {
    ASSERT_TRUE(driveTo(flow, clock, S::OtpScan));
    EXPECT_TRUE(flow.otpNeedsNewSecret());
    EXPECT_TRUE(deniedBy(flow.next(), "otp-secret-not-issued"));
    ASSERT_TRUE(flow.otpSecretIssued());
    EXPECT_EQ(*flow.next(), S::OtpVerify);
}

TEST_F(FlowGuard, ServiceRejectionsStayOnTheScreenWithTheReason) {
    ASSERT_TRUE(flow.startEnrollment());
    ASSERT_EQ(*flow.reportError({ErrorCode::TempCredentialsInvalid, "central"}), S::TempLogin);
    ASSERT_TRUE(flow.lastError());
    EXPECT_EQ(flow.lastError()->code, ErrorCode::TempCredentialsInvalid);
    ASSERT_TRUE(driveTo(flow, clock, S::TempLogin));
    ASSERT_TRUE(flow.tempLoginVerified(freshSession(clock), tempCredentials()));
    EXPECT_FALSE(flow.lastError()) << "cleared by the move forward";
    ASSERT_TRUE(flow.agreeTerms(kTermsVersion));
    ASSERT_EQ(*flow.reportError({ErrorCode::UserIdTaken, "taken"}), S::UserId);
    EXPECT_EQ(flow.lastError()->code, ErrorCode::UserIdTaken);
    EXPECT_EQ(log.last().reason, TransitionReason::Error);
    EXPECT_EQ(log.last().from, S::UserId);
}

TEST_F(FlowGuard, SessionInvalidBeforeTheCommitGoesBackToTempLogin) {
    ASSERT_TRUE(driveTo(flow, clock, S::UserId));
    ASSERT_EQ(*flow.reportError({ErrorCode::SessionInvalid, "central"}), S::TempLogin);
    EXPECT_EQ(log.last().reason, TransitionReason::Error);
    EXPECT_EQ(flow.lastError()->code, ErrorCode::SessionInvalid);
    EXPECT_EQ(flow.draft().tempId, kTempId) << "the login screen is refilled";
}

TEST_F(FlowGuard, SessionInvalidAfterTheCommitDoesNotUndoIt) {
    ASSERT_TRUE(driveTo(flow, clock, S::OtpScan));
    ASSERT_EQ(*flow.reportError({ErrorCode::SessionInvalid, "central"}), S::OtpScan);
    EXPECT_TRUE(flow.committed());
}

// --- session expiry

struct ExpiryCase {
    S at;
    const char* event;
};

class SessionExpiry : public ::testing::TestWithParam<ExpiryCase> {};

Result<FlowState> fireForward(EnrollmentFlow& flow, S at) {
    switch (at) {
    case S::Terms:
        return flow.agreeTerms(kTermsVersion);
    case S::UserId:
        return flow.userIdAvailable(kUserId);
    case S::MfaChoice:
        return flow.chooseMethod(MfaMethod::Otp);
    case S::Password:
        return flow.passwordAccepted(SecureBuffer::fromText("Pass!word9"));
    default:
        return flow.emailAccepted(kEmail);
    }
}

TEST_P(SessionExpiry, ExpiredSessionSendsTheMemberBackToTempLogin) {
    ManualClock clock{testEpoch()};
    EnrollmentFlow flow{clock};
    ASSERT_TRUE(driveTo(flow, clock, GetParam().at));
    TransitionLog log;
    log.attach(flow);
    const auto draftUserId = flow.draft().userId;
    clock.advance(kSessionLifetime); // exactly at expiry counts as expired
    auto r = fireForward(flow, GetParam().at);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.code(), ErrorCode::FlowSessionExpired);
    EXPECT_NE(r.error().detail.find(GetParam().event), std::string::npos) << r.error().detail;
    EXPECT_EQ(flow.state(), S::TempLogin);
    ASSERT_TRUE(flow.lastError());
    EXPECT_EQ(flow.lastError()->code, ErrorCode::FlowSessionExpired);
    ASSERT_EQ(log.seen.size(), 1u);
    EXPECT_EQ(log.last().reason, TransitionReason::Error);
    EXPECT_FALSE(log.last().wiped);
    EXPECT_EQ(flow.draft().userId, draftUserId) << "typed values survive a re-login";
    ASSERT_EQ(*flow.tempLoginVerified(freshSession(clock), tempCredentials()), S::Terms);
}

TEST_P(SessionExpiry, OneSecondBeforeExpiryStillMovesOn) {
    ManualClock clock{testEpoch()};
    EnrollmentFlow flow{clock};
    ASSERT_TRUE(driveTo(flow, clock, GetParam().at));
    clock.advance(kSessionLifetime - 1s);
    auto r = fireForward(flow, GetParam().at);
    EXPECT_TRUE(r.ok()) << r.error().detail;
}

INSTANTIATE_TEST_SUITE_P(Flow, SessionExpiry,
                         ::testing::Values(ExpiryCase{S::Terms, "agreeTerms"},
                                           ExpiryCase{S::UserId, "userIdAvailable"},
                                           ExpiryCase{S::MfaChoice, "chooseMethod"},
                                           ExpiryCase{S::Password, "passwordAccepted"},
                                           ExpiryCase{S::Email, "emailAccepted"}),
                         [](const auto& p) { return std::string(toString(p.param.at)); });

TEST_F(FlowGuard, AnAlreadyExpiredSessionIsNotTaken) {
    ASSERT_TRUE(flow.startEnrollment());
    auto r = flow.tempLoginVerified(SessionInfo{clock.now(), kTermsVersion}, tempCredentials());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.code(), ErrorCode::FlowSessionExpired);
    EXPECT_EQ(flow.state(), S::TempLogin);
}

TEST_F(FlowGuard, ACommitAfterTheSessionExpiredIsStillTaken) {
    ASSERT_TRUE(driveTo(flow, clock, S::Email));
    ASSERT_TRUE(flow.emailAccepted(kEmail));
    clock.advance(kSessionLifetime + 1min);
    EXPECT_EQ(*flow.basicRegistrationCommitted(kEnrollmentId), S::BasicDone)
        << "the local commit happened; refusing it would lose it";
}

TEST_F(FlowGuard, NoSessionCheckAfterTheCommit) {
    ASSERT_TRUE(driveTo(flow, clock, S::BasicDone));
    clock.advance(std::chrono::hours(3));
    EXPECT_EQ(*flow.next(), S::OtpInstallApp);
}

} // namespace
