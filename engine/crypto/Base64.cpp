// SPDX-License-Identifier: Apache-2.0
#include "crypto/Base64.h"

#include <array>

namespace madoguchi::crypto {

namespace {

constexpr std::string_view kStandard =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view kUrl =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string encodeWith(std::span<const std::uint8_t> in, std::string_view alphabet, bool pad) {
    std::string out;
    out.reserve((in.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 3 <= in.size(); i += 3) {
        const std::uint32_t v = (std::uint32_t{in[i]} << 16) | (std::uint32_t{in[i + 1]} << 8) |
                                std::uint32_t{in[i + 2]};
        out.push_back(alphabet[(v >> 18) & 0x3f]);
        out.push_back(alphabet[(v >> 12) & 0x3f]);
        out.push_back(alphabet[(v >> 6) & 0x3f]);
        out.push_back(alphabet[v & 0x3f]);
    }
    const std::size_t rest = in.size() - i;
    if (rest == 1) {
        const std::uint32_t v = std::uint32_t{in[i]} << 16;
        out.push_back(alphabet[(v >> 18) & 0x3f]);
        out.push_back(alphabet[(v >> 12) & 0x3f]);
        if (pad) {
            out.append("==");
        }
    } else if (rest == 2) {
        const std::uint32_t v = (std::uint32_t{in[i]} << 16) | (std::uint32_t{in[i + 1]} << 8);
        out.push_back(alphabet[(v >> 18) & 0x3f]);
        out.push_back(alphabet[(v >> 12) & 0x3f]);
        out.push_back(alphabet[(v >> 6) & 0x3f]);
        if (pad) {
            out.push_back('=');
        }
    }
    return out;
}

std::array<int, 256> reverseTable(std::string_view alphabet) {
    std::array<int, 256> table{};
    table.fill(-1);
    for (std::size_t i = 0; i < alphabet.size(); ++i) {
        table[static_cast<unsigned char>(alphabet[i])] = static_cast<int>(i);
    }
    return table;
}

Result<std::vector<std::uint8_t>> decodeWith(std::string_view text, std::string_view alphabet,
                                             bool padded) {
    static const std::array<int, 256> kStdTable = reverseTable(kStandard);
    static const std::array<int, 256> kUrlTable = reverseTable(kUrl);
    const auto& table = alphabet == kStandard ? kStdTable : kUrlTable;

    std::size_t dataLength = text.size();
    if (padded) {
        if (text.size() % 4 != 0) {
            return Error{ErrorCode::InvalidArgument, "base64: length not a multiple of 4"};
        }
        while (dataLength > 0 && text.size() - dataLength < 2 && text[dataLength - 1] == '=') {
            --dataLength;
        }
    }
    if (dataLength % 4 == 1) {
        return Error{ErrorCode::InvalidArgument, "base64: impossible length"};
    }
    std::vector<std::uint8_t> out;
    out.reserve(dataLength / 4 * 3 + 2);
    std::uint32_t acc = 0;
    int bits = 0;
    for (std::size_t i = 0; i < dataLength; ++i) {
        const int v = table[static_cast<unsigned char>(text[i])];
        if (v < 0) {
            return Error{ErrorCode::InvalidArgument,
                         "base64: invalid character at offset " + std::to_string(i)};
        }
        acc = (acc << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<std::uint8_t>((acc >> bits) & 0xff));
        }
    }
    if (bits > 0 && (acc & ((1u << bits) - 1)) != 0) {
        return Error{ErrorCode::InvalidArgument, "base64: non-zero trailing bits"};
    }
    return out;
}

std::span<const std::uint8_t> asBytes(std::string_view text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

} // namespace

std::string Base64::encode(std::span<const std::uint8_t> bytes) {
    return encodeWith(bytes, kStandard, true);
}

std::string Base64::encode(std::string_view text) {
    return encodeWith(asBytes(text), kStandard, true);
}

Result<std::vector<std::uint8_t>> Base64::decode(std::string_view text) {
    return decodeWith(text, kStandard, true);
}

std::string Base64::encodeUrl(std::span<const std::uint8_t> bytes) {
    return encodeWith(bytes, kUrl, false);
}

Result<std::vector<std::uint8_t>> Base64::decodeUrl(std::string_view text) {
    return decodeWith(text, kUrl, false);
}

} // namespace madoguchi::crypto
