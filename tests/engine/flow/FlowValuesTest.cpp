// SPDX-License-Identifier: Apache-2.0
// The value types: snapshot JSON, progress steps, stable names.
#include "FlowTestSupport.h"
#include "flow/FlowProgress.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <set>

using namespace madoguchi;
using namespace madoguchi::test;
using S = FlowState;

namespace {

TEST(EnrollmentSnapshot, RoundTripsThroughJson) {
    EnrollmentSnapshot s{S::OtpScan, MfaMethod::Otp, kEnrollmentId, kUserId, "ITC健保"};
    auto back = EnrollmentSnapshot::fromJson(s.toJson());
    ASSERT_TRUE(back.ok()) << back.error().detail;
    EXPECT_EQ(*back, s);
    // Read by an independent parser: the stable names are what the store sees.
    auto j = nlohmann::json::parse(s.toJson());
    EXPECT_EQ(j["state"], "OtpScan");
    EXPECT_EQ(j["method"], "otp");
    EXPECT_EQ(j["version"], 1);
    EXPECT_EQ(j["otpLocked"], false);
}

TEST(EnrollmentSnapshot, KeepsTheOtpLockAndReadsOlderRecordsAsUnlocked) {
    EnrollmentSnapshot locked{S::OtpVerify, MfaMethod::Otp, kEnrollmentId,
                              kUserId,      "ITC健保",      true};
    auto back = EnrollmentSnapshot::fromJson(locked.toJson());
    ASSERT_TRUE(back.ok()) << back.error().detail;
    EXPECT_TRUE(back->otpLocked);
    EXPECT_EQ(*back, locked);
    // Written before the lock was kept: no field, not locked.
    auto older = EnrollmentSnapshot::fromJson(
        R"({"version":1,"state":"OtpScan","method":"otp","enrollmentId":"e","userId":"u","deviceName":""})");
    ASSERT_TRUE(older.ok()) << older.error().detail;
    EXPECT_FALSE(older->otpLocked);
}

TEST(EnrollmentSnapshot, RejectsWhatItCannotTrust) {
    const char* bad[] = {
        "",
        "[]",
        "{not json",
        R"({"version":2,"state":"OtpScan","method":"otp","enrollmentId":"e","userId":"u","deviceName":""})",
        R"({"version":1,"state":"Nowhere","method":"otp","enrollmentId":"e","userId":"u","deviceName":""})",
        R"({"version":1,"state":"OtpScan","method":"sms","enrollmentId":"e","userId":"u","deviceName":""})",
        R"({"version":1,"state":"OtpScan","method":"otp","userId":"u","deviceName":""})",
        R"({"version":1,"state":"OtpScan","method":"otp","enrollmentId":7,"userId":"u","deviceName":""})",
        R"({"version":1,"state":"OtpVerify","method":"otp","enrollmentId":"e","userId":"u","deviceName":"","otpLocked":"yes"})",
    };
    for (const char* text : bad) {
        auto r = EnrollmentSnapshot::fromJson(text);
        EXPECT_FALSE(r.ok()) << text;
        if (!r.ok()) {
            EXPECT_EQ(r.code(), ErrorCode::ProtocolError) << text;
        }
    }
}

TEST(EnrollmentSnapshot, HoldsNoSecretOfTheMember) {
    ManualClock clock{testEpoch()};
    EnrollmentFlow flow{clock};
    ASSERT_TRUE(driveTo(flow, clock, S::Email));
    const std::string json = flow.snapshot().toJson();
    for (const char* secret : {"TmpPass#42", "19580412", "NewPass!2024"}) {
        EXPECT_EQ(json.find(secret), std::string::npos) << secret;
    }
    EXPECT_NE(json.find(kUserId), std::string::npos);
}

TEST(FlowProgress, AttractAndResumeLoginHaveNoStep) {
    EXPECT_FALSE(progress(S::Attract));
    EXPECT_FALSE(progress(S::ResumeLogin));
}

TEST(FlowProgress, BasicPartCountsOneStepPerScreen) {
    int expected = 1;
    for (S s : {S::TempLogin, S::Terms, S::UserId, S::MfaChoice, S::Password, S::Email}) {
        auto p = progress(s);
        ASSERT_TRUE(p) << toString(s);
        EXPECT_EQ(p->index, expected++) << toString(s);
        EXPECT_EQ(p->total, 8);
        EXPECT_EQ(p->subTotal, 0);
    }
    EXPECT_EQ(progress(S::Complete)->key, StepKey::Done);
    EXPECT_EQ(progress(S::Complete)->index, 8);
}

TEST(FlowProgress, SecondFactorScreensCountWithinTheirMethod) {
    auto check = [](std::initializer_list<S> path) {
        int sub = 1;
        for (S s : path) {
            auto p = progress(s);
            ASSERT_TRUE(p);
            EXPECT_EQ(p->key, StepKey::SecondFactor) << toString(s);
            EXPECT_EQ(p->index, 7);
            EXPECT_EQ(p->subIndex, sub++) << toString(s);
            EXPECT_EQ(p->subTotal, static_cast<int>(path.size()));
        }
    };
    check({S::OtpInstallApp, S::OtpDeviceName, S::OtpScan, S::OtpVerify});
    check({S::KeyInsert, S::KeyPin, S::KeyTouch, S::KeyName, S::KeyTry});
}

TEST(FlowProgress, StepKeysAreDistinctAcrossTheBasicPart) {
    std::set<StepKey> keys;
    for (S s : kAllFlowStates) {
        if (auto p = progress(s)) {
            keys.insert(p->key);
            EXPECT_GE(p->index, 1);
            EXPECT_LE(p->index, p->total);
        }
    }
    EXPECT_EQ(keys.size(), 8u);
}

TEST(FlowStateNames, AreUniqueAndRoundTrip) {
    std::set<std::string_view> names;
    for (S s : kAllFlowStates) {
        names.insert(toString(s));
        EXPECT_EQ(flowStateFromString(toString(s)), s);
    }
    EXPECT_EQ(names.size(), kAllFlowStates.size());
    EXPECT_FALSE(flowStateFromString("otpscan"));
    for (MfaMethod m :
         {MfaMethod::None, MfaMethod::Otp, MfaMethod::SecurityKey, MfaMethod::PhonePasskey}) {
        EXPECT_EQ(mfaMethodFromString(toString(m)), m);
    }
}

} // namespace
