// SPDX-License-Identifier: Apache-2.0
#include "otp/TotpVerifier.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using madoguchi::ErrorCode;
using madoguchi::ManualClock;
using madoguchi::OtpSecret;
using madoguchi::Totp;
using madoguchi::TotpParams;
using madoguchi::TotpVerifier;
using madoguchi::TotpVerifierOptions;
using std::chrono::seconds;

namespace {

// 10 s into a step, so ±1 step stays ±1 step whichever way the test moves.
constexpr std::int64_t kStart = 1700000010;
constexpr std::uint64_t kStartStep = kStart / 30;

class TotpVerifierTest : public ::testing::Test {
protected:
    TotpVerifierTest() : m_clock(std::chrono::system_clock::time_point{seconds{kStart}}) {}

    TotpVerifier makeVerifier(TotpVerifierOptions options = {}) {
        auto verifier = TotpVerifier::create(m_clock, options);
        EXPECT_TRUE(verifier.ok());
        return std::move(verifier).value();
    }

    static std::string codeFor(const TotpVerifier& verifier, std::uint64_t step) {
        auto code = Totp::generateForStep(verifier.secret().bytes(), step, verifier.params());
        EXPECT_TRUE(code.ok());
        return std::string(code->view());
    }

    // A well-formed code that matches none of the steps the verifier accepts right now.
    static std::string wrongCodeFor(const TotpVerifier& verifier, std::uint64_t step) {
        std::vector<std::string> near;
        for (std::uint64_t s = step - 2; s <= step + 2; ++s) {
            near.push_back(codeFor(verifier, s));
        }
        for (int candidate = 0;; ++candidate) {
            std::string code = std::to_string(100000 + candidate * 7919 % 900000);
            if (std::find(near.begin(), near.end(), code) == near.end()) {
                return code;
            }
        }
    }

    ManualClock m_clock;
};

} // namespace

TEST_F(TotpVerifierTest, AcceptsCodeOfTheCurrentStep) {
    auto verifier = makeVerifier();
    auto match = verifier.verify(codeFor(verifier, kStartStep));
    ASSERT_TRUE(match.ok());
    EXPECT_EQ(match->stepOffset, 0);
    EXPECT_EQ(match->step, kStartStep);
    EXPECT_EQ(match->approximateClockSkew, seconds{0});
    EXPECT_EQ(verifier.lastAcceptedStep(), kStartStep);
}

TEST_F(TotpVerifierTest, AcceptsAPhoneOneStepBehindAndReportsIt) {
    auto verifier = makeVerifier();
    auto match = verifier.verify(codeFor(verifier, kStartStep - 1));
    ASSERT_TRUE(match.ok());
    EXPECT_EQ(match->stepOffset, -1);
    EXPECT_EQ(match->approximateClockSkew, seconds{-30});
}

TEST_F(TotpVerifierTest, AcceptsAPhoneOneStepAheadAndReportsIt) {
    auto verifier = makeVerifier();
    auto match = verifier.verify(codeFor(verifier, kStartStep + 1));
    ASSERT_TRUE(match.ok());
    EXPECT_EQ(match->stepOffset, 1);
    EXPECT_EQ(match->step, kStartStep + 1);
    EXPECT_EQ(match->approximateClockSkew, seconds{30});
}

TEST_F(TotpVerifierTest, RefusesCodesTwoStepsAway) {
    auto verifier = makeVerifier();
    for (std::uint64_t step : {kStartStep - 2, kStartStep + 2}) {
        auto match = verifier.verify(codeFor(verifier, step));
        ASSERT_FALSE(match.ok());
        EXPECT_EQ(match.code(), ErrorCode::OtpCodeWrong);
    }
    EXPECT_EQ(verifier.attemptsLeft(), 3);
}

TEST_F(TotpVerifierTest, RejectsCodeAlreadyAccepted) {
    auto verifier = makeVerifier();
    std::string code = codeFor(verifier, kStartStep);
    ASSERT_TRUE(verifier.verify(code).ok());
    auto again = verifier.verify(code);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.code(), ErrorCode::OtpCodeReplayed);
    EXPECT_EQ(verifier.attemptsLeft(), 5); // a replay is not a guess
}

TEST_F(TotpVerifierTest, RejectsAnOlderStepAfterANewerOneWasAccepted) {
    auto verifier = makeVerifier();
    ASSERT_TRUE(verifier.verify(codeFor(verifier, kStartStep + 1)).ok());
    for (std::uint64_t step : {kStartStep, kStartStep - 1}) {
        auto older = verifier.verify(codeFor(verifier, step));
        ASSERT_FALSE(older.ok());
        EXPECT_EQ(older.code(), ErrorCode::OtpCodeReplayed);
    }
}

TEST_F(TotpVerifierTest, AcceptsTheNextStepsCodeLater) {
    auto verifier = makeVerifier();
    ASSERT_TRUE(verifier.verify(codeFor(verifier, kStartStep)).ok());
    m_clock.advance(seconds{30});
    auto next = verifier.verify(codeFor(verifier, kStartStep + 1));
    ASSERT_TRUE(next.ok());
    EXPECT_EQ(next->stepOffset, 0);
}

TEST_F(TotpVerifierTest, CapsWrongAttemptsThenRefusesEvenTheRightCode) {
    auto verifier = makeVerifier();
    std::string wrong = wrongCodeFor(verifier, kStartStep);
    for (int left = 4; left >= 1; --left) {
        auto attempt = verifier.verify(wrong);
        ASSERT_FALSE(attempt.ok());
        EXPECT_EQ(attempt.code(), ErrorCode::OtpCodeWrong);
        EXPECT_EQ(verifier.attemptsLeft(), left);
    }
    auto fifth = verifier.verify(wrong);
    ASSERT_FALSE(fifth.ok());
    EXPECT_EQ(fifth.code(), ErrorCode::OtpTooManyAttempts);
    EXPECT_TRUE(verifier.lockedOut());

    auto right = verifier.verify(codeFor(verifier, kStartStep));
    ASSERT_FALSE(right.ok());
    EXPECT_EQ(right.code(), ErrorCode::OtpTooManyAttempts);
    m_clock.advance(seconds{600}); // waiting does not unlock either
    auto later = verifier.verify(codeFor(verifier, kStartStep + 20));
    ASSERT_FALSE(later.ok());
    EXPECT_EQ(later.code(), ErrorCode::OtpTooManyAttempts);
}

TEST_F(TotpVerifierTest, MaxAttemptsIsConfigurable) {
    TotpVerifierOptions options;
    options.maxAttempts = 2;
    auto verifier = makeVerifier(options);
    std::string wrong = wrongCodeFor(verifier, kStartStep);
    EXPECT_EQ(verifier.verify(wrong).code(), ErrorCode::OtpCodeWrong);
    EXPECT_EQ(verifier.verify(wrong).code(), ErrorCode::OtpTooManyAttempts);

    options.maxAttempts = 0;
    auto refused = TotpVerifier::create(m_clock, options);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.code(), ErrorCode::InvalidArgument);
}

TEST_F(TotpVerifierTest, MalformedInputDoesNotUseUpAnAttempt) {
    auto verifier = makeVerifier();
    for (const char* typed :
         {"", "12345", "1234567", "12a456", "123-456", "\xEF\xBC\x91\xEF\xBC"}) {
        auto attempt = verifier.verify(typed);
        ASSERT_FALSE(attempt.ok()) << typed;
        EXPECT_EQ(attempt.code(), ErrorCode::OtpCodeMalformed) << typed;
    }
    EXPECT_EQ(verifier.attemptsLeft(), 5);
    EXPECT_TRUE(verifier.verify(codeFor(verifier, kStartStep)).ok());
}

TEST_F(TotpVerifierTest, AcceptsFullWidthDigitsAndSpaces) {
    auto verifier = makeVerifier();
    std::string code = codeFor(verifier, kStartStep);
    // "１２３　４５６" as an IME in full-width mode types it (U+FF10.. and U+3000).
    std::string typed;
    for (std::size_t i = 0; i < code.size(); ++i) {
        if (i == 3) {
            typed += "\xE3\x80\x80";
        }
        typed += "\xEF\xBC";
        typed += static_cast<char>(0x90 + (code[i] - '0'));
    }
    typed += " ";
    auto match = verifier.verify(typed);
    ASSERT_TRUE(match.ok()) << match.error().detail;
    EXPECT_EQ(match->stepOffset, 0);
}

TEST_F(TotpVerifierTest, NormaliseCodeMakesHalfWidthDigits) {
    auto code = TotpVerifier::normaliseCode("\xEF\xBC\x90\xEF\xBC\x99 12 34", 6);
    ASSERT_TRUE(code.ok());
    EXPECT_EQ(code->view(), "091234");
}

TEST_F(TotpVerifierTest, KeepsTheSameSecretAfterAWrongCode) {
    auto verifier = makeVerifier();
    std::vector<std::uint8_t> before(verifier.secret().bytes().begin(),
                                     verifier.secret().bytes().end());
    ASSERT_EQ(verifier.verify(wrongCodeFor(verifier, kStartStep)).code(), ErrorCode::OtpCodeWrong);
    EXPECT_TRUE(std::equal(before.begin(), before.end(), verifier.secret().bytes().begin(),
                           verifier.secret().bytes().end()));
    EXPECT_TRUE(verifier.verify(codeFor(verifier, kStartStep)).ok());
}

TEST_F(TotpVerifierTest, RestartMakesANewSecretAndClearsTheLockout) {
    TotpVerifierOptions options;
    options.maxAttempts = 1;
    auto verifier = makeVerifier(options);
    std::vector<std::uint8_t> before(verifier.secret().bytes().begin(),
                                     verifier.secret().bytes().end());
    ASSERT_EQ(verifier.verify(wrongCodeFor(verifier, kStartStep)).code(),
              ErrorCode::OtpTooManyAttempts);
    ASSERT_TRUE(verifier.restart().ok());
    EXPECT_FALSE(verifier.lockedOut());
    EXPECT_FALSE(verifier.lastAcceptedStep().has_value());
    EXPECT_FALSE(std::equal(before.begin(), before.end(), verifier.secret().bytes().begin(),
                            verifier.secret().bytes().end()));
    EXPECT_TRUE(verifier.verify(codeFor(verifier, kStartStep)).ok());
}

TEST_F(TotpVerifierTest, HonoursEightDigitSha256Params) {
    TotpVerifierOptions options;
    options.params.digits = 8;
    options.params.algorithm = madoguchi::OtpAlgorithm::Sha256;
    auto verifier = makeVerifier(options);
    std::string code = codeFor(verifier, kStartStep);
    ASSERT_EQ(code.size(), 8U);
    EXPECT_EQ(verifier.verify(code.substr(0, 6)).code(), ErrorCode::OtpCodeMalformed);
    EXPECT_TRUE(verifier.verify(code).ok());
}
