// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Result.h"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::crypto {

// Base64 (RFC 4648 §4, padded) and base64url (§5, unpadded) of our own rather than
// EVP_EncodeBlock/EVP_DecodeBlock: those accept whitespace, return the padding as extra zero
// bytes and know no URL alphabet. Decoding here is strict: a wrong character, a wrong length,
// misplaced padding or non-zero trailing bits are refused, so each value has one spelling.
class Base64 {
public:
    static std::string encode(std::span<const std::uint8_t> bytes);
    static std::string encode(std::string_view text);
    static Result<std::vector<std::uint8_t>> decode(std::string_view text);

    static std::string encodeUrl(std::span<const std::uint8_t> bytes);
    static Result<std::vector<std::uint8_t>> decodeUrl(std::string_view text);
};

} // namespace madoguchi::crypto
