// SPDX-License-Identifier: Apache-2.0
#include "protocol/ErrorBody.h"

#include "protocol/JsonReader.h"

#include <array>
#include <utility>

namespace madoguchi::protocol {

namespace {

struct WireError {
    ErrorCode code;
    std::string_view wire;
    int status;
};

// One row per machine code the central service sends. Codes not listed become "internal".
constexpr std::array kWireErrors{
    WireError{ErrorCode::ProtocolError, "invalid_request", 400},
    WireError{ErrorCode::InvalidArgument, "invalid_argument", 400},
    WireError{ErrorCode::PayloadTooLarge, "payload_too_large", 413},
    WireError{ErrorCode::LengthRequired, "length_required", 411},
    WireError{ErrorCode::UnsupportedMediaType, "unsupported_media_type", 415},
    WireError{ErrorCode::KioskNotAuthorized, "kiosk_not_authorized", 403},
    WireError{ErrorCode::TempCredentialsInvalid, "temp_credentials_invalid", 401},
    WireError{ErrorCode::TempCredentialsLocked, "temp_credentials_locked", 423},
    WireError{ErrorCode::SessionInvalid, "session_invalid", 401},
    WireError{ErrorCode::UserIdTaken, "user_id_taken", 409},
    WireError{ErrorCode::RateLimited, "rate_limited", 429},
    WireError{ErrorCode::IdempotencyMismatch, "idempotency_mismatch", 422},
    WireError{ErrorCode::IdempotencyInFlight, "idempotency_in_flight", 409},
    WireError{ErrorCode::EnvelopeRejected, "envelope_rejected", 422},
    WireError{ErrorCode::NotFound, "not_found", 404},
    WireError{ErrorCode::HandoffExpired, "handoff_expired", 410},
    WireError{ErrorCode::StorageBusy, "unavailable", 503},
    WireError{ErrorCode::ServerError, "internal", 500},
};

const WireError* byCode(ErrorCode code) {
    for (const auto& row : kWireErrors) {
        if (row.code == code) {
            return &row;
        }
    }
    return nullptr;
}

} // namespace

std::string_view ErrorBody::wireCode(ErrorCode code) {
    const auto* row = byCode(code);
    return row != nullptr ? row->wire : std::string_view("internal");
}

int ErrorBody::httpStatus(ErrorCode code) {
    const auto* row = byCode(code);
    return row != nullptr ? row->status : 500;
}

ErrorBody ErrorBody::fromError(const Error& error) {
    return ErrorBody{std::string(wireCode(error.code)), error.detail, std::nullopt, std::nullopt};
}

Error ErrorBody::toError() const {
    for (const auto& row : kWireErrors) {
        if (row.wire == code) {
            return Error{row.code, detail};
        }
    }
    return Error{ErrorCode::ServerError, code + ": " + detail};
}

nlohmann::json ErrorBody::toJson() const {
    nlohmann::json j{{"code", code}, {"detail", detail}};
    if (attemptsLeft) {
        j["attempts_left"] = *attemptsLeft;
    }
    if (retryAfterSeconds) {
        j["retry_after"] = *retryAfterSeconds;
    }
    return j;
}

Result<ErrorBody> ErrorBody::fromJson(const nlohmann::json& json) {
    ErrorBody body;
    JsonReader r(json);
    r.string("code", body.code);
    r.string("detail", body.detail);
    r.optionalInteger("attempts_left", body.attemptsLeft);
    r.optionalInteger("retry_after", body.retryAfterSeconds);
    if (auto s = r.finish(); !s) {
        return s.error();
    }
    return body;
}

} // namespace madoguchi::protocol
