// SPDX-License-Identifier: Apache-2.0
#include "otp/Totp.h"

#include "CommandOutput.h"
#include "otp/OtpSecret.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

using madoguchi::ErrorCode;
using madoguchi::OtpAlgorithm;
using madoguchi::OtpSecret;
using madoguchi::Totp;
using madoguchi::TotpParams;
using madoguchi::testing::commandOutput;
using madoguchi::testing::kPython;
using std::chrono::seconds;
using std::chrono::sys_seconds;

namespace {

std::span<const std::uint8_t> bytesOf(std::string_view text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

// RFC 6238 Appendix B seeds: the SHA-1 seed repeated to the hash's length.
constexpr std::string_view kSeedSha1 = "12345678901234567890";
constexpr std::string_view kSeedSha256 = "12345678901234567890123456789012";
constexpr std::string_view kSeedSha512 =
    "1234567890123456789012345678901234567890123456789012345678901234";

struct Rfc6238Vector {
    std::int64_t time;
    const char* sha1;
    const char* sha256;
    const char* sha512;
};

const Rfc6238Vector kRfc6238Vectors[] = {
    {59, "94287082", "46119246", "90693936"},
    {1111111109, "07081804", "68084774", "25091201"},
    {1111111111, "14050471", "67062674", "99943326"},
    {1234567890, "89005924", "91819424", "93441116"},
    {2000000000, "69279037", "90698825", "38618901"},
    {20000000000, "65353130", "77737706", "47863826"},
};

TotpParams eightDigits(OtpAlgorithm algorithm) {
    TotpParams params;
    params.algorithm = algorithm;
    params.digits = 8;
    return params;
}

const char* oathtoolMode(OtpAlgorithm algorithm) {
    switch (algorithm) {
    case OtpAlgorithm::Sha1:
        return "sha1";
    case OtpAlgorithm::Sha256:
        return "sha256";
    case OtpAlgorithm::Sha512:
        return "sha512";
    }
    return "sha1";
}

} // namespace

TEST(Totp, PassesEveryRfc6238AppendixBVector) {
    for (const auto& v : kRfc6238Vectors) {
        sys_seconds t{seconds{v.time}};
        auto sha1 = Totp::generate(bytesOf(kSeedSha1), t, eightDigits(OtpAlgorithm::Sha1));
        auto sha256 = Totp::generate(bytesOf(kSeedSha256), t, eightDigits(OtpAlgorithm::Sha256));
        auto sha512 = Totp::generate(bytesOf(kSeedSha512), t, eightDigits(OtpAlgorithm::Sha512));
        ASSERT_TRUE(sha1.ok() && sha256.ok() && sha512.ok()) << v.time;
        EXPECT_EQ(sha1->view(), v.sha1) << "SHA1 at " << v.time;
        EXPECT_EQ(sha256->view(), v.sha256) << "SHA256 at " << v.time;
        EXPECT_EQ(sha512->view(), v.sha512) << "SHA512 at " << v.time;
    }
}

TEST(Totp, StepIsWholePeriodsSinceTheEpoch) {
    TotpParams params;
    EXPECT_EQ(*Totp::stepAt(sys_seconds{seconds{0}}, params), 0U);
    EXPECT_EQ(*Totp::stepAt(sys_seconds{seconds{29}}, params), 0U);
    EXPECT_EQ(*Totp::stepAt(sys_seconds{seconds{30}}, params), 1U);
    EXPECT_EQ(*Totp::stepAt(sys_seconds{seconds{1111111109}}, params), 0x023523ECU); // RFC 6238
    params.period = seconds{60};
    EXPECT_EQ(*Totp::stepAt(sys_seconds{seconds{119}}, params), 1U);
}

TEST(Totp, RefusesTimesBeforeTheEpochAndBadParams) {
    auto early = Totp::stepAt(sys_seconds{seconds{-1}}, TotpParams{});
    ASSERT_FALSE(early.ok());
    EXPECT_EQ(early.code(), ErrorCode::InvalidArgument);

    TotpParams zeroPeriod;
    zeroPeriod.period = seconds{0};
    EXPECT_EQ(Totp::validate(zeroPeriod).code(), ErrorCode::InvalidArgument);
    TotpParams nineDigits;
    nineDigits.digits = 9;
    auto code = Totp::generate(bytesOf(kSeedSha1), sys_seconds{seconds{59}}, nineDigits);
    ASSERT_FALSE(code.ok());
    EXPECT_EQ(code.code(), ErrorCode::InvalidArgument);
}

TEST(Totp, AgreesWithOathtoolForRandomSecretsAndTimes) {
    std::random_device device;
    std::mt19937_64 rng(device());
    std::uniform_int_distribution<std::int64_t> times(0, 4102444800); // up to 2100-01-01
    for (OtpAlgorithm algorithm :
         {OtpAlgorithm::Sha1, OtpAlgorithm::Sha256, OtpAlgorithm::Sha512}) {
        for (int digits : {6, 7, 8}) {
            auto secret = OtpSecret::generate();
            ASSERT_TRUE(secret.ok());
            std::int64_t time = times(rng);
            TotpParams params;
            params.algorithm = algorithm;
            params.digits = digits;
            auto ours = Totp::generate(secret->bytes(), sys_seconds{seconds{time}}, params);
            ASSERT_TRUE(ours.ok());
            // Test-only random secret on a command line; never done with a member's secret.
            std::string command = std::string("oathtool --totp=") + oathtoolMode(algorithm) +
                                  " -b -d " + std::to_string(digits) + " -N '@" +
                                  std::to_string(time) + "' " +
                                  std::string(secret->toBase32().view());
            auto theirs = commandOutput(command);
            ASSERT_TRUE(theirs.has_value()) << command;
            EXPECT_EQ(ours->view(), *theirs) << command;
        }
    }
}

TEST(Totp, AgreesWithPyotpForRandomSecretsAndTimes) {
    std::random_device device;
    std::mt19937_64 rng(device());
    std::uniform_int_distribution<std::int64_t> times(0, 4102444800);
    std::uniform_int_distribution<int> periods(15, 120);
    for (OtpAlgorithm algorithm :
         {OtpAlgorithm::Sha1, OtpAlgorithm::Sha256, OtpAlgorithm::Sha512}) {
        auto secret = OtpSecret::generate();
        ASSERT_TRUE(secret.ok());
        std::int64_t time = times(rng);
        TotpParams params;
        params.algorithm = algorithm;
        params.digits = 6;
        params.period = seconds{periods(rng)};
        auto ours = Totp::generate(secret->bytes(), sys_seconds{seconds{time}}, params);
        ASSERT_TRUE(ours.ok());
        std::string digest = algorithm == OtpAlgorithm::Sha1     ? "sha1"
                             : algorithm == OtpAlgorithm::Sha256 ? "sha256"
                                                                 : "sha512";
        std::string command = std::string(kPython) +
                              " -c 'import hashlib, pyotp; print(pyotp.TOTP(\"" +
                              std::string(secret->toBase32().view()) + "\", digest=hashlib." +
                              digest + ", interval=" + std::to_string(params.period.count()) +
                              ").at(" + std::to_string(time) + "))'";
        auto theirs = commandOutput(command);
        ASSERT_TRUE(theirs.has_value()) << command;
        EXPECT_EQ(ours->view(), *theirs) << command;
    }
}
