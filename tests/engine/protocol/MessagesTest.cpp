// SPDX-License-Identifier: Apache-2.0
#include "protocol/CheckUserId.h"
#include "protocol/Handoff.h"
#include "protocol/Health.h"
#include "protocol/JsonReader.h"
#include "protocol/SubmitEnrollment.h"
#include "protocol/TermsVersion.h"
#include "protocol/VerifyTempCredentials.h"

#include <gtest/gtest.h>

using madoguchi::ErrorCode;
using madoguchi::SecureBuffer;
using nlohmann::json;
using namespace madoguchi::protocol;

namespace {
json verifyBody() {
    return json{{"kiosk_id", "kiosk-01"},
                {"temp_id", "T0001"},
                {"temp_password", "Ab3dE6gH"},
                {"birth_date", "19580401"}};
}
} // namespace

TEST(Protocol, VerifyRequestRoundTripsThroughJson) {
    VerifyTempCredentialsRequest req{"kiosk-01", "T0001", SecureBuffer::fromText("pw"),
                                     SecureBuffer::fromText("19580401")};
    auto back = VerifyTempCredentialsRequest::fromJson(parseJson(dumpJson(req.toJson())).value());
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(back->tempId, "T0001");
    EXPECT_EQ(back->kioskId, "kiosk-01");
    EXPECT_EQ(back->tempPassword.view(), "pw");
    EXPECT_EQ(back->birthDate.view(), "19580401");
}

TEST(Protocol, MissingFieldIsNamed) {
    auto body = verifyBody();
    body.erase("birth_date");
    auto r = VerifyTempCredentialsRequest::fromJson(body);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.code(), ErrorCode::ProtocolError);
    EXPECT_EQ(r.error().detail, "birth_date: missing");
}

TEST(Protocol, MistypedFieldIsNamed) {
    auto body = verifyBody();
    body["temp_id"] = 1234;
    auto r = VerifyTempCredentialsRequest::fromJson(body);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().detail, "temp_id: expected string");
}

TEST(Protocol, UnknownFieldIsNamed) {
    auto body = verifyBody();
    body["debug"] = true;
    auto r = VerifyTempCredentialsRequest::fromJson(body);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().detail, "debug: unknown field");
}

TEST(Protocol, NonObjectBodyIsRefused) {
    EXPECT_EQ(VerifyTempCredentialsRequest::fromJson(json::array()).error().detail,
              "body: expected object");
}

TEST(Protocol, ADuplicateKeyIsRefusedAndNamed) {
    auto r = parseJson(R"({"kiosk_id":"kiosk-01","temp_id":"T0001","temp_id":"T0002"})");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.code(), ErrorCode::ProtocolError);
    EXPECT_EQ(r.error().detail, "temp_id: duplicate key");
}

TEST(Protocol, ADuplicateKeyInANestedObjectIsNamedWithItsPath) {
    auto r = parseJson(R"({"totp":{"digits":6,"period":30,"digits":8}})");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().detail, "totp.digits: duplicate key");
    // The same key in sibling objects, or at two depths, is not a duplicate.
    EXPECT_TRUE(parseJson(R"({"a":{"x":1},"b":{"x":2},"x":[{"x":1},{"x":2}]})").ok());
    auto inArray = parseJson(R"({"list":[{"id":1},{"id":2,"id":3}]})");
    ASSERT_FALSE(inArray.ok());
    EXPECT_EQ(inArray.error().detail, "list.id: duplicate key");
}

TEST(Protocol, MalformedJsonReportsTheByte) {
    auto r = parseJson(R"({"a": )");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.code(), ErrorCode::ProtocolError);
    EXPECT_NE(r.error().detail.find("malformed JSON at byte"), std::string::npos);
    EXPECT_FALSE(parseJson("").ok());
    EXPECT_FALSE(parseJson("{\"a\":\"\xff\"}").ok()); // invalid UTF-8
}

// Found by fuzz_central_requests: a number out of range threw nlohmann's out_of_range out of
// parseJson (past the engine's no-exception boundary) and ended the process.
TEST(Protocol, ANumberOutOfRangeIsRefusedNotThrown) {
    for (const char* body : {R"({"a":2e308})",
                             R"({"method[[[{bb":2e308}te)"
                             "\x13"
                             R"(mp]],"c":"\ud800"})",
                             R"([-1e999])"}) {
        madoguchi::Result<json> r = madoguchi::Error{ErrorCode::ProtocolError, ""};
        EXPECT_NO_THROW(r = parseJson(body)) << body;
        ASSERT_FALSE(r.ok()) << body;
        EXPECT_EQ(r.code(), ErrorCode::ProtocolError);
    }
}

TEST(Protocol, IntegersMustBeIntegers) {
    json body{{"session_token", "s"}, {"expires_at", 1.5}, {"kana_name", "ヤマダ"}};
    EXPECT_EQ(VerifyTempCredentialsResponse::fromJson(body).error().detail,
              "expires_at: expected integer");
    body["expires_at"] = "1700000000";
    EXPECT_FALSE(VerifyTempCredentialsResponse::fromJson(body).ok());
    body["expires_at"] = 18446744073709551615ull;
    EXPECT_EQ(VerifyTempCredentialsResponse::fromJson(body).error().detail,
              "expires_at: integer out of range");
    body["expires_at"] = 1700000000;
    EXPECT_EQ(VerifyTempCredentialsResponse::fromJson(body).value().kanaName, "ヤマダ");
}

TEST(Protocol, CheckUserIdRoundTrips) {
    CheckUserIdResponse resp{"yamada.taro", true};
    auto back = CheckUserIdResponse::fromJson(resp.toJson()).value();
    EXPECT_EQ(back.userId, "yamada.taro");
    EXPECT_TRUE(back.available);
    json bad{{"user_id", "x"}, {"available", "yes"}};
    EXPECT_EQ(CheckUserIdResponse::fromJson(bad).error().detail, "available: expected boolean");
    EXPECT_TRUE(CheckUserIdRequest::fromJson(CheckUserIdRequest{"tok", "u"}.toJson()).ok());
}

TEST(Protocol, SubmitEnrollmentResponseKnowsOnlyItsStatuses) {
    SubmitEnrollmentResponse resp{"e-1", EnrollmentStatus::UserIdConflict, 1700000000, true};
    auto j = resp.toJson();
    EXPECT_EQ(j["status"], "user_id_conflict");
    auto back = SubmitEnrollmentResponse::fromJson(j).value();
    EXPECT_EQ(back.status, EnrollmentStatus::UserIdConflict);
    EXPECT_TRUE(back.replayed);
    j["status"] = "maybe";
    EXPECT_EQ(SubmitEnrollmentResponse::fromJson(j).error().detail, "status: unknown value");
}

TEST(Protocol, SubmitEnrollmentRequestRoundTrips) {
    SubmitEnrollmentRequest req{"e-1", "kiosk-01", "AQID"};
    auto back = SubmitEnrollmentRequest::fromJson(req.toJson()).value();
    EXPECT_EQ(back.envelope, "AQID");
    EXPECT_EQ(back.enrollmentId, "e-1");
}

TEST(Protocol, HandoffPollCarriesANullableConfirmationTime) {
    HandoffPollResponse pending{"tok", HandoffStatus::Pending, 100, std::nullopt};
    auto j = pending.toJson();
    EXPECT_TRUE(j["confirmed_at"].is_null());
    EXPECT_FALSE(HandoffPollResponse::fromJson(j).value().confirmedAt.has_value());
    HandoffPollResponse done{"tok", HandoffStatus::Confirmed, 100, 90};
    auto back = HandoffPollResponse::fromJson(done.toJson()).value();
    EXPECT_EQ(back.status, HandoffStatus::Confirmed);
    EXPECT_EQ(back.confirmedAt, 90);
    auto create = HandoffCreateResponse{"tok", "https://p/h/tok", 100};
    EXPECT_EQ(HandoffCreateResponse::fromJson(create.toJson()).value().url, "https://p/h/tok");
    EXPECT_TRUE(HandoffCreateRequest::fromJson(HandoffCreateRequest{"s", "k", "e"}.toJson()).ok());
}

TEST(Protocol, HealthAndTermsRoundTrip) {
    EXPECT_EQ(HealthResponse::fromJson(HealthResponse{"ok", 1, 5}.toJson()).value().time, 5);
    EXPECT_EQ(TermsVersionResponse::fromJson(json{{"version", "2024-04"}}).value().version,
              "2024-04");
    EXPECT_FALSE(TermsVersionResponse::fromJson(json{{"version", nullptr}}).ok());
}
