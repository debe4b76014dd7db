// SPDX-License-Identifier: Apache-2.0
#include "otp/OtpSecret.h"

#include "otp/Base32.h"

#include <gtest/gtest.h>

#include <type_traits>
#include <vector>

using madoguchi::ErrorCode;
using madoguchi::OtpSecret;
using madoguchi::SecureBuffer;

TEST(OtpSecret, IsMoveOnly) {
    static_assert(!std::is_copy_constructible_v<OtpSecret>);
    static_assert(!std::is_copy_assignable_v<OtpSecret>);
    static_assert(std::is_nothrow_move_constructible_v<OtpSecret>);
    SUCCEED();
}

TEST(OtpSecret, GeneratesOneHundredSixtyFreshBits) {
    auto a = OtpSecret::generate();
    auto b = OtpSecret::generate();
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(a->size(), 20U);
    EXPECT_EQ(b->size(), 20U);
    EXPECT_FALSE(std::equal(a->bytes().begin(), a->bytes().end(), b->bytes().begin()));
}

TEST(OtpSecret, Base32FormIs32CharactersWithoutPaddingAndRoundTrips) {
    auto secret = OtpSecret::generate();
    ASSERT_TRUE(secret.ok());
    SecureBuffer text = secret->toBase32();
    EXPECT_EQ(text.size(), 32U);
    EXPECT_EQ(text.view().find('='), std::string_view::npos);
    auto back = OtpSecret::fromBase32(text.view());
    ASSERT_TRUE(back.ok());
    EXPECT_TRUE(std::equal(back->bytes().begin(), back->bytes().end(), secret->bytes().begin(),
                           secret->bytes().end()));
}

TEST(OtpSecret, RefusesKeysShorterThan128Bits) {
    std::vector<std::uint8_t> fifteen(15, 0x42);
    auto shortKey = OtpSecret::fromBytes(fifteen);
    ASSERT_FALSE(shortKey.ok());
    EXPECT_EQ(shortKey.code(), ErrorCode::OtpSecretInvalid);
    std::vector<std::uint8_t> sixteen(16, 0x42);
    EXPECT_TRUE(OtpSecret::fromBytes(sixteen).ok());
    auto tooShortText = OtpSecret::fromBase32("MZXW6YTBOI");
    ASSERT_FALSE(tooShortText.ok());
    EXPECT_EQ(tooShortText.code(), ErrorCode::OtpSecretInvalid);
}

TEST(OtpSecret, ReportsBadBase32AsBase32Invalid) {
    auto secret = OtpSecret::fromBase32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJ1");
    ASSERT_FALSE(secret.ok());
    EXPECT_EQ(secret.code(), ErrorCode::Base32Invalid);
}

TEST(OtpSecret, MovedFromSecretIsEmpty) {
    auto secret = OtpSecret::generate();
    ASSERT_TRUE(secret.ok());
    OtpSecret moved = std::move(secret).value();
    EXPECT_EQ(moved.size(), 20U);
    EXPECT_EQ(secret->size(), 0U); // NOLINT(bugprone-use-after-move): checking the wipe
}
