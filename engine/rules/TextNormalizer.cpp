// SPDX-License-Identifier: Apache-2.0
#include "rules/TextNormalizer.h"

#include "rules/Utf8.h"

#include <openssl/crypto.h>

#include <string>

namespace madoguchi {

namespace {
constexpr char32_t kFullWidthFirst = 0xFF01; // ！
constexpr char32_t kFullWidthLast = 0xFF5E;  // ～
constexpr char32_t kFullWidthOffset = 0xFF01 - 0x21;
constexpr char32_t kIdeographicSpace = 0x3000;
constexpr char32_t kYen = 0x00A5;
constexpr char32_t kFullWidthYen = 0xFFE5;

// Wipes a scratch std::string holding one encoded code point of a possible secret.
struct ScratchWiper {
    std::string& s;
    ~ScratchWiper() { OPENSSL_cleanse(s.data(), s.size()); }
};
} // namespace

char32_t TextNormalizer::fold(char32_t cp, const NormalizeOptions& options,
                              NormalizationChanges& changes) {
    if (cp >= kFullWidthFirst && cp <= kFullWidthLast) {
        cp -= kFullWidthOffset;
        changes.fullWidth = true;
    } else if (cp == kIdeographicSpace) {
        cp = U' ';
        changes.ideographicSpace = true;
    } else if (options.yenToBackslash && (cp == kYen || cp == kFullWidthYen)) {
        cp = U'\\';
        changes.yen = true;
    }
    if (options.lowercase && cp >= U'A' && cp <= U'Z') {
        cp += U'a' - U'A';
        changes.uppercase = true;
    }
    return cp;
}

NormalizedText TextNormalizer::normalize(std::string_view input, const NormalizeOptions& options) {
    NormalizedText result;
    std::string scratch;
    scratch.reserve(4); // never reallocates: one code point is at most 4 bytes
    ScratchWiper wiper{scratch};
    std::size_t offset = 0;
    std::size_t pendingSpaces = 0; // spaces held back until something follows them
    bool seenContent = false;
    auto emitSpaces = [&](std::size_t n) {
        for (std::size_t i = 0; i < n; ++i) {
            result.text.append(std::string_view(" "));
            ++result.codePoints;
        }
    };
    while (offset < input.size()) {
        auto decoded = Utf8::decodeNext(input, offset);
        if (!decoded) {
            result.invalidUtf8At = result.codePoints + pendingSpaces;
            result.text.clear();
            result.codePoints = 0;
            return result;
        }
        const char32_t cp = fold(*decoded, options, result.changes);
        if (options.trimSpaces && cp == U' ') {
            if (seenContent) {
                ++pendingSpaces;
            } else {
                result.changes.trimmed = true;
            }
            continue;
        }
        emitSpaces(pendingSpaces);
        pendingSpaces = 0;
        seenContent = true;
        scratch.clear();
        Utf8::append(scratch, cp);
        result.text.append(std::string_view(scratch));
        ++result.codePoints;
    }
    if (pendingSpaces > 0) {
        result.changes.trimmed = true;
    }
    return result;
}

} // namespace madoguchi
