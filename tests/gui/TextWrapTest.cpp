// SPDX-License-Identifier: Apache-2.0
// Line breaking (gui/TextWrap): Japanese breaks between phrases, never inside a word
// (issue 12 saw 「できま/す」「くださ/い」「ス/マートフォン」); English at spaces. Measured in
// characters, so no display is needed.
#include "TextWrap.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace madoguchi::gui {
namespace {

// One unit per character: a full-width and a Latin character alike.
int characters(const wxString& text) {
    return static_cast<int>(text.length());
}

std::string wrapped(const std::string& text, int width) {
    return TextWrap::wrap(wxString::FromUTF8(text), width, characters).utf8_string();
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (std::size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1) {
        out.push_back(text.substr(start, end - start));
    }
    out.push_back(text.substr(start));
    return out;
}

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

TEST(TextWrap, NeverBreaksInsideAJapaneseWordAtAnyWidth) {
    const std::string lead =
        "IDやパスワードを忘れたときの連絡にだけ使います。Gmail、Yahoo "
        "などの個人のアドレスでもかまいません。あとから変更もできます。"
        "いつでも係員にお声がけください。スマートフォンのアプリで読み取ってください。";
    const std::vector<std::string> words{"できます。",   "ください。",     "スマートフォンの",
                                         "パスワードを", "かまいません。", "お声がけ",
                                         "使います。",   "Yahoo",          "Gmail、"};
    // From 14 characters, the longest phrase here (アドレスでもかまいません。, 13) fits a line.
    for (int width = 14; width <= 60; ++width) {
        const std::string text = wrapped(lead, width);
        for (const auto& word : words) {
            EXPECT_TRUE(has(text, word)) << "width " << width << ": " << word << " split in\n"
                                         << text;
        }
        for (const auto& line : lines(text)) {
            EXPECT_LE(wxString::FromUTF8(line).length(), static_cast<std::size_t>(width))
                << "width " << width << ":\n"
                << text;
        }
    }
}

TEST(TextWrap, BreaksWhereAPhraseEndsAndKeepsParticlesWithTheirWord) {
    // The email screen's lead at the width that split 「できま/す」.
    EXPECT_EQ(wrapped("あとから変更もできます。", 10), "あとから\n変更もできます。");
    // A particle never starts a line, nor 」 or 。.
    const std::string quoted = wrapped("「登録する」を押すと、登録内容を保存します。", 8);
    EXPECT_TRUE(has(quoted, "「登録する」を")) << quoted;
    EXPECT_EQ(lines(quoted).front(), "「登録する」を") << quoted;
    // A count stays with the words before it (the staff PIN's tries left).
    EXPECT_EQ(wrapped("係員用PINが正しくありません。あと4回入力できます。", 16),
              "係員用PINが正しくありません。\nあと4回入力できます。");
}

TEST(TextWrap, APhraseWiderThanTheLineBreaksBetweenItsCharacters) {
    const std::string text = wrapped("ワンタイムパスワードアプリケーション", 8);
    for (const auto& line : lines(text)) {
        EXPECT_LE(wxString::FromUTF8(line).length(), 8U) << text;
    }
    EXPECT_GT(lines(text).size(), 2U) << text;
}

TEST(TextWrap, EnglishBreaksAtSpacesOnly) {
    EXPECT_EQ(wrapped("Press Register to save your registration.", 16),
              "Press Register\nto save your\nregistration.");
    // A word longer than the line stays whole.
    EXPECT_EQ(wrapped("https://portal.example.jp/login now", 10),
              "https://portal.example.jp/login\nnow");
}

} // namespace
} // namespace madoguchi::gui
