// SPDX-License-Identifier: Apache-2.0
#include "otp/Base32.h"

#include <gtest/gtest.h>
#include <openssl/rand.h>

#include <string>
#include <vector>

using madoguchi::Base32;
using madoguchi::ErrorCode;
using madoguchi::SecureBuffer;

namespace {

std::span<const std::uint8_t> bytesOf(std::string_view text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

struct Rfc4648Vector {
    const char* plain;
    const char* encodedWithoutPadding;
};

// RFC 4648 section 10, with the '=' padding removed.
const Rfc4648Vector kRfc4648Vectors[] = {
    {"", ""},
    {"f", "MY"},
    {"fo", "MZXQ"},
    {"foo", "MZXW6"},
    {"foob", "MZXW6YQ"},
    {"fooba", "MZXW6YTB"},
    {"foobar", "MZXW6YTBOI"},
};

} // namespace

TEST(Base32, EncodesRfc4648VectorsWithoutPadding) {
    for (const auto& v : kRfc4648Vectors) {
        EXPECT_EQ(Base32::encode(bytesOf(v.plain)).view(), v.encodedWithoutPadding) << v.plain;
    }
}

TEST(Base32, DecodesRfc4648VectorsWithAndWithoutPadding) {
    const char* padded[] = {
        "", "MY======", "MZXQ====", "MZXW6===", "MZXW6YQ=", "MZXW6YTB", "MZXW6YTBOI======"};
    for (std::size_t i = 0; i < std::size(kRfc4648Vectors); ++i) {
        const auto& v = kRfc4648Vectors[i];
        auto bare = Base32::decode(v.encodedWithoutPadding);
        ASSERT_TRUE(bare.ok()) << v.encodedWithoutPadding;
        EXPECT_EQ(bare->view(), v.plain);
        auto withPadding = Base32::decode(padded[i]);
        ASSERT_TRUE(withPadding.ok()) << padded[i];
        EXPECT_EQ(withPadding->view(), v.plain);
    }
}

TEST(Base32, DecodingToleratesLowerCaseAndSpaces) {
    auto decoded = Base32::decode("mzxw 6ytb oi");
    ASSERT_TRUE(decoded.ok());
    EXPECT_EQ(decoded->view(), "foobar");
    auto mixed = Base32::decode("  MzXw6YtBoI====  ");
    ASSERT_TRUE(mixed.ok());
    EXPECT_EQ(mixed->view(), "foobar");
}

TEST(Base32, RoundTripsRandomBytesOfEveryTailLength) {
    for (std::size_t length = 0; length <= 70; ++length) {
        std::vector<std::uint8_t> bytes(length);
        ASSERT_EQ(RAND_bytes(bytes.data(), static_cast<int>(length)), 1);
        SecureBuffer encoded = Base32::encode(bytes);
        EXPECT_EQ(encoded.view().find('='), std::string_view::npos);
        EXPECT_EQ(encoded.size(), (length * 8 + 4) / 5) << length;
        auto decoded = Base32::decode(encoded.view());
        ASSERT_TRUE(decoded.ok()) << length;
        EXPECT_TRUE(decoded->equals(bytes)) << length;
    }
}

TEST(Base32, RefusesCharactersOutsideTheAlphabet) {
    for (const char* bad :
         {"MZXW0YTB", "MZXW1YTB", "MZXW8YTB", "MZXW-YTB", "MZXW6YT\xC3\xA9", "MZ.XW6YTB"}) {
        auto decoded = Base32::decode(bad);
        ASSERT_FALSE(decoded.ok()) << bad;
        EXPECT_EQ(decoded.code(), ErrorCode::Base32Invalid) << bad;
    }
}

TEST(Base32, RefusesDataAfterPadding) {
    auto decoded = Base32::decode("MY======MY");
    ASSERT_FALSE(decoded.ok());
    EXPECT_EQ(decoded.code(), ErrorCode::Base32Invalid);
}

TEST(Base32, RefusesLengthsNoEncoderProduces) {
    for (const char* bad : {"M", "MZX", "MZXW6Y", "MZXW6YTBO"}) {
        auto decoded = Base32::decode(bad);
        ASSERT_FALSE(decoded.ok()) << bad;
        EXPECT_EQ(decoded.code(), ErrorCode::Base32Invalid) << bad;
    }
}

TEST(Base32, ErrorDetailGivesPositionNotTheSecret) {
    auto decoded = Base32::decode("SECRETKEY1");
    ASSERT_FALSE(decoded.ok());
    EXPECT_EQ(decoded.error().detail.find("SECRET"), std::string::npos);
    EXPECT_NE(decoded.error().detail.find('9'), std::string::npos); // offset of the '1'
}
