// SPDX-License-Identifier: Apache-2.0
#include "CentralTestSupport.h"
#include "central/KeycloakExporter.h"
#include "crypto/Base64.h"
#include "protocol/JsonReader.h"

#include <gtest/gtest.h>

#include <limits>

using namespace madoguchi;
using namespace madoguchi::central;
using nlohmann::json;

namespace {

EnrollmentRecord recordOf(const protocol::EnrollmentResult& r, const char* status = "accepted") {
    EnrollmentRecord e;
    e.enrollmentId = r.enrollmentId;
    e.kioskId = r.kioskId;
    e.tempId = r.tempId;
    e.userId = r.userId;
    e.status = status;
    e.resultJson = std::string(r.toPlaintext().view());
    e.kanaName = "ヤマダ タロウ";
    e.memberNumber = "M-1001";
    return e;
}

// credentialData / secretData must be JSON strings that parse to objects.
json innerJson(const json& credential, const char* field) {
    EXPECT_TRUE(credential[field].is_string()) << field;
    auto parsed = protocol::parseJson(credential[field].get<std::string>());
    EXPECT_TRUE(parsed.ok()) << field;
    return parsed.ok() ? *parsed : json();
}

} // namespace

TEST(KeycloakExport, WritesPasswordAndOtpCredentialsAsJsonStrings) {
    auto r = centraltest::totpResult("6f1c2d3e-0000-4000-8000-000000000001", "kiosk-01", "T0001",
                                     "yamada.taro");
    auto doc = KeycloakExporter::build({recordOf(r)}).value();
    EXPECT_EQ(doc["ifResourceExists"], "SKIP");
    ASSERT_EQ(doc["users"].size(), 1u);
    const auto& user = doc["users"][0];
    EXPECT_EQ(user["username"], "yamada.taro");
    EXPECT_EQ(user["email"], "yamada.taro@example.jp");
    EXPECT_EQ(user["enabled"], true);
    EXPECT_EQ(user["attributes"]["memberNumber"][0], "M-1001");
    ASSERT_EQ(user["credentials"].size(), 2u);

    const auto& password = user["credentials"][0];
    EXPECT_EQ(password["type"], "password");
    const auto pwData = innerJson(password, "credentialData");
    EXPECT_EQ(pwData["hashIterations"], 600000);
    EXPECT_EQ(pwData["algorithm"], "pbkdf2-sha256");
    EXPECT_TRUE(pwData["additionalParameters"].is_object());
    const auto pwSecret = innerJson(password, "secretData");
    // The record's own salt and hash, in standard base64.
    EXPECT_EQ(crypto::Base64::decode(pwSecret["salt"].get<std::string>()).value().size(), 16u);
    EXPECT_EQ(crypto::Base64::decode(pwSecret["value"].get<std::string>()).value().size(), 32u);
    EXPECT_TRUE(r.passwordHash.ends_with(pwSecret["value"].get<std::string>()));

    const auto& otp = user["credentials"][1];
    EXPECT_EQ(otp["type"], "otp");
    EXPECT_EQ(otp["userLabel"], "ITC健保");
    const auto otpData = innerJson(otp, "credentialData");
    EXPECT_EQ(otpData["subType"], "totp");
    EXPECT_EQ(otpData["digits"], 6);
    EXPECT_EQ(otpData["period"], 30);
    EXPECT_EQ(otpData["counter"], 0);
    EXPECT_EQ(otpData["algorithm"], "HmacSHA1");
    EXPECT_EQ(otpData["secretEncoding"], "BASE32");
    EXPECT_EQ(innerJson(otp, "secretData")["value"], "JBSWY3DPEHPK3PXP");
}

TEST(KeycloakExport, WritesWebAuthnCredentialsInKeycloaksEncodings) {
    auto r = centraltest::totpResult("6f1c2d3e-0000-4000-8000-000000000002", "kiosk-01", "T0002",
                                     "suzuki.hanako");
    r.method = protocol::MfaMethod::SecurityKey;
    r.totp.reset();
    const std::vector<std::uint8_t> credId{0xfb, 0xff, 0x01, 0x02};
    const std::vector<std::uint8_t> cose{0xa5, 0x01, 0x02, 0x03, 0x26, 0xfe};
    r.webAuthn = protocol::WebAuthnBinding{crypto::Base64::encodeUrl(credId),
                                           crypto::Base64::encode(cose),
                                           "2fc0579f-8113-47ea-b116-bb5a8db9202a",
                                           3,
                                           "packed",
                                           {"usb", "nfc"},
                                           "鍵1"};
    auto doc = KeycloakExporter::build({recordOf(r)}).value();
    const auto& credentials = doc["users"][0]["credentials"];
    ASSERT_EQ(credentials.size(), 2u);
    const auto& webauthn = credentials[1];
    EXPECT_EQ(webauthn["type"], "webauthn");
    EXPECT_EQ(webauthn["userLabel"], "鍵1");
    const auto data = innerJson(webauthn, "credentialData");
    EXPECT_EQ(data["aaguid"], "2fc0579f-8113-47ea-b116-bb5a8db9202a");
    EXPECT_EQ(crypto::Base64::decode(data["credentialId"].get<std::string>()).value(), credId);
    EXPECT_EQ(crypto::Base64::decodeUrl(data["credentialPublicKey"].get<std::string>()).value(),
              cose);
    EXPECT_EQ(data["counter"], 3);
    EXPECT_EQ(data["attestationStatementFormat"], "packed");
    EXPECT_EQ(data["transports"], json::array({"usb", "nfc"}));
    EXPECT_TRUE(innerJson(webauthn, "secretData").is_object());
}

TEST(KeycloakExport, GivesTheUserItsKeysUserHandleAsIdAndKeepsTheAttestationStatement) {
    auto r = centraltest::totpResult("6f1c2d3e-0000-4000-8000-000000000005", "kiosk-01", "T0005",
                                     "tanaka.ichiro");
    r.method = protocol::MfaMethod::SecurityKey;
    r.totp.reset();
    protocol::WebAuthnBinding w;
    w.credentialId = crypto::Base64::encodeUrl(std::vector<std::uint8_t>{1, 2, 3});
    w.publicKeyCose = crypto::Base64::encode(std::vector<std::uint8_t>{0xa5, 0x01});
    w.aaguid = "2fc0579f-8113-47ea-b116-bb5a8db9202a";
    w.attestationFormat = "packed";
    w.deviceName = "鍵1";
    const std::string handle = "0c9f18e6-4d1a-4c43-9a57-2b0f6c1d8e11";
    w.userHandle =
        crypto::Base64::encodeUrl(std::vector<std::uint8_t>(handle.begin(), handle.end()));
    // attStmt {"alg": -7, "sig": h'01'}
    const std::vector<std::uint8_t> stmt{0xa2, 0x63, 'a', 'l', 'g',  0x26,
                                         0x63, 's',  'i', 'g', 0x41, 0x01};
    w.attestationStatement = crypto::Base64::encodeUrl(stmt);
    r.webAuthn = w;
    auto doc = KeycloakExporter::build({recordOf(r)}).value();
    const auto& user = doc["users"][0];
    EXPECT_EQ(user["id"], handle) << "Keycloak resolves the handle to the user of this ID";
    const auto data = innerJson(user["credentials"][1], "credentialData");
    ASSERT_TRUE(data["attestationStatement"].is_string()) << data.dump();
    // webauthn4j's container: {"fmt": "packed", "attStmt": <the statement>} in CBOR.
    std::vector<std::uint8_t> container{0xa2, 0x63, 'f',  'm', 't', 0x66, 'p', 'a', 'c', 'k',
                                        'e',  'd',  0x67, 'a', 't', 't',  'S', 't', 'm', 't'};
    container.insert(container.end(), stmt.begin(), stmt.end());
    EXPECT_EQ(crypto::Base64::decodeUrl(data["attestationStatement"].get<std::string>()).value(),
              container);

    // A handle that is not a UUID's text cannot be a Keycloak user ID: Keycloak picks one.
    w.userHandle = crypto::Base64::encodeUrl(std::vector<std::uint8_t>(32, 0x5a));
    w.attestationStatement.clear();
    r.webAuthn = w;
    auto other = KeycloakExporter::build({recordOf(r)}).value();
    EXPECT_FALSE(other["users"][0].contains("id"));
    EXPECT_TRUE(
        innerJson(other["users"][0]["credentials"][1], "credentialData")["attestationStatement"]
            .is_null());
}

TEST(KeycloakExport, LeavesOutConflictsAndUnreadableResults) {
    auto good =
        centraltest::totpResult("6f1c2d3e-0000-4000-8000-000000000003", "k", "T1", "a.user1");
    auto conflict =
        centraltest::totpResult("6f1c2d3e-0000-4000-8000-000000000004", "k", "T2", "a.user1");
    auto broken = recordOf(good);
    broken.enrollmentId = "x";
    broken.resultJson = "{not json";
    auto doc =
        KeycloakExporter::build({recordOf(good), recordOf(conflict, "user_id_conflict"), broken})
            .value();
    ASSERT_EQ(doc["users"].size(), 1u);
    EXPECT_EQ(doc["users"][0]["attributes"]["madoguchiEnrollmentId"][0], good.enrollmentId);
}

// A row stored before the range check: the export leaves it out instead of overflowing.
TEST(KeycloakExport, AResultWithACompletedAtOutOfRangeIsLeftOut) {
    auto r = centraltest::totpResult("6f1c2d3e-0000-4000-8000-000000000009", "kiosk-01", "T0009",
                                     "far.future");
    r.completedAt = std::numeric_limits<std::int64_t>::max();
    auto doc = KeycloakExporter::build({recordOf(r)});
    ASSERT_TRUE(doc.ok());
    EXPECT_TRUE((*doc)["users"].empty()) << doc->dump();
}
