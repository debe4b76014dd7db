// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Result.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace madoguchi::protocol {

// The body of every non-2xx answer: {"code": "...", "detail": "...", "attempts_left": n?,
// "retry_after": s?}. `code` is a stable machine code (never member-facing text), `detail`
// a diagnostic for logs.
struct ErrorBody {
    std::string code;
    std::string detail;
    std::optional<std::int64_t> attemptsLeft;
    std::optional<std::int64_t> retryAfterSeconds;

    nlohmann::json toJson() const;
    static Result<ErrorBody> fromJson(const nlohmann::json& json);

    // The wire code and HTTP status for an engine error, and back.
    static ErrorBody fromError(const Error& error);
    static int httpStatus(ErrorCode code);
    static std::string_view wireCode(ErrorCode code);
    Error toError() const;
};

} // namespace madoguchi::protocol
