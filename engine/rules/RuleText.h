// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "rules/PolicyResult.h"
#include "rules/Refusal.h"
#include "rules/Utf8.h"

#include <cstddef>
#include <optional>
#include <string_view>

// Small pieces the policies share. Internal to engine/rules.
namespace madoguchi::rule_text {

// The first code point of `text` that `allowed` rejects, as a refusal (a space gets its own
// reason). `text` must be valid UTF-8 (it comes out of TextNormalizer).
template <class Pred>
std::optional<Refusal> firstDisallowed(std::string_view text, Pred allowed) {
    std::size_t offset = 0;
    std::size_t index = 0;
    while (offset < text.size()) {
        auto cp = Utf8::decodeNext(text, offset);
        if (!cp) {
            return Refusal{RefusalReason::InvalidUtf8, RuleId::AllowedCharacters, {}, index, 0};
        }
        if (!allowed(*cp)) {
            if (*cp == U' ') {
                return Refusal{RefusalReason::SpaceNotAllowed, RuleId::AllowedCharacters, " ",
                               index, 0};
            }
            return Refusal{RefusalReason::CharacterNotAllowed, RuleId::AllowedCharacters,
                           Utf8::encode(*cp), index, 0};
        }
        ++index;
    }
    return std::nullopt;
}

// The refusal for a length outside [minimum, maximum] code points, if any.
inline std::optional<Refusal> lengthRefusal(std::size_t length, std::size_t minimum,
                                            std::size_t maximum) {
    if (length == 0) {
        return Refusal{RefusalReason::Empty, RuleId::Length, {}, 0, static_cast<int>(minimum)};
    }
    if (length < minimum) {
        return Refusal{RefusalReason::TooShort, RuleId::Length, {}, 0, static_cast<int>(minimum)};
    }
    if (length > maximum) {
        return Refusal{RefusalReason::TooLong, RuleId::Length, {}, 0, static_cast<int>(maximum)};
    }
    return std::nullopt;
}

// Records every rule in `ids` as failed; the first becomes the refusal unless one exists.
template <class Ids>
void failAll(RuleReport& report, const Ids& ids, const Refusal& why) {
    for (RuleId id : ids) {
        report.fail(id, why);
    }
}

// Records `ids` as failed with an InvalidUtf8 refusal at `position`.
template <class Ids>
void failInvalidUtf8(RuleReport& report, const Ids& ids, std::size_t position) {
    failAll(report, ids,
            Refusal{RefusalReason::InvalidUtf8, RuleId::AllowedCharacters, {}, position, 0});
}

inline bool isAsciiDigit(char32_t cp) {
    return cp >= U'0' && cp <= U'9';
}
inline bool isAsciiLower(char32_t cp) {
    return cp >= U'a' && cp <= U'z';
}
inline bool isAsciiUpper(char32_t cp) {
    return cp >= U'A' && cp <= U'Z';
}
// Printable ASCII without the space.
inline bool isAsciiGraphic(char32_t cp) {
    return cp >= 0x21 && cp <= 0x7E;
}

inline void recordNormalization(RuleReport& report, const NormalizedText& norm) {
    report.changes = norm.changes;
    report.changedByNormalization = norm.changes.any();
    report.length = norm.codePoints;
}

} // namespace madoguchi::rule_text
