// SPDX-License-Identifier: Apache-2.0
#include "protocol/EnrollmentResult.h"

#include "protocol/JsonReader.h"
#include "protocol/VerifyTempCredentials.h"

#include <gtest/gtest.h>

using madoguchi::ErrorCode;
using madoguchi::SecureBuffer;
using madoguchi::protocol::EnrollmentResult;
using madoguchi::protocol::MfaMethod;
using madoguchi::protocol::ResultStage;
using madoguchi::protocol::sessionIdOf;
using madoguchi::protocol::TotpBinding;
using madoguchi::protocol::WebAuthnBinding;
using nlohmann::json;

namespace {

EnrollmentResult totpResult() {
    EnrollmentResult r;
    r.enrollmentId = "6f1c2d3e-0000-4000-8000-000000000001";
    r.kioskId = "kiosk-01";
    r.tempId = "T0001";
    r.userId = "yamada.taro";
    r.email = "taro@example.jp";
    r.passwordHash = "pbkdf2-sha256$600000$c2FsdA==$aGFzaA==";
    r.termsVersion = "2024-04";
    r.method = MfaMethod::Totp;
    r.totp = TotpBinding{SecureBuffer::fromText("JBSWY3DPEHPK3PXP"), 6, 30, "SHA1", "ITC健保"};
    r.completedAt = 1767225650;
    return r;
}

} // namespace

TEST(EnrollmentResult, TotpResultRoundTripsThroughThePlaintext) {
    auto plain = totpResult().toPlaintext();
    auto back = EnrollmentResult::fromPlaintext(plain);
    ASSERT_TRUE(back.ok()) << back.error().detail;
    EXPECT_EQ(back->userId, "yamada.taro");
    EXPECT_EQ(back->method, MfaMethod::Totp);
    ASSERT_TRUE(back->totp.has_value());
    EXPECT_EQ(back->totp->secretBase32.view(), "JBSWY3DPEHPK3PXP");
    EXPECT_EQ(back->totp->deviceName, "ITC健保");
    EXPECT_FALSE(back->webAuthn.has_value());
    EXPECT_EQ(back->completedAt, 1767225650);
}

TEST(EnrollmentResult, WebAuthnResultRoundTrips) {
    auto r = totpResult();
    r.method = MfaMethod::SecurityKey;
    r.totp.reset();
    r.webAuthn = WebAuthnBinding{"q83v", "pQECAyY=", "2fc0579f-8113-47ea-b116-bb5a8db9202a",
                                 7,      "packed",   {"usb", "nfc"},
                                 "鍵1"};
    auto j = r.toJson();
    EXPECT_EQ(j["method"], "security_key");
    auto back = EnrollmentResult::fromJson(j).value();
    ASSERT_TRUE(back.webAuthn.has_value());
    EXPECT_EQ(back.webAuthn->transports, (std::vector<std::string>{"usb", "nfc"}));
    EXPECT_EQ(back.webAuthn->signCount, 7);
}

TEST(EnrollmentResult, WebAuthnCarriesAttestationStatementUserHandleTrustAndModel) {
    auto r = totpResult();
    r.method = MfaMethod::SecurityKey;
    r.totp.reset();
    WebAuthnBinding w;
    w.credentialId = "q83v";
    w.publicKeyCose = "pQECAyY=";
    w.aaguid = "2fc0579f-8113-47ea-b116-bb5a8db9202a";
    w.attestationFormat = "packed";
    w.deviceName = "鍵1";
    w.attestationStatement = "omNhbGcmY3NpZ0A";
    w.userHandle = "MGM5ZjE4ZTYtNGQ";
    w.attestationTrust = "chained";
    w.modelName = "YubiKey 5 NFC";
    r.webAuthn = w;
    auto j = r.toJson();
    EXPECT_EQ(j["webauthn"]["attestation_statement"], "omNhbGcmY3NpZ0A");
    EXPECT_EQ(j["webauthn"]["user_handle"], "MGM5ZjE4ZTYtNGQ");
    auto back = EnrollmentResult::fromJson(j).value();
    ASSERT_TRUE(back.webAuthn.has_value());
    EXPECT_EQ(back.webAuthn->attestationStatement, w.attestationStatement);
    EXPECT_EQ(back.webAuthn->userHandle, w.userHandle);
    EXPECT_EQ(back.webAuthn->attestationTrust, "chained");
    EXPECT_EQ(back.webAuthn->modelName, "YubiKey 5 NFC");

    // A result from an older kiosk has none of them, and still reads.
    for (const char* key :
         {"attestation_statement", "user_handle", "attestation_trust", "model_name"}) {
        j["webauthn"].erase(key);
    }
    auto older = EnrollmentResult::fromJson(j);
    ASSERT_TRUE(older.ok()) << older.error().detail;
    EXPECT_TRUE(older->webAuthn->userHandle.empty());

    j["webauthn"]["attestation_trust"] = "probably";
    EXPECT_EQ(EnrollmentResult::fromJson(j).error().detail,
              "webauthn.attestation_trust: unknown value");
}

TEST(EnrollmentResult, MethodMustMatchItsBinding) {
    auto j = totpResult().toJson();
    j["method"] = "security_key";
    EXPECT_EQ(EnrollmentResult::fromJson(j).error().detail.rfind("webauthn:", 0), 0u);
    j["method"] = "carrier_pigeon";
    EXPECT_EQ(EnrollmentResult::fromJson(j).error().detail, "method: unknown value");
    auto k = totpResult().toJson();
    k.erase("totp");
    EXPECT_FALSE(EnrollmentResult::fromJson(k).ok());
}

TEST(EnrollmentResult, NestedErrorsNameTheFullPath) {
    auto j = totpResult().toJson();
    j["totp"]["digits"] = "6";
    EXPECT_EQ(EnrollmentResult::fromJson(j).error().detail, "totp.digits: expected integer");
    j["totp"]["digits"] = 6;
    j["totp"]["extra"] = 1;
    EXPECT_EQ(EnrollmentResult::fromJson(j).error().detail, "totp.extra: unknown field");
    j["totp"].erase("extra");
    j["totp"]["algorithm"] = "MD5";
    EXPECT_EQ(EnrollmentResult::fromJson(j).error().detail, "totp.algorithm: unknown value");
}

TEST(EnrollmentResult, RefusesAnotherFormatVersion) {
    auto j = totpResult().toJson();
    j["format"] = 2;
    auto r = EnrollmentResult::fromJson(j);
    EXPECT_EQ(r.code(), ErrorCode::ProtocolError);
    EXPECT_EQ(r.error().detail, "format: unsupported version");
}

TEST(EnrollmentResult, PhonePasskeyNeedsTheHandoffToken) {
    auto r = totpResult();
    r.method = MfaMethod::PhonePasskey;
    r.totp.reset();
    EXPECT_FALSE(EnrollmentResult::fromJson(r.toJson()).ok());
    r.handoffToken = "tok";
    EXPECT_EQ(EnrollmentResult::fromJson(r.toJson()).value().handoffToken, "tok");
}

TEST(EnrollmentResult, CarriesTheSessionIdOfItsVerifiedLoginAndReadsOlderResultsWithout) {
    auto r = totpResult();
    r.stage = ResultStage::Registration;
    r.totp.reset(); // a registration carries no binding
    r.sessionId = sessionIdOf("a-session-token");
    EXPECT_EQ(r.sessionId.size(), 64U); // SHA-256, hex
    auto back = EnrollmentResult::fromPlaintext(r.toPlaintext());
    ASSERT_TRUE(back.ok()) << back.error().detail;
    EXPECT_EQ(back->sessionId, r.sessionId);

    // Sealed by a kiosk before session binding: it still parses, with no session id.
    auto j = r.toJson();
    j.erase("session_id");
    auto older = EnrollmentResult::fromJson(j);
    ASSERT_TRUE(older.ok()) << older.error().detail;
    EXPECT_TRUE(older->sessionId.empty());
}
