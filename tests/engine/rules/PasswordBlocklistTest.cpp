// SPDX-License-Identifier: Apache-2.0
#include "rules/PasswordBlocklist.h"

#include "rules/PasswordPolicy.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <string>

using namespace madoguchi;

namespace {
std::filesystem::path shippedList() {
    return std::filesystem::path(MADOGUCHI_SOURCE_DIR) / "assets" /
           std::string(PasswordBlocklist::kDefaultRelativePath);
}
} // namespace

TEST(PasswordBlocklist, ShippedListLoadsWithAtLeastTenThousandEntries) {
    auto list = PasswordBlocklist::loadFromFile(shippedList());
    ASSERT_TRUE(list.ok()) << list.error().detail;
    EXPECT_GE(list->size(), 10000U);
}

TEST(PasswordBlocklist, ShippedListCatchesWellKnownPasswordsInAnyCase) {
    auto list = PasswordBlocklist::loadFromFile(shippedList());
    ASSERT_TRUE(list.ok());
    for (const char* pw : {"password1", "qwertyuiop", "PASSWORD1", "QwertyUiop", "sakura123",
                           "12345678", "1qaz2wsx", "iloveyou"}) {
        EXPECT_TRUE(list->contains(pw)) << pw;
    }
    for (const char* pw : {"x7#Tq9!zLm2@", "correct-horse-battery-staple-ok", ""}) {
        EXPECT_FALSE(list->contains(pw)) << pw;
    }
}

TEST(PasswordBlocklist, EveryShippedEntryIsOneThePasswordRulesWouldOtherwiseAccept) {
    // The list only earns its place if each entry is refused *because* it is common.
    auto list = PasswordBlocklist::loadFromFile(shippedList());
    ASSERT_TRUE(list.ok());
    PasswordPolicy policy(*list);
    std::ifstream in(shippedList());
    std::string line;
    std::size_t checked = 0;
    while (std::getline(in, line)) {
        auto pw = SecureBuffer::fromText(line);
        auto result = policy.check(pw, pw, {});
        ASSERT_TRUE(result.passed(RuleId::AllowedCharacters)) << line;
        ASSERT_TRUE(result.passed(RuleId::Length)) << line;
        ASSERT_FALSE(result.passed(RuleId::NotCommon)) << line;
        ++checked;
    }
    EXPECT_EQ(checked, list->size()); // the file is already lowercased and deduplicated
}

TEST(PasswordBlocklist, BuildScriptUsesThePolicysSymbols) {
    // build-blocklist.py keeps entries made of the policy's symbols; if the two sets drift,
    // the list gains entries the policy refuses anyway or misses ones it would accept.
    std::ifstream in(std::filesystem::path(MADOGUCHI_SOURCE_DIR) / "assets" / "blocklist" /
                     "build-blocklist.py");
    ASSERT_TRUE(in) << "build-blocklist.py not found";
    const std::string prefix = "SYMBOLS = set(\"";
    const std::string suffix = "\")";
    std::string line;
    std::optional<std::string> literal;
    while (std::getline(in, line)) {
        if (line.starts_with(prefix) && line.ends_with(suffix)) {
            literal = line.substr(prefix.size(), line.size() - prefix.size() - suffix.size());
        }
    }
    ASSERT_TRUE(literal) << "no SYMBOLS = set(\"...\") line";
    std::string symbols; // the Python literal unescaped: only \\ and \" occur in it
    for (std::size_t i = 0; i < literal->size(); ++i) {
        if ((*literal)[i] == '\\' && i + 1 < literal->size()) {
            ++i;
        }
        symbols.push_back((*literal)[i]);
    }
    std::set<char> script(symbols.begin(), symbols.end());
    std::set<char> policy(kManualPasswordSymbols.begin(), kManualPasswordSymbols.end());
    EXPECT_EQ(script, policy) << "script: " << symbols << "  policy: " << kManualPasswordSymbols;
}

TEST(PasswordBlocklist, MissingFileIsNotFound) {
    auto list = PasswordBlocklist::loadFromFile("/nonexistent/madoguchi/blocklist.txt");
    ASSERT_FALSE(list.ok());
    EXPECT_EQ(list.code(), ErrorCode::NotFound);
}

TEST(PasswordBlocklist, LoadSkipsCommentsBlankLinesAndCarriageReturnsAndDeduplicates) {
    const auto path = std::filesystem::path(MADOGUCHI_BINARY_DIR) / "rules-blocklist-test.txt";
    {
        std::ofstream out(path, std::ios::binary);
        out << "# comment\r\n\r\nAlphaBeta\r\nalphabeta\ngamma123\n";
    }
    auto list = PasswordBlocklist::loadFromFile(path);
    std::filesystem::remove(path);
    ASSERT_TRUE(list.ok());
    EXPECT_EQ(list->size(), 2U);
    EXPECT_TRUE(list->contains("ALPHABETA"));
    EXPECT_TRUE(list->contains("gamma123"));
    EXPECT_FALSE(list->contains("# comment"));
    EXPECT_FALSE(list->contains("gamma12"));
}

TEST(PasswordBlocklist, EmptyListRefusesNothing) {
    PasswordBlocklist empty;
    EXPECT_EQ(empty.size(), 0U);
    EXPECT_FALSE(empty.contains("password1"));
}
