// SPDX-License-Identifier: Apache-2.0
#include "rules/TempLoginPolicy.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>

using namespace madoguchi;
using namespace std::chrono;

namespace {

// A UTC instant given as Japan local time (UTC+9).
system_clock::time_point jst(int y, unsigned m, unsigned d, int hour) {
    return sys_days{year{y} / month{m} / day{d}} + hours{hour - 9};
}

class TempLogin : public ::testing::Test {
protected:
    ManualClock clock{jst(2025, 6, 15, 10)};
    TempLoginPolicy policy{clock};

    SecretPolicyResult birth(std::string_view s) const {
        return policy.checkBirthDate(SecureBuffer::fromText(s));
    }
};

} // namespace

TEST_F(TempLogin, AcceptsAPlainBirthDate) {
    auto r = birth("19480405");
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r.normalized.view(), "19480405");
    EXPECT_FALSE(r.changedByNormalization);
    for (RuleId id :
         {RuleId::EightDigits, RuleId::RealDate, RuleId::NotInFuture, RuleId::NotTooEarly}) {
        EXPECT_TRUE(r.passed(id)) << toString(id);
    }
}

TEST_F(TempLogin, FoldsFullWidthDigitsAndReportsTheChange) {
    auto r = birth("１９４８０４０５");
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r.normalized.view(), "19480405");
    EXPECT_TRUE(r.changedByNormalization);
    EXPECT_TRUE(r.changes.fullWidth);
}

TEST_F(TempLogin, LeapDaysFollowTheGregorianRule) {
    EXPECT_TRUE(birth("20000229").ok()); // divisible by 400
    EXPECT_TRUE(birth("19960229").ok());
    for (const char* s : {"19000229", "20230229", "21000229"}) {
        auto r = birth(s);
        ASSERT_FALSE(r.ok()) << s;
        EXPECT_EQ(r.refusal->reason, RefusalReason::NotADate) << s;
        EXPECT_EQ(r.refusal->rule, RuleId::RealDate);
        EXPECT_TRUE(r.passed(RuleId::EightDigits));
        EXPECT_FALSE(r.passed(RuleId::RealDate));
    }
}

TEST_F(TempLogin, RefusesImpossibleMonthsAndDays) {
    for (const char* s : {"19481301", "19480001", "19480431", "19480400", "00000101"}) {
        auto r = birth(s);
        ASSERT_FALSE(r.ok()) << s;
        EXPECT_EQ(r.refusal->reason, RefusalReason::NotADate) << s;
    }
}

TEST_F(TempLogin, RefusesDatesAfterTodayInJapan) {
    EXPECT_TRUE(birth("20250615").ok());
    auto r = birth("20250616");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.refusal->reason, RefusalReason::DateInFuture);
    EXPECT_EQ(r.refusal->rule, RuleId::NotInFuture);
    EXPECT_EQ(r.refusal->limit, 20250615);
    EXPECT_TRUE(r.passed(RuleId::RealDate));

    // 05:00 on the 16th in Tokyo is still the 15th in UTC: Japan's date counts.
    clock.set(jst(2025, 6, 16, 5));
    EXPECT_TRUE(birth("20250616").ok());
    clock.set(jst(2025, 6, 15, 23));
    EXPECT_FALSE(birth("20250616").ok());
}

TEST_F(TempLogin, RefusesDatesBefore1900) {
    EXPECT_TRUE(birth("19000101").ok());
    auto r = birth("18991231");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.refusal->reason, RefusalReason::DateTooEarly);
    EXPECT_EQ(r.refusal->limit, 19000101);
}

TEST_F(TempLogin, BirthDateMustBeExactlyEightDigits) {
    auto shortOne = birth("1948045");
    ASSERT_FALSE(shortOne.ok());
    EXPECT_EQ(shortOne.refusal->reason, RefusalReason::NotEightDigits);
    EXPECT_EQ(shortOne.refusal->limit, 8);
    EXPECT_FALSE(shortOne.passed(RuleId::EightDigits));
    EXPECT_FALSE(shortOne.passed(RuleId::RealDate));

    EXPECT_EQ(birth("194804051").refusal->reason, RefusalReason::NotEightDigits);
    EXPECT_EQ(birth("").refusal->reason, RefusalReason::Empty);

    auto slashed = birth("1948/04/05");
    ASSERT_FALSE(slashed.ok());
    EXPECT_EQ(slashed.refusal->reason, RefusalReason::CharacterNotAllowed);
    EXPECT_EQ(slashed.refusal->offending, "/");
    EXPECT_EQ(slashed.refusal->position, 4U);

    auto spaced = birth("1948\u30000405");
    ASSERT_FALSE(spaced.ok());
    EXPECT_EQ(spaced.refusal->reason, RefusalReason::SpaceNotAllowed);
    EXPECT_EQ(spaced.refusal->position, 4U);

    auto kanji = birth("昭和23年");
    ASSERT_FALSE(kanji.ok());
    EXPECT_EQ(kanji.refusal->offending, "昭");
}

TEST_F(TempLogin, TrimsSurroundingIdeographicSpacesFromTheBirthDate) {
    auto r = birth("\u300019480405\u3000");
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r.normalized.view(), "19480405");
    EXPECT_TRUE(r.changes.trimmed);
}

TEST_F(TempLogin, RefusesInvalidUtf8InEveryField) {
    EXPECT_EQ(birth("1948\xFF").refusal->reason, RefusalReason::InvalidUtf8);
    EXPECT_EQ(policy.checkTempId("ab\xC0\x80").refusal->reason, RefusalReason::InvalidUtf8);
    auto pw = policy.checkTempPassword(SecureBuffer::fromText("\xE3\x81"));
    ASSERT_FALSE(pw.ok());
    EXPECT_EQ(pw.refusal->reason, RefusalReason::InvalidUtf8);
}

TEST_F(TempLogin, TempIdIsFoldedTrimmedAndKeepsItsCase) {
    auto r = policy.checkTempId("\u3000ＡＢｃ１２３ ");
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r.normalized, "ABc123");
    EXPECT_TRUE(r.changedByNormalization);
    EXPECT_TRUE(r.passed(RuleId::AllowedCharacters));
    EXPECT_TRUE(r.passed(RuleId::Length));
}

TEST_F(TempLogin, TempIdRefusesSpacesInsideAndNonAscii) {
    auto spaced = policy.checkTempId("AB 12");
    ASSERT_FALSE(spaced.ok());
    EXPECT_EQ(spaced.refusal->reason, RefusalReason::SpaceNotAllowed);
    EXPECT_EQ(spaced.refusal->position, 2U);

    auto kana = policy.checkTempId("ABかC");
    ASSERT_FALSE(kana.ok());
    EXPECT_EQ(kana.refusal->reason, RefusalReason::CharacterNotAllowed);
    EXPECT_EQ(kana.refusal->offending, "か");
    EXPECT_EQ(kana.refusal->position, 2U);
    EXPECT_TRUE(kana.passed(RuleId::Length));
}

TEST_F(TempLogin, TempIdLengthIsBounded) {
    EXPECT_EQ(policy.checkTempId("   ").refusal->reason, RefusalReason::Empty);
    EXPECT_TRUE(policy.checkTempId(std::string(64, 'a')).ok());
    auto tooLong = policy.checkTempId(std::string(65, 'a'));
    ASSERT_FALSE(tooLong.ok());
    EXPECT_EQ(tooLong.refusal->reason, RefusalReason::TooLong);
    EXPECT_EQ(tooLong.refusal->limit, 64);
}

TEST_F(TempLogin, TempPasswordFoldsFullWidthAndYenAndStaysInASecureBuffer) {
    auto r = policy.checkTempPassword(SecureBuffer::fromText("Ｐａｓｓ￥１!"));
    EXPECT_TRUE(r.ok());
    static_assert(std::is_same_v<decltype(r.normalized), SecureBuffer>);
    EXPECT_EQ(r.normalized.view(), "Pass\\1!");
    EXPECT_TRUE(r.changes.fullWidth);
    EXPECT_TRUE(r.changes.yen);
}

TEST_F(TempLogin, TempPasswordRefusalNamesOnlyTheImpossibleCharacter) {
    auto r = policy.checkTempPassword(SecureBuffer::fromText("secretあ"));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.refusal->offending, "あ");
    EXPECT_EQ(r.refusal->position, 6U);
    EXPECT_EQ(policy.checkTempPassword(SecureBuffer{}).refusal->reason, RefusalReason::Empty);
}

TEST_F(TempLogin, RealDateAgreesWithTheStandardLibraryCalendar) {
    // std::chrono::year_month_day::ok() is an independent implementation of the calendar.
    for (int y : {1900, 1996, 2000, 2023, 2024}) {
        for (unsigned m = 0; m <= 13; ++m) {
            for (unsigned d = 0; d <= 32; ++d) {
                char digits[16];
                std::snprintf(digits, sizeof digits, "%04d%02u%02u", y, m, d);
                const bool expected = year_month_day{year{y} / month{m} / day{d}}.ok();
                EXPECT_EQ(birth(digits).passed(RuleId::RealDate), expected) << digits;
            }
        }
    }
}
