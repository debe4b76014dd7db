// SPDX-License-Identifier: Apache-2.0
#include "crypto/Base64.h"

#include <gtest/gtest.h>
#include <openssl/rand.h>

#include <string>
#include <vector>

using madoguchi::crypto::Base64;

namespace {
std::string asText(const std::vector<std::uint8_t>& bytes) {
    return {bytes.begin(), bytes.end()};
}
} // namespace

TEST(Base64, EncodesRfc4648Vectors) {
    EXPECT_EQ(Base64::encode(std::string_view("")), "");
    EXPECT_EQ(Base64::encode(std::string_view("f")), "Zg==");
    EXPECT_EQ(Base64::encode(std::string_view("fo")), "Zm8=");
    EXPECT_EQ(Base64::encode(std::string_view("foo")), "Zm9v");
    EXPECT_EQ(Base64::encode(std::string_view("foob")), "Zm9vYg==");
    EXPECT_EQ(Base64::encode(std::string_view("fooba")), "Zm9vYmE=");
    EXPECT_EQ(Base64::encode(std::string_view("foobar")), "Zm9vYmFy");
}

TEST(Base64, DecodesRfc4648Vectors) {
    EXPECT_EQ(asText(Base64::decode("Zg==").value()), "f");
    EXPECT_EQ(asText(Base64::decode("Zm8=").value()), "fo");
    EXPECT_EQ(asText(Base64::decode("Zm9vYmFy").value()), "foobar");
    EXPECT_TRUE(Base64::decode("").value().empty());
}

TEST(Base64, UrlAlphabetUsesDashAndUnderscoreWithoutPadding) {
    const std::vector<std::uint8_t> bytes{0xfb, 0xff, 0xfe};
    EXPECT_EQ(Base64::encode(bytes), "+//+");
    EXPECT_EQ(Base64::encodeUrl(bytes), "-__-");
    EXPECT_EQ(Base64::encodeUrl(std::vector<std::uint8_t>{0x66}), "Zg");
    EXPECT_EQ(Base64::decodeUrl("-__-").value(), bytes);
    EXPECT_FALSE(Base64::decodeUrl("+//+").ok());
    EXPECT_FALSE(Base64::decodeUrl("Zg==").ok());
}

TEST(Base64, RoundTripsEveryLengthUpTo100) {
    for (std::size_t n = 0; n <= 100; ++n) {
        std::vector<std::uint8_t> bytes(n);
        ASSERT_EQ(RAND_bytes(bytes.data(), static_cast<int>(n)), 1);
        EXPECT_EQ(Base64::decode(Base64::encode(bytes)).value(), bytes) << n;
        EXPECT_EQ(Base64::decodeUrl(Base64::encodeUrl(bytes)).value(), bytes) << n;
    }
}

TEST(Base64, RefusesMalformedInput) {
    EXPECT_FALSE(Base64::decode("Zg=").ok());        // length
    EXPECT_FALSE(Base64::decode("Zg").ok());         // padding missing
    EXPECT_FALSE(Base64::decode("Z===").ok());       // too much padding
    EXPECT_FALSE(Base64::decode("Zm=v").ok());       // padding in the middle
    EXPECT_FALSE(Base64::decode("Zm9v\nYmFy").ok()); // whitespace
    EXPECT_FALSE(Base64::decode("Zh==").ok());       // non-zero trailing bits
    EXPECT_FALSE(Base64::decode("Zm9-").ok());       // URL alphabet in standard
    EXPECT_FALSE(Base64::decodeUrl("Z").ok());       // impossible length
    EXPECT_FALSE(Base64::decodeUrl("Zh").ok());      // non-zero trailing bits
}
