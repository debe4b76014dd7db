// SPDX-License-Identifier: Apache-2.0
#include "rules/PasswordPolicy.h"

#include <gtest/gtest.h>

#include <cctype>
#include <string>
#include <type_traits>

using namespace madoguchi;

namespace {

class Password : public ::testing::Test {
protected:
    PasswordBlocklist blocklist =
        PasswordBlocklist::fromEntries({"password1", "qwertyuiop", "sakura2024"});
    PasswordPolicy policy{blocklist};
    PasswordContext context{"tanaka01", "Kari#Pass9", "19480405"};

    SecretPolicyResult check(std::string_view pw) const { return check(pw, pw); }
    SecretPolicyResult check(std::string_view pw, std::string_view confirmation) const {
        return policy.check(SecureBuffer::fromText(pw), SecureBuffer::fromText(confirmation),
                            context);
    }
    static std::optional<RefusalReason> reason(const SecretPolicyResult& r) {
        return r.refusal ? std::optional(r.refusal->reason) : std::nullopt;
    }
};

} // namespace

TEST_F(Password, AcceptsAGoodPasswordAndTicksEveryRule) {
    auto r = check("mado\u25C7guchi!7x");
    // '◇' is not a character anyone can type (the manual's list has it for "<>").
    EXPECT_EQ(reason(r), RefusalReason::CharacterNotAllowed);

    auto good = check("madoguchi!7x");
    EXPECT_TRUE(good.ok()) << toString(*reason(good));
    ASSERT_EQ(good.checklist.size(), 7U);
    for (const auto& c : good.checklist) {
        EXPECT_TRUE(c.passed) << toString(c.id);
    }
    static_assert(std::is_same_v<decltype(good.normalized), SecureBuffer>);
    EXPECT_EQ(good.normalized.view(), "madoguchi!7x");
}

// The manual's list read along a Japanese keyboard: every printable ASCII symbol (issue 12),
// including - ^ " < > that the kiosk's own keyboard offered and it used to refuse.
TEST_F(Password, AcceptsEveryPrintableAsciiSymbolTheManualLists) {
    for (char c = 0x21; c < 0x7F; ++c) {
        if (std::isalnum(static_cast<unsigned char>(c)) != 0) {
            continue;
        }
        std::string pw = "abcdefg" + std::string(1, c);
        EXPECT_TRUE(check(pw).ok()) << pw;
    }
    EXPECT_EQ(kManualPasswordSymbols.size(), 32U);
}

TEST_F(Password, AProfileCanNarrowTheSymbols) {
    PasswordPolicyOptions narrow;
    narrow.allowedSymbols = "!_.";
    PasswordPolicy narrowPolicy(blocklist, narrow);
    auto ok = narrowPolicy.check(SecureBuffer::fromText("abcdefg_"),
                                 SecureBuffer::fromText("abcdefg_"), context);
    EXPECT_TRUE(ok.ok());
    auto r = narrowPolicy.check(SecureBuffer::fromText("abcdefg-"),
                                SecureBuffer::fromText("abcdefg-"), context);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.refusal->reason, RefusalReason::CharacterNotAllowed);
    EXPECT_EQ(r.refusal->offending, "-");
}

TEST_F(Password, RefusesWhatIsNotAPrintableAsciiSymbol) {
    for (const char* pw : {"abcdefg◇", "abcdefg・", "abcdefg€"}) {
        auto r = check(pw);
        ASSERT_FALSE(r.ok()) << pw;
        EXPECT_EQ(r.refusal->reason, RefusalReason::CharacterNotAllowed) << pw;
        EXPECT_EQ(r.refusal->position, 7U);
        EXPECT_EQ(r.refusal->offending, std::string(pw).substr(7));
    }
}

TEST_F(Password, YenSignCountsAsBackslash) {
    auto r = check("abc\u00A5def\uFFE5g", "abc\\def\\g");
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r.normalized.view(), "abc\\def\\g");
    EXPECT_TRUE(r.changes.yen);
}

TEST_F(Password, FoldsFullWidthAndMatchesAHalfWidthConfirmation) {
    auto r = check("ｍａｄｏｇｕｃｈｉ！７", "madoguchi!7");
    EXPECT_TRUE(r.ok());
    EXPECT_TRUE(r.changedByNormalization);
    EXPECT_EQ(r.normalized.view(), "madoguchi!7");
}

TEST_F(Password, RefusesSpacesIncludingIdeographicOnesWithoutTrimming) {
    auto inside = check("mado\u3000guchi7");
    EXPECT_EQ(reason(inside), RefusalReason::SpaceNotAllowed);
    EXPECT_EQ(inside.refusal->position, 4U);
    auto trailing = check("madoguchi7 ");
    EXPECT_EQ(reason(trailing), RefusalReason::SpaceNotAllowed);
    EXPECT_EQ(trailing.refusal->position, 10U);
}

TEST_F(Password, UppercaseIsAllowedByDefaultAndRefusableBySetting) {
    EXPECT_TRUE(check("MadoGuchi!7").ok());
    PasswordPolicy lowerOnly{blocklist, PasswordPolicyOptions{.allowUppercase = false}};
    auto r = lowerOnly.check(SecureBuffer::fromText("maDoguchi!7"),
                             SecureBuffer::fromText("maDoguchi!7"), context);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.refusal->reason, RefusalReason::UppercaseNotAllowed);
    EXPECT_EQ(r.refusal->offending, "D");
    EXPECT_EQ(r.refusal->position, 2U);
    // Full-width uppercase is folded to ASCII uppercase, then refused the same way.
    auto wide = lowerOnly.check(SecureBuffer::fromText("Ｍadoguchi!7"),
                                SecureBuffer::fromText("Ｍadoguchi!7"), context);
    EXPECT_EQ(wide.refusal->reason, RefusalReason::UppercaseNotAllowed);
}

TEST_F(Password, LengthIsEightToSixtyFour) {
    EXPECT_EQ(reason(check("abcdef7")), RefusalReason::TooShort);
    EXPECT_EQ(check("abcdef7").refusal->limit, 8);
    EXPECT_TRUE(check("abcdefg7").ok());
    EXPECT_TRUE(check(std::string(63, 'x') + "7").ok());
    auto tooLong = check(std::string(64, 'x') + "7");
    EXPECT_EQ(reason(tooLong), RefusalReason::TooLong);
    EXPECT_EQ(tooLong.refusal->limit, 64);
}

TEST_F(Password, EmptyPasswordTicksNothing) {
    auto r = check("");
    EXPECT_EQ(reason(r), RefusalReason::Empty);
    for (const auto& c : r.checklist) {
        EXPECT_FALSE(c.passed) << toString(c.id);
    }
}

TEST_F(Password, RefusesTheUserIdInAnyCaseOrWidth) {
    for (const char* pw : {"tanaka01", "xTANAKA01!", "ｔａｎａｋａ０１zz"}) {
        auto r = check(pw);
        EXPECT_EQ(reason(r), RefusalReason::ContainsUserId) << pw;
        EXPECT_EQ(r.refusal->rule, RuleId::NotUserId);
        EXPECT_TRUE(r.refusal->offending.empty());
    }
    EXPECT_TRUE(check("tanaka0!x").ok()); // shares a prefix only
}

TEST_F(Password, RefusesTheTemporaryPassword) {
    EXPECT_EQ(reason(check("Kari#Pass9")), RefusalReason::ContainsTempPassword);
    EXPECT_EQ(reason(check("kari#pass9!!")), RefusalReason::ContainsTempPassword);
    EXPECT_EQ(reason(check("ＫＡＲＩ＃ＰＡＳＳ９")), RefusalReason::ContainsTempPassword);
}

TEST_F(Password, ShortTemporaryPasswordOnlyCountsWhenEqual) {
    context.tempPassword = "ab1";
    EXPECT_TRUE(check("xxab1yyzz").ok());
    context.tempPassword = "abcd";
    EXPECT_EQ(reason(check("xxabcdyyzz")), RefusalReason::ContainsTempPassword);
}

TEST_F(Password, RefusesTheBirthDateInItsCommonRenderings) {
    for (const char* pw :
         {"19480405", "me19480405!", "x480405yz", "1948/04/05x", "1948.04.05!", "1948-04-05"}) {
        auto r = check(pw);
        EXPECT_EQ(reason(r), RefusalReason::ContainsBirthDate) << pw;
    }
    EXPECT_TRUE(check("abcd0405x").ok());   // MMDD alone is not refused (documented)
    context.birthDate = "１９４８０４０５"; // a not-yet-folded birth date still counts
    EXPECT_EQ(reason(check("a19480405")), RefusalReason::ContainsBirthDate);
}

TEST_F(Password, RefusesCommonPasswordsCaseInsensitively) {
    for (const char* pw : {"password1", "Password1", "QWERTYUIOP", "ｓａｋｕｒａ２０２４"}) {
        auto r = check(pw);
        EXPECT_EQ(reason(r), RefusalReason::CommonPassword) << pw;
        EXPECT_EQ(r.refusal->rule, RuleId::NotCommon);
    }
    EXPECT_TRUE(check("password12x").ok()); // only whole-password matches count
}

TEST_F(Password, ConfirmationMustMatch) {
    auto r = check("madoguchi!7", "madoguchi!8");
    EXPECT_EQ(reason(r), RefusalReason::ConfirmationMismatch);
    EXPECT_TRUE(r.passed(RuleId::NotCommon));
    EXPECT_FALSE(r.passed(RuleId::ConfirmationMatches));
    EXPECT_EQ(reason(check("madoguchi!7", "")), RefusalReason::Empty);
    EXPECT_EQ(check("madoguchi!7", "").refusal->rule, RuleId::ConfirmationMatches);
    // Case matters for the confirmation even though the blocklist ignores it.
    EXPECT_EQ(reason(check("madoguchi!7", "Madoguchi!7")), RefusalReason::ConfirmationMismatch);
}

TEST_F(Password, RefusesInvalidUtf8InEitherEntry) {
    auto first = check("madoguchi\xC3", "madoguchi");
    EXPECT_EQ(reason(first), RefusalReason::InvalidUtf8);
    EXPECT_EQ(first.refusal->position, 9U);
    auto second = check("madoguchi!7", "madoguchi!7\xFF");
    EXPECT_EQ(reason(second), RefusalReason::InvalidUtf8);
    EXPECT_EQ(second.refusal->rule, RuleId::ConfirmationMatches);
}

TEST_F(Password, NoRefusalRepeatsAnyPartOfThePassword) {
    const std::string secretPart = "tanaka01";
    for (const char* pw : {"tanaka01", "Kari#Pass9", "19480405", "password1"}) {
        auto r = check(pw, "different!");
        ASSERT_TRUE(r.refusal.has_value());
        EXPECT_TRUE(r.refusal->offending.empty()) << pw;
    }
}
