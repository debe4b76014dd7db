// SPDX-License-Identifier: Apache-2.0
#include "protocol/ErrorBody.h"

#include <gtest/gtest.h>

using madoguchi::Error;
using madoguchi::ErrorCode;
using madoguchi::protocol::ErrorBody;

TEST(ErrorBody, MapsEngineCodesToHttpStatusesAndBack) {
    const struct {
        ErrorCode code;
        int status;
        const char* wire;
    } rows[] = {
        {ErrorCode::ProtocolError, 400, "invalid_request"},
        {ErrorCode::TempCredentialsInvalid, 401, "temp_credentials_invalid"},
        {ErrorCode::TempCredentialsLocked, 423, "temp_credentials_locked"},
        {ErrorCode::RateLimited, 429, "rate_limited"},
        {ErrorCode::IdempotencyMismatch, 422, "idempotency_mismatch"},
        {ErrorCode::IdempotencyInFlight, 409, "idempotency_in_flight"},
        {ErrorCode::PayloadTooLarge, 413, "payload_too_large"},
        {ErrorCode::LengthRequired, 411, "length_required"},
        {ErrorCode::UnsupportedMediaType, 415, "unsupported_media_type"},
        {ErrorCode::KioskNotAuthorized, 403, "kiosk_not_authorized"},
        {ErrorCode::SessionInvalid, 401, "session_invalid"},
    };
    for (const auto& row : rows) {
        EXPECT_EQ(ErrorBody::httpStatus(row.code), row.status) << row.wire;
        const auto body = ErrorBody::fromError(Error{row.code, "d"});
        EXPECT_EQ(body.code, row.wire);
        EXPECT_EQ(body.toError().code, row.code) << row.wire;
    }
}

TEST(ErrorBody, UnlistedCodesBecomeInternal) {
    EXPECT_EQ(ErrorBody::httpStatus(ErrorCode::DeviceIo), 500);
    EXPECT_EQ(ErrorBody::wireCode(ErrorCode::DeviceIo), "internal");
    EXPECT_EQ((ErrorBody{"something_new", "x", {}, {}}.toError().code), ErrorCode::ServerError);
}

TEST(ErrorBody, OptionalFieldsRoundTrip) {
    ErrorBody body{"temp_credentials_invalid", "wrong", 3, std::nullopt};
    auto j = body.toJson();
    EXPECT_EQ(j["attempts_left"], 3);
    EXPECT_FALSE(j.contains("retry_after"));
    auto back = ErrorBody::fromJson(j).value();
    EXPECT_EQ(back.attemptsLeft, 3);
    EXPECT_FALSE(back.retryAfterSeconds.has_value());
    j["message"] = "human text";
    EXPECT_EQ(ErrorBody::fromJson(j).error().detail, "message: unknown field");
}
