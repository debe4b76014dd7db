// SPDX-License-Identifier: Apache-2.0
#include "otp/Totp.h"

#include "otp/Hotp.h"

#include <string>

namespace madoguchi {

Status Totp::validate(const TotpParams& params) {
    if (params.digits < Hotp::kMinDigits || params.digits > Hotp::kMaxDigits) {
        return Error{ErrorCode::InvalidArgument,
                     "TOTP digits out of range: " + std::to_string(params.digits)};
    }
    if (params.period.count() <= 0) {
        return Error{ErrorCode::InvalidArgument,
                     "TOTP period not positive: " + std::to_string(params.period.count())};
    }
    return {};
}

Result<std::uint64_t> Totp::stepAt(std::chrono::sys_seconds time, const TotpParams& params) {
    if (auto valid = validate(params); !valid) {
        return valid.error();
    }
    auto sinceEpoch = time.time_since_epoch().count();
    if (sinceEpoch < 0) {
        return Error{ErrorCode::InvalidArgument, "time before the Unix epoch"};
    }
    return static_cast<std::uint64_t>(sinceEpoch / params.period.count());
}

Result<SecureBuffer> Totp::generate(std::span<const std::uint8_t> key,
                                    std::chrono::sys_seconds time, const TotpParams& params) {
    auto step = stepAt(time, params);
    if (!step) {
        return step.error();
    }
    return Hotp::generate(key, *step, params.digits, params.algorithm);
}

Result<SecureBuffer> Totp::generateForStep(std::span<const std::uint8_t> key, std::uint64_t step,
                                           const TotpParams& params) {
    if (auto valid = validate(params); !valid) {
        return valid.error();
    }
    return Hotp::generate(key, step, params.digits, params.algorithm);
}

} // namespace madoguchi
