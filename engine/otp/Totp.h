// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Result.h"
#include "core/SecureBuffer.h"
#include "otp/OtpAlgorithm.h"

#include <chrono>
#include <cstdint>
#include <span>

namespace madoguchi {

// What both Google Authenticator and Microsoft Authenticator accept: SHA-1, 6 digits, 30 s.
struct TotpParams {
    OtpAlgorithm algorithm = OtpAlgorithm::Sha1;
    int digits = 6;
    std::chrono::seconds period{30};
};

// TOTP (RFC 6238) with T0 = the Unix epoch: HOTP over the number of whole periods since T0.
// Times are std::chrono::sys_seconds (64-bit seconds) so RFC 6238's year-2603 vector fits;
// pass std::chrono::floor<std::chrono::seconds>(clock.now()).
class Totp {
public:
    // InvalidArgument unless digits is 6-8 and the period is positive.
    static Status validate(const TotpParams& params);

    // floor((time - T0) / period); InvalidArgument for times before the epoch.
    static Result<std::uint64_t> stepAt(std::chrono::sys_seconds time, const TotpParams& params);

    static Result<SecureBuffer> generate(std::span<const std::uint8_t> key,
                                         std::chrono::sys_seconds time, const TotpParams& params);
    static Result<SecureBuffer> generateForStep(std::span<const std::uint8_t> key,
                                                std::uint64_t step, const TotpParams& params);
};

} // namespace madoguchi
