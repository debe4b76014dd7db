// SPDX-License-Identifier: Apache-2.0
#include "otp/Base32.h"

#include <openssl/crypto.h>

#include <array>
#include <string>

namespace madoguchi {

namespace {

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr int kNotBase32 = -1;

// The 5-bit value of a symbol (either case); kNotBase32 outside the alphabet.
int valueOf(char c) {
    if (c >= 'A' && c <= 'Z') {
        return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
        return c - 'a';
    }
    if (c >= '2' && c <= '7') {
        return c - '2' + 26;
    }
    return kNotBase32;
}

bool isIgnorableSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

} // namespace

SecureBuffer Base32::encode(std::span<const std::uint8_t> bytes) {
    SecureBuffer out;
    std::uint32_t buffer = 0; // at most 12 bits pending
    int bits = 0;
    for (std::uint8_t b : bytes) {
        buffer = (buffer << 8U) | b;
        bits += 8;
        while (bits >= 5) {
            bits -= 5;
            char c = kAlphabet[(buffer >> static_cast<unsigned>(bits)) & 0x1FU];
            out.append(std::string_view(&c, 1));
        }
        buffer &= (1U << static_cast<unsigned>(bits)) - 1U;
    }
    if (bits > 0) {
        char c = kAlphabet[(buffer << static_cast<unsigned>(5 - bits)) & 0x1FU];
        out.append(std::string_view(&c, 1));
    }
    OPENSSL_cleanse(&buffer, sizeof buffer);
    return out;
}

Result<SecureBuffer> Base32::decode(std::string_view text) {
    SecureBuffer out;
    std::uint32_t buffer = 0;
    int bits = 0;
    std::size_t symbols = 0;
    bool paddingSeen = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (isIgnorableSpace(c)) {
            continue;
        }
        if (c == '=') {
            paddingSeen = true;
            continue;
        }
        int v = valueOf(c);
        if (v == kNotBase32 || paddingSeen) {
            OPENSSL_cleanse(&buffer, sizeof buffer);
            return Error{ErrorCode::Base32Invalid,
                         (paddingSeen && v != kNotBase32 ? "data after padding at offset "
                                                         : "invalid character at offset ") +
                             std::to_string(i)};
        }
        ++symbols;
        buffer = (buffer << 5U) | static_cast<std::uint32_t>(v);
        bits += 5;
        if (bits >= 8) {
            bits -= 8;
            auto byte = static_cast<std::uint8_t>((buffer >> static_cast<unsigned>(bits)) & 0xFFU);
            out.append(std::span<const std::uint8_t>(&byte, 1));
            buffer &= (1U << static_cast<unsigned>(bits)) - 1U;
        }
    }
    OPENSSL_cleanse(&buffer, sizeof buffer);
    // A group of 8 symbols holds 5 bytes; 2, 4, 5 or 7 leftover symbols end a shorter tail.
    std::size_t tail = symbols % 8;
    if (tail == 1 || tail == 3 || tail == 6) {
        return Error{ErrorCode::Base32Invalid,
                     "impossible length: " + std::to_string(symbols) + " symbols"};
    }
    return out;
}

} // namespace madoguchi
