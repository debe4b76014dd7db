// SPDX-License-Identifier: Apache-2.0
#include "rules/TextNormalizer.h"

#include "rules/Utf8.h"

#include <gtest/gtest.h>

#include <string>

using namespace madoguchi;

namespace {
std::string text(const NormalizedText& n) {
    return std::string(n.text.view());
}
} // namespace

TEST(TextNormalizer, FoldsEveryFullWidthAsciiCharacterToHalfWidth) {
    // Build U+FF01..U+FF5E independently from the normaliser and compare with ASCII 0x21..0x7E.
    std::string input;
    std::string expected;
    for (char32_t cp = 0xFF01; cp <= 0xFF5E; ++cp) {
        Utf8::append(input, cp);
        expected.push_back(static_cast<char>(cp - 0xFF01 + 0x21));
    }
    auto n = TextNormalizer::normalize(input, {});
    ASSERT_TRUE(n.valid());
    EXPECT_EQ(text(n), expected);
    EXPECT_TRUE(n.changes.fullWidth);
    EXPECT_TRUE(n.changes.any());
    EXPECT_EQ(n.codePoints, expected.size());
}

TEST(TextNormalizer, ReportsNoChangeForPlainAscii) {
    auto n = TextNormalizer::normalize("abc123", {.lowercase = true, .yenToBackslash = true});
    EXPECT_EQ(text(n), "abc123");
    EXPECT_FALSE(n.changes.any());
}

TEST(TextNormalizer, TurnsIdeographicSpaceIntoSpaceAndTrimsOnlyWhenAsked) {
    auto kept = TextNormalizer::normalize("\u3000ab\u3000cd\u3000", {});
    EXPECT_EQ(text(kept), " ab cd ");
    EXPECT_TRUE(kept.changes.ideographicSpace);
    EXPECT_FALSE(kept.changes.trimmed);

    auto trimmed = TextNormalizer::normalize("\u3000 ab\u3000cd \u3000", {.trimSpaces = true});
    EXPECT_EQ(text(trimmed), "ab cd");
    EXPECT_TRUE(trimmed.changes.trimmed);
    EXPECT_EQ(trimmed.codePoints, 5U);
}

TEST(TextNormalizer, LowercasesOnlyWhenAsked) {
    EXPECT_EQ(text(TextNormalizer::normalize("ＡｂC", {})), "AbC");
    auto lowered = TextNormalizer::normalize("ＡｂC", {.lowercase = true});
    EXPECT_EQ(text(lowered), "abc");
    EXPECT_TRUE(lowered.changes.uppercase);
}

TEST(TextNormalizer, TurnsBothYenSignsIntoBackslashForPasswords) {
    auto pw = TextNormalizer::normalize("a\u00A5b\uFFE5c", {.yenToBackslash = true});
    EXPECT_EQ(text(pw), "a\\b\\c");
    EXPECT_TRUE(pw.changes.yen);
    // Elsewhere the yen sign stays itself, so a rule can name it.
    EXPECT_EQ(text(TextNormalizer::normalize("a\u00A5b", {})), "a\u00A5b");
}

TEST(TextNormalizer, LeavesOtherJapaneseTextAlone) {
    auto n = TextNormalizer::normalize("さくら漢字ｶﾅ", {.lowercase = true});
    EXPECT_EQ(text(n), "さくら漢字ｶﾅ");
    EXPECT_FALSE(n.changes.any());
    EXPECT_EQ(n.codePoints, 7U);
}

TEST(TextNormalizer, RefusesInvalidUtf8AndSaysWhere) {
    struct Case {
        std::string bytes;
        std::size_t at;
    };
    const Case cases[] = {
        {"ab\xFF", 2},           // never valid
        {"\x80", 0},             // lone continuation byte
        {"a\xC0\xAF", 1},        // overlong '/'
        {"\xE3\x81", 0},         // truncated あ
        {"ok\xED\xA0\x80", 2},   // UTF-16 surrogate D800
        {"\xF4\x90\x80\x80", 0}, // above U+10FFFF
        {"\xE3\x81\x82\xE3", 1}, // あ then truncated
        {std::string("a\0b\xC3", 4), 3},
    };
    for (const auto& c : cases) {
        auto n = TextNormalizer::normalize(c.bytes, {});
        EXPECT_FALSE(n.valid());
        ASSERT_TRUE(n.invalidUtf8At.has_value());
        EXPECT_EQ(*n.invalidUtf8At, c.at);
        EXPECT_TRUE(n.text.empty());
    }
}

TEST(TextNormalizer, AcceptsFourByteCharacters) {
    auto n = TextNormalizer::normalize("\U0001F600x", {});
    ASSERT_TRUE(n.valid());
    EXPECT_EQ(n.codePoints, 2U);
    EXPECT_EQ(text(n), "\U0001F600x");
}
