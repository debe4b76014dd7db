// SPDX-License-Identifier: Apache-2.0
#include "devices/Base64Url.h"

#include <array>

namespace madoguchi::devices {

namespace {

constexpr std::string_view kUrlAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::string_view kStdAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

Result<std::vector<std::uint8_t>> decodeWith(std::string_view text, std::string_view alphabet,
                                             bool padded) {
    std::array<int, 256> table{};
    table.fill(-1);
    for (std::size_t i = 0; i < alphabet.size(); ++i) {
        table[static_cast<unsigned char>(alphabet[i])] = static_cast<int>(i);
    }
    if (padded) {
        if (text.size() % 4 != 0) {
            return Error{ErrorCode::InvalidArgument, "base64 length not a multiple of 4"};
        }
        while (!text.empty() && text.back() == '=') {
            text.remove_suffix(1);
        }
    }
    if (text.size() % 4 == 1) {
        return Error{ErrorCode::InvalidArgument, "base64 length impossible"};
    }
    std::vector<std::uint8_t> out;
    out.reserve(text.size() * 3 / 4);
    std::uint32_t acc = 0;
    int bits = 0;
    for (char c : text) {
        const int v = table[static_cast<unsigned char>(c)];
        if (v < 0) {
            return Error{ErrorCode::InvalidArgument, "character outside the base64 alphabet"};
        }
        acc = (acc << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<std::uint8_t>((acc >> bits) & 0xffU));
        }
    }
    // Leftover bits must be zero, so that each byte string has exactly one encoding.
    if ((acc & ((1U << bits) - 1U)) != 0) {
        return Error{ErrorCode::InvalidArgument, "non-canonical base64 tail"};
    }
    return out;
}

} // namespace

std::string base64UrlEncode(std::span<const std::uint8_t> bytes) {
    std::string out;
    out.reserve((bytes.size() * 4 + 2) / 3);
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const std::uint32_t v =
            (std::uint32_t{bytes[i]} << 16) | (std::uint32_t{bytes[i + 1]} << 8) | bytes[i + 2];
        out += kUrlAlphabet[(v >> 18) & 63U];
        out += kUrlAlphabet[(v >> 12) & 63U];
        out += kUrlAlphabet[(v >> 6) & 63U];
        out += kUrlAlphabet[v & 63U];
    }
    const std::size_t rest = bytes.size() - i;
    if (rest == 1) {
        const std::uint32_t v = std::uint32_t{bytes[i]} << 16;
        out += kUrlAlphabet[(v >> 18) & 63U];
        out += kUrlAlphabet[(v >> 12) & 63U];
    } else if (rest == 2) {
        const std::uint32_t v =
            (std::uint32_t{bytes[i]} << 16) | (std::uint32_t{bytes[i + 1]} << 8);
        out += kUrlAlphabet[(v >> 18) & 63U];
        out += kUrlAlphabet[(v >> 12) & 63U];
        out += kUrlAlphabet[(v >> 6) & 63U];
    }
    return out;
}

Result<std::vector<std::uint8_t>> base64UrlDecode(std::string_view text) {
    return decodeWith(text, kUrlAlphabet, false);
}

Result<std::vector<std::uint8_t>> base64Decode(std::string_view text) {
    return decodeWith(text, kStdAlphabet, true);
}

} // namespace madoguchi::devices
