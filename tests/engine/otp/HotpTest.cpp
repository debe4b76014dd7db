// SPDX-License-Identifier: Apache-2.0
#include "otp/Hotp.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>

using madoguchi::ErrorCode;
using madoguchi::Hotp;
using madoguchi::OtpAlgorithm;

namespace {

std::span<const std::uint8_t> bytesOf(std::string_view text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

constexpr std::string_view kRfc4226Secret = "12345678901234567890";

std::string toHex(std::span<const std::uint8_t> bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string hex;
    for (std::uint8_t b : bytes) {
        hex.push_back(kDigits[b >> 4U]);
        hex.push_back(kDigits[b & 0x0FU]);
    }
    return hex;
}

} // namespace

TEST(Hotp, PassesEveryRfc4226AppendixDVector) {
    const char* expected[] = {"755224", "287082", "359152", "969429", "338314",
                              "254676", "287922", "162583", "399871", "520489"};
    for (std::uint64_t count = 0; count < std::size(expected); ++count) {
        auto code = Hotp::generate(bytesOf(kRfc4226Secret), count);
        ASSERT_TRUE(code.ok()) << count;
        EXPECT_EQ(code->view(), expected[count]) << "count " << count;
    }
}

TEST(Hotp, IntermediateValuesMatchRfc4226AppendixD) {
    // Appendix D lists, per count, the HMAC-SHA-1 value and the truncated value (hex and
    // decimal); the final code is the decimal mod 10^6.
    struct Row {
        const char* hmacHex;
        std::uint32_t truncatedHex;
        std::uint32_t truncatedDecimal;
    };
    const Row rows[] = {
        {"cc93cf18508d94934c64b65d8ba7667fb7cde4b0", 0x4c93cf18, 1284755224},
        {"75a48a19d4cbe100644e8ac1397eea747a2d33ab", 0x41397eea, 1094287082},
        {"0bacb7fa082fef30782211938bc1c5e70416ff44", 0x082fef30, 137359152},
        {"66c28227d03a2d5529262ff016a1e6ef76557ece", 0x66ef7655, 1726969429},
        {"a904c900a64b35909874b33e61c5938a8e15ed1c", 0x61c5938a, 1640338314},
        {"a37e783d7b7233c083d4f62926c7a25f238d0316", 0x33c083d4, 868254676},
        {"bc9cd28561042c83f219324d3c607256c03272ae", 0x7256c032, 1918287922},
        {"a4fb960c0bc06e1eabb804e5b397cdc4b45596fa", 0x04e5b397, 82162583},
        {"1b3c89f65e6c9e883012052823443f048b4332db", 0x2823443f, 673399871},
        {"1637409809a679dc698207310c8c7fc07290d9e5", 0x2679dc69, 645520489},
    };
    for (std::uint64_t count = 0; count < std::size(rows); ++count) {
        const Row& row = rows[count];
        EXPECT_EQ(row.truncatedHex, row.truncatedDecimal) << "table typo at count " << count;
        auto mac = Hotp::hmac(bytesOf(kRfc4226Secret), count);
        ASSERT_TRUE(mac.ok()) << count;
        EXPECT_EQ(toHex(mac->bytes()), row.hmacHex) << "count " << count;
        auto truncated = Hotp::truncate(mac->bytes());
        ASSERT_TRUE(truncated.ok()) << count;
        EXPECT_EQ(*truncated, row.truncatedDecimal) << "count " << count;
        auto code = Hotp::generate(bytesOf(kRfc4226Secret), count);
        ASSERT_TRUE(code.ok()) << count;
        EXPECT_EQ(code->view(),
                  (std::to_string(row.truncatedDecimal % 1000000U + 1000000U)).substr(1))
            << "count " << count;
    }
}

TEST(Hotp, TruncateRefusesAnHmacShorterThanSha1s) {
    const std::uint8_t shortMac[19] = {};
    auto truncated = Hotp::truncate(shortMac);
    ASSERT_FALSE(truncated.ok());
    EXPECT_EQ(truncated.code(), ErrorCode::InvalidArgument);
}

TEST(Hotp, HmacLengthFollowsTheAlgorithm) {
    for (auto [algorithm, length] :
         {std::pair{OtpAlgorithm::Sha1, 20U}, std::pair{OtpAlgorithm::Sha256, 32U},
          std::pair{OtpAlgorithm::Sha512, 64U}}) {
        auto mac = Hotp::hmac(bytesOf(kRfc4226Secret), 0, algorithm);
        ASSERT_TRUE(mac.ok());
        EXPECT_EQ(mac->size(), length);
    }
    EXPECT_EQ(Hotp::hmac({}, 0).code(), ErrorCode::InvalidArgument);
}

TEST(Hotp, LongerCodesExtendTheSameTruncatedValue) {
    // RFC 4226 Appendix D gives the truncated decimal for count 0 as 1284755224.
    auto seven = Hotp::generate(bytesOf(kRfc4226Secret), 0, 7);
    auto eight = Hotp::generate(bytesOf(kRfc4226Secret), 0, 8);
    ASSERT_TRUE(seven.ok());
    ASSERT_TRUE(eight.ok());
    EXPECT_EQ(seven->view(), "4755224");
    EXPECT_EQ(eight->view(), "84755224");
}

TEST(Hotp, RefusesDigitsOutsideSixToEight) {
    for (int digits : {0, 5, 9, 10}) {
        auto code = Hotp::generate(bytesOf(kRfc4226Secret), 0, digits);
        ASSERT_FALSE(code.ok()) << digits;
        EXPECT_EQ(code.code(), ErrorCode::InvalidArgument);
    }
}

TEST(Hotp, RefusesAnEmptyKey) {
    auto code = Hotp::generate({}, 0);
    ASSERT_FALSE(code.ok());
    EXPECT_EQ(code.code(), ErrorCode::InvalidArgument);
}

TEST(Hotp, AlgorithmChangesTheCode) {
    auto sha1 = Hotp::generate(bytesOf(kRfc4226Secret), 1, 8, OtpAlgorithm::Sha1);
    auto sha256 = Hotp::generate(bytesOf(kRfc4226Secret), 1, 8, OtpAlgorithm::Sha256);
    auto sha512 = Hotp::generate(bytesOf(kRfc4226Secret), 1, 8, OtpAlgorithm::Sha512);
    ASSERT_TRUE(sha1.ok() && sha256.ok() && sha512.ok());
    EXPECT_NE(sha1->view(), sha256->view());
    EXPECT_NE(sha256->view(), sha512->view());
}
