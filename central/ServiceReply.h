// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Result.h"
#include "protocol/ErrorBody.h"

#include <cstdint>
#include <optional>

namespace madoguchi::central {

// What a CentralService operation answers: a value or an Error, plus the two facts an
// error body can carry (attempts left before lockout, seconds to wait). The HTTP front
// turns it into a status and a body; the kiosk's demo mode reads it directly.
template <class T>
struct [[nodiscard]] ServiceReply {
    ServiceReply(T value) : result(std::move(value)) {}
    ServiceReply(Error error) : result(std::move(error)) {}
    ServiceReply(ErrorCode code, std::string detail = {}) : result(code, std::move(detail)) {}

    bool ok() const { return result.ok(); }
    const T& value() const { return result.value(); }
    T& value() { return result.value(); }
    const Error& error() const { return result.error(); }
    ErrorCode code() const { return result.code(); }

    protocol::ErrorBody errorBody() const {
        auto body = protocol::ErrorBody::fromError(result.error());
        body.attemptsLeft = attemptsLeft;
        body.retryAfterSeconds = retryAfterSeconds;
        return body;
    }

    Result<T> result;
    std::optional<std::int64_t> attemptsLeft;
    std::optional<std::int64_t> retryAfterSeconds;
};

} // namespace madoguchi::central
