// SPDX-License-Identifier: Apache-2.0
#include "otp/Hotp.h"

#include <gtest/gtest.h>

#include <string>

using madoguchi::ErrorCode;
using madoguchi::Hotp;
using madoguchi::OtpAlgorithm;

namespace {

std::span<const std::uint8_t> bytesOf(std::string_view text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

constexpr std::string_view kRfc4226Secret = "12345678901234567890";

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
