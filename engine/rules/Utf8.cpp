// SPDX-License-Identifier: Apache-2.0
#include "rules/Utf8.h"

#include <cstdint>

namespace madoguchi {

std::optional<char32_t> Utf8::decodeNext(std::string_view text, std::size_t& offset) {
    if (offset >= text.size()) {
        return std::nullopt;
    }
    auto byteAt = [&](std::size_t i) {
        return static_cast<std::uint8_t>(text[i]);
    };
    const std::uint8_t lead = byteAt(offset);
    std::size_t extra = 0;
    char32_t cp = 0;
    char32_t minimum = 0;
    if (lead < 0x80U) {
        ++offset;
        return lead;
    } else if ((lead & 0xE0U) == 0xC0U) {
        extra = 1;
        cp = lead & 0x1FU;
        minimum = 0x80;
    } else if ((lead & 0xF0U) == 0xE0U) {
        extra = 2;
        cp = lead & 0x0FU;
        minimum = 0x800;
    } else if ((lead & 0xF8U) == 0xF0U) {
        extra = 3;
        cp = lead & 0x07U;
        minimum = 0x10000;
    } else {
        return std::nullopt; // continuation byte or 0xF8..0xFF as a lead byte
    }
    if (text.size() - offset <= extra) {
        return std::nullopt; // truncated
    }
    for (std::size_t i = 1; i <= extra; ++i) {
        const std::uint8_t b = byteAt(offset + i);
        if ((b & 0xC0U) != 0x80U) {
            return std::nullopt;
        }
        cp = (cp << 6U) | (b & 0x3FU);
    }
    if (cp < minimum || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        return std::nullopt;
    }
    offset += extra + 1;
    return cp;
}

void Utf8::append(std::string& out, char32_t cp) {
    auto put = [&](char32_t v) {
        out.push_back(static_cast<char>(static_cast<std::uint8_t>(v)));
    };
    if (cp < 0x80) {
        put(cp);
    } else if (cp < 0x800) {
        put(0xC0U | (cp >> 6U));
        put(0x80U | (cp & 0x3FU));
    } else if (cp < 0x10000) {
        put(0xE0U | (cp >> 12U));
        put(0x80U | ((cp >> 6U) & 0x3FU));
        put(0x80U | (cp & 0x3FU));
    } else {
        put(0xF0U | (cp >> 18U));
        put(0x80U | ((cp >> 12U) & 0x3FU));
        put(0x80U | ((cp >> 6U) & 0x3FU));
        put(0x80U | (cp & 0x3FU));
    }
}

std::string Utf8::encode(char32_t codePoint) {
    std::string out;
    append(out, codePoint);
    return out;
}

std::optional<std::size_t> Utf8::length(std::string_view text) {
    std::size_t offset = 0;
    std::size_t count = 0;
    while (offset < text.size()) {
        if (!decodeNext(text, offset)) {
            return std::nullopt;
        }
        ++count;
    }
    return count;
}

} // namespace madoguchi
