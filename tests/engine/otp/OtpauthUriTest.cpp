// SPDX-License-Identifier: Apache-2.0
#include "otp/OtpauthUri.h"

#include "CommandOutput.h"
#include "otp/Totp.h"

#include <gtest/gtest.h>

#include <string>

using madoguchi::ErrorCode;
using madoguchi::OtpAlgorithm;
using madoguchi::OtpauthUri;
using madoguchi::OtpSecret;
using madoguchi::TotpParams;
using madoguchi::testing::commandOutput;
using madoguchi::testing::kPython;

namespace {

constexpr std::string_view kRfcSecretBase32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

OtpSecret rfcSecret() {
    auto secret = OtpSecret::fromBase32(kRfcSecretBase32);
    EXPECT_TRUE(secret.ok());
    return std::move(secret).value();
}

} // namespace

TEST(OtpauthUri, PercentEncodesAJapaneseIssuerByteByByte) {
    auto uri = OtpauthUri::build(rfcSecret(), "ITC健保", "taro.yamada@example.jp");
    ASSERT_TRUE(uri.ok());
    // 健 = U+5065 = E5 81 A5, 保 = U+4FDD = E4 BF 9D; '@' is reserved, '.' unreserved.
    EXPECT_EQ(uri->view(), "otpauth://totp/ITC%E5%81%A5%E4%BF%9D:taro.yamada%40example.jp"
                           "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ITC%E5%81%A5%E4%BF%9D"
                           "&algorithm=SHA1&digits=6&period=30");
}

TEST(OtpauthUri, LeavesOnlyUnreservedCharactersAlone) {
    EXPECT_EQ(OtpauthUri::percentEncode("AZaz09-._~"), "AZaz09-._~");
    EXPECT_EQ(OtpauthUri::percentEncode(" +/?&=#%"), "%20%2B%2F%3F%26%3D%23%25");
}

TEST(OtpauthUri, MatchesPyotpsProvisioningUri) {
    auto secret = OtpSecret::generate();
    ASSERT_TRUE(secret.ok());
    auto uri = OtpauthUri::build(*secret, "ITC健保", "taro");
    ASSERT_TRUE(uri.ok());
    std::string command = std::string(kPython) + " -c 'import pyotp; print(pyotp.TOTP(\"" +
                          std::string(secret->toBase32().view()) +
                          "\").provisioning_uri(name=\"taro\", issuer_name=\"ITC健保\"))'";
    auto theirs = commandOutput(command);
    ASSERT_TRUE(theirs.has_value());
    // pyotp leaves out the default algorithm, digits and period; we state them explicitly.
    EXPECT_EQ(uri->view(), *theirs + "&algorithm=SHA1&digits=6&period=30");
}

TEST(OtpauthUri, PyotpReadsOurUriToTheSameCode) {
    auto secret = OtpSecret::generate();
    ASSERT_TRUE(secret.ok());
    TotpParams params;
    params.algorithm = OtpAlgorithm::Sha256;
    params.digits = 8;
    params.period = std::chrono::seconds{60};
    auto uri = OtpauthUri::build(*secret, "ITC健保", "taro", params);
    ASSERT_TRUE(uri.ok());
    constexpr std::int64_t kTime = 1234567890;
    auto ours = madoguchi::Totp::generate(
        secret->bytes(), std::chrono::sys_seconds{std::chrono::seconds{kTime}}, params);
    ASSERT_TRUE(ours.ok());
    std::string command = std::string(kPython) + " -c 'import pyotp; u = pyotp.parse_uri(\"" +
                          std::string(uri->view()) + "\"); print(u.issuer, u.at(" +
                          std::to_string(kTime) + "))'";
    auto theirs = commandOutput(command);
    ASSERT_TRUE(theirs.has_value());
    EXPECT_EQ(*theirs, "ITC健保 " + std::string(ours->view()));
}

TEST(OtpauthUri, RoundTripsThroughTheParser) {
    auto secret = OtpSecret::generate();
    ASSERT_TRUE(secret.ok());
    TotpParams params;
    params.algorithm = OtpAlgorithm::Sha512;
    params.digits = 7;
    params.period = std::chrono::seconds{45};
    auto uri = OtpauthUri::build(*secret, "ITC健保", "山田 太郎", params);
    ASSERT_TRUE(uri.ok());
    auto parsed = OtpauthUri::parse(uri->view());
    ASSERT_TRUE(parsed.ok()) << parsed.error().detail;
    EXPECT_EQ(parsed->issuer, "ITC健保");
    EXPECT_EQ(parsed->account, "山田 太郎");
    EXPECT_EQ(parsed->params.algorithm, OtpAlgorithm::Sha512);
    EXPECT_EQ(parsed->params.digits, 7);
    EXPECT_EQ(parsed->params.period, std::chrono::seconds{45});
    EXPECT_TRUE(std::equal(parsed->secret.bytes().begin(), parsed->secret.bytes().end(),
                           secret->bytes().begin(), secret->bytes().end()));
}

TEST(OtpauthUri, RefusesAColonInIssuerOrAccount) {
    auto inIssuer = OtpauthUri::build(rfcSecret(), "ITC:健保", "taro");
    ASSERT_FALSE(inIssuer.ok());
    EXPECT_EQ(inIssuer.code(), ErrorCode::InvalidArgument);
    auto inAccount = OtpauthUri::build(rfcSecret(), "ITC健保", "taro:yamada");
    ASSERT_FALSE(inAccount.ok());
    EXPECT_EQ(inAccount.code(), ErrorCode::InvalidArgument);
}

TEST(OtpauthUri, RefusesEmptyLabelPartsAndInvalidUtf8) {
    EXPECT_EQ(OtpauthUri::build(rfcSecret(), "", "taro").code(), ErrorCode::InvalidArgument);
    EXPECT_EQ(OtpauthUri::build(rfcSecret(), "ITC", "").code(), ErrorCode::InvalidArgument);
    EXPECT_EQ(OtpauthUri::build(rfcSecret(), "ITC\xE5\x81", "taro").code(),
              ErrorCode::InvalidArgument);
    EXPECT_EQ(OtpauthUri::build(rfcSecret(), "ITC\xC0\xAF", "taro").code(), // overlong '/'
              ErrorCode::InvalidArgument);
}

TEST(OtpauthUri, ParserRefusesSecretsShorterThan128Bits) {
    // The Key Uri Format document's own example carries an 80-bit secret.
    auto parsed = OtpauthUri::parse("otpauth://totp/Example:alice@google.com?secret="
                                    "JBSWY3DPEHPK3PXP&issuer=Example");
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.code(), ErrorCode::OtpSecretInvalid);
}

TEST(OtpauthUri, ParserAppliesKeyUriDefaults) {
    auto ok = OtpauthUri::parse("otpauth://totp/Example:alice%40google.com?secret=" +
                                std::string(kRfcSecretBase32) + "&issuer=Example");
    ASSERT_TRUE(ok.ok());
    EXPECT_EQ(ok->issuer, "Example");
    EXPECT_EQ(ok->account, "alice@google.com");
    EXPECT_EQ(ok->params.algorithm, OtpAlgorithm::Sha1);
    EXPECT_EQ(ok->params.digits, 6);
    EXPECT_EQ(ok->params.period, std::chrono::seconds{30});
}

TEST(OtpauthUri, ParserRefusesMalformedUris) {
    std::string s(kRfcSecretBase32);
    EXPECT_EQ(OtpauthUri::parse("https://example.com").code(), ErrorCode::InvalidArgument);
    EXPECT_EQ(OtpauthUri::parse("otpauth://hotp/A:b?secret=" + s + "&counter=1").code(),
              ErrorCode::Unsupported);
    EXPECT_EQ(OtpauthUri::parse("otpauth://totp/A:b").code(), ErrorCode::InvalidArgument);
    EXPECT_EQ(OtpauthUri::parse("otpauth://totp/A:b?secret=" + s + "&issuer=B").code(),
              ErrorCode::InvalidArgument);
    EXPECT_EQ(OtpauthUri::parse("otpauth://totp/A:b?secret=" + s + "&digits=9").code(),
              ErrorCode::InvalidArgument);
    EXPECT_EQ(OtpauthUri::parse("otpauth://totp/A:b?secret=" + s + "&algorithm=MD5").code(),
              ErrorCode::InvalidArgument);
    EXPECT_EQ(OtpauthUri::parse("otpauth://totp/A%3:b?secret=" + s).code(),
              ErrorCode::InvalidArgument);
    EXPECT_EQ(OtpauthUri::parse("otpauth://totp/A:b?secret=" + s + "%").code(),
              ErrorCode::InvalidArgument);
}
