// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace madoguchi {

// Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF.
class Utf8 {
public:
    // Decodes the code point starting at `offset` and advances `offset` past it; nullopt (and
    // `offset` unchanged) on a malformed or truncated sequence.
    static std::optional<char32_t> decodeNext(std::string_view text, std::size_t& offset);
    // Appends the UTF-8 encoding of a valid scalar value.
    static void append(std::string& out, char32_t codePoint);
    // The UTF-8 encoding of one scalar value as a string (for Refusal::offending).
    static std::string encode(char32_t codePoint);
    // Number of code points, or nullopt if `text` is not valid UTF-8.
    static std::optional<std::size_t> length(std::string_view text);
};

} // namespace madoguchi
