// SPDX-License-Identifier: Apache-2.0
// otpauth URIs and base32 on any bytes: the parser never crashes, a decoded secret
// re-encodes and decodes to the same bytes, and a parsed URI builds back into one that
// parses to the same secret and parameters.
#include "otp/Base32.h"
#include "otp/OtpSecret.h"
#include "otp/OtpauthUri.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace {

using namespace madoguchi;

bool sameBytes(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);

    if (auto decoded = Base32::decode(text)) {
        auto again = Base32::decode(Base32::encode(decoded->bytes()).view());
        if (!again || !sameBytes(again->bytes(), decoded->bytes())) {
            __builtin_trap();
        }
    }
    // Any bytes encode to base32 that decodes back to them.
    auto back = Base32::decode(Base32::encode(std::span<const std::uint8_t>(data, size)).view());
    if (!back || !sameBytes(back->bytes(), std::span<const std::uint8_t>(data, size))) {
        __builtin_trap();
    }

    if (auto parsed = OtpauthUri::parse(text)) {
        auto built =
            OtpauthUri::build(parsed->secret, parsed->issuer, parsed->account, parsed->params);
        if (built) {
            auto reparsed = OtpauthUri::parse(built->view());
            if (!reparsed || !sameBytes(reparsed->secret.bytes(), parsed->secret.bytes()) ||
                reparsed->params.digits != parsed->params.digits ||
                reparsed->params.period != parsed->params.period ||
                reparsed->params.algorithm != parsed->params.algorithm) {
                __builtin_trap();
            }
        }
    }
    (void)OtpSecret::fromBase32(text);
    return 0;
}
