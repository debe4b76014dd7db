// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/SecureBuffer.h"

#include <cstddef>
#include <optional>
#include <string_view>

namespace madoguchi {

// What a field asks the normaliser to do beyond the full-width fold every field gets.
struct NormalizeOptions {
    bool lowercase = false;      // A-Z -> a-z (user IDs)
    bool yenToBackslash = false; // U+00A5 / U+FFE5 -> '\' (passwords: the JIS keyboard's key)
    bool trimSpaces = false;     // drop leading and trailing spaces (after the fold)
};

// Which normalisations changed the input, so the screen can tell the member and show the
// value that will be used.
struct NormalizationChanges {
    bool fullWidth = false;        // U+FF01..U+FF5E became ASCII
    bool ideographicSpace = false; // U+3000 became a space
    bool uppercase = false;        // letters were lowercased
    bool yen = false;              // a yen sign became a backslash
    bool trimmed = false;          // spaces were removed at either end
    bool any() const { return fullWidth || ideographicSpace || uppercase || yen || trimmed; }
};

struct NormalizedText {
    SecureBuffer text; // the normalised UTF-8; empty when the input was not valid UTF-8
    NormalizationChanges changes;
    std::size_t codePoints = 0;
    // Set when the input is not valid UTF-8: the number of code points decoded before the
    // fault. Such input is refused, never partially used.
    std::optional<std::size_t> invalidUtf8At;
    bool valid() const { return !invalidUtf8At.has_value(); }
};

// Folds what a Japanese IME typically produces into what the rules expect. Every mapping is
// one code point to one code point (trimming aside), so positions in the normalised text
// match the member's input after any leading spaces.
class TextNormalizer {
public:
    // The output is a SecureBuffer because the input may be a secret; callers with public
    // text copy it out.
    static NormalizedText normalize(std::string_view input, const NormalizeOptions& options);
    // The fold of a single code point; records what changed in `changes`.
    static char32_t fold(char32_t cp, const NormalizeOptions& options,
                         NormalizationChanges& changes);
};

} // namespace madoguchi
