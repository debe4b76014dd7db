// SPDX-License-Identifier: Apache-2.0
// The name a member gives a sign-in method: trimmed, not empty, at most 32 characters
// (counted as characters, so 32 kanji fit), no colon in the authenticator app's label.
#include "rules/DeviceName.h"

#include <gtest/gtest.h>

#include <string>

namespace madoguchi {
namespace {

using Problem = DeviceName::Problem;
using Use = DeviceName::Use;

std::string repeat(const std::string& piece, int times) {
    std::string out;
    for (int i = 0; i < times; ++i) {
        out += piece;
    }
    return out;
}

TEST(DeviceName, KeepsTheSuggestedNameAndTrimsSpacesIncludingIdeographic) {
    auto checked = DeviceName::check("ITC健保", Use::OtpApp);
    EXPECT_TRUE(checked.ok());
    EXPECT_EQ(checked.name, "ITC健保");
    checked = DeviceName::check("\xE3\x80\x80 私のキー \xE3\x80\x80", Use::SecurityKey);
    EXPECT_TRUE(checked.ok());
    EXPECT_EQ(checked.name, "私のキー");
}

TEST(DeviceName, RefusesAnEmptyOrBlankName) {
    EXPECT_EQ(DeviceName::check("", Use::SecurityKey).problem, Problem::Empty);
    EXPECT_EQ(DeviceName::check("  \xE3\x80\x80 ", Use::OtpApp).problem, Problem::Empty);
}

TEST(DeviceName, CountsCharactersNotBytesUpToThirtyTwo) {
    EXPECT_TRUE(DeviceName::check(repeat("健", 32), Use::SecurityKey).ok());
    EXPECT_EQ(DeviceName::check(repeat("健", 33), Use::SecurityKey).problem, Problem::TooLong);
    EXPECT_TRUE(DeviceName::check(repeat("a", 32), Use::OtpApp).ok());
    EXPECT_EQ(DeviceName::check(repeat("a", 33), Use::OtpApp).problem, Problem::TooLong);
    // Spaces at the ends do not count.
    EXPECT_TRUE(DeviceName::check(" " + repeat("a", 32) + " ", Use::OtpApp).ok());
}

TEST(DeviceName, AColonOnlyBreaksTheAuthenticatorAppsLabel) {
    EXPECT_EQ(DeviceName::check("phone:1", Use::OtpApp).problem, Problem::Colon);
    EXPECT_TRUE(DeviceName::check("key:1", Use::SecurityKey).ok());
}

TEST(DeviceName, RefusesBytesThatAreNotText) {
    EXPECT_EQ(DeviceName::check("ab\xFF", Use::SecurityKey).problem, Problem::NotText);
}

} // namespace
} // namespace madoguchi
