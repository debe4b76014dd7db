// SPDX-License-Identifier: Apache-2.0
#include "rules/UserIdPolicy.h"

#include <gtest/gtest.h>

#include <string>

using namespace madoguchi;

TEST(UserIdPolicy, AcceptsLowercaseDigitsAndTheFourSymbols) {
    UserIdPolicy policy;
    for (const char* id : {"tanaka01", "a-b_c.d@e", "12345678", "abcdefghijklm", "@@@@@@@@"}) {
        auto r = policy.check(id);
        EXPECT_TRUE(r.ok()) << id;
        EXPECT_EQ(r.normalized, id);
        EXPECT_FALSE(r.changedByNormalization);
    }
}

TEST(UserIdPolicy, ChecklistHasCharactersThenLength) {
    auto r = UserIdPolicy{}.check("tanaka01");
    ASSERT_EQ(r.checklist.size(), 2U);
    EXPECT_EQ(r.checklist[0].id, RuleId::AllowedCharacters);
    EXPECT_EQ(r.checklist[1].id, RuleId::Length);
    EXPECT_EQ(r.length, 8U);
}

TEST(UserIdPolicy, FoldsFullWidthAndUppercaseAndShowsTheResult) {
    auto r = UserIdPolicy{}.check("ＡＢＣ１２３＿ｘ．");
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r.normalized, "abc123_x.");
    EXPECT_TRUE(r.changedByNormalization);
    EXPECT_TRUE(r.changes.fullWidth);
    EXPECT_TRUE(r.changes.uppercase);

    auto upper = UserIdPolicy{}.check("TANAKA-Taro");
    EXPECT_TRUE(upper.ok());
    EXPECT_EQ(upper.normalized, "tanaka-taro");
    EXPECT_TRUE(upper.changes.uppercase);
    EXPECT_FALSE(upper.changes.fullWidth);

    auto symbols = UserIdPolicy{}.check("ｔａｎａｋａ＠－");
    EXPECT_TRUE(symbols.ok());
    EXPECT_EQ(symbols.normalized, "tanaka@-");
}

TEST(UserIdPolicy, TrimsIdeographicSpacesAroundButRefusesThemInside) {
    auto around = UserIdPolicy{}.check("\u3000tanaka01\u3000");
    EXPECT_TRUE(around.ok());
    EXPECT_EQ(around.normalized, "tanaka01");
    EXPECT_TRUE(around.changes.trimmed);

    auto inside = UserIdPolicy{}.check("tanaka\u3000taro");
    ASSERT_FALSE(inside.ok());
    EXPECT_EQ(inside.refusal->reason, RefusalReason::SpaceNotAllowed);
    EXPECT_EQ(inside.refusal->rule, RuleId::AllowedCharacters);
    EXPECT_EQ(inside.refusal->position, 6U);
    EXPECT_TRUE(inside.passed(RuleId::Length));
}

TEST(UserIdPolicy, RefusesOtherCharactersNamingTheFirstOne) {
    struct Case {
        const char* input;
        const char* offending;
        std::size_t position;
    };
    const Case cases[] = {
        {"tanaka!01", "!", 6},
        {"たなか12345", "た", 0},
        {"tanaka¥01", "¥", 6},
        {"tanaka\\01", "\\", 6},
        {"ｔａｎａｋａ＃1", "#", 6},
        {"tanaka\t01", "\t", 6},
        {"tanaka\U0001F600", "\U0001F600", 6},
    };
    for (const auto& c : cases) {
        auto r = UserIdPolicy{}.check(c.input);
        ASSERT_FALSE(r.ok()) << c.input;
        EXPECT_EQ(r.refusal->reason, RefusalReason::CharacterNotAllowed) << c.input;
        EXPECT_EQ(r.refusal->offending, c.offending) << c.input;
        EXPECT_EQ(r.refusal->position, c.position) << c.input;
        EXPECT_FALSE(r.passed(RuleId::AllowedCharacters));
    }
}

TEST(UserIdPolicy, LengthIsEightToThirteenCharacters) {
    UserIdPolicy policy;
    auto seven = policy.check("abcdefg");
    ASSERT_FALSE(seven.ok());
    EXPECT_EQ(seven.refusal->reason, RefusalReason::TooShort);
    EXPECT_EQ(seven.refusal->limit, 8);
    EXPECT_TRUE(seven.passed(RuleId::AllowedCharacters));
    EXPECT_FALSE(seven.passed(RuleId::Length));

    EXPECT_TRUE(policy.check("abcdefgh").ok());
    EXPECT_TRUE(policy.check("abcdefghijklm").ok());

    auto fourteen = policy.check("abcdefghijklmn");
    ASSERT_FALSE(fourteen.ok());
    EXPECT_EQ(fourteen.refusal->reason, RefusalReason::TooLong);
    EXPECT_EQ(fourteen.refusal->limit, 13);

    // Full-width characters count as one each, not as three UTF-8 bytes.
    EXPECT_TRUE(policy.check("ａｂｃｄｅｆｇｈｉｊｋｌｍ").ok());
    EXPECT_EQ(policy.check("").refusal->reason, RefusalReason::Empty);
}

TEST(UserIdPolicy, ACharacterRefusalComesBeforeALengthRefusal) {
    auto r = UserIdPolicy{}.check("あ");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.refusal->reason, RefusalReason::CharacterNotAllowed);
    EXPECT_FALSE(r.passed(RuleId::Length));
}

TEST(UserIdPolicy, RefusesInvalidUtf8) {
    auto r = UserIdPolicy{}.check("tanaka\xE3\x81");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.refusal->reason, RefusalReason::InvalidUtf8);
    EXPECT_EQ(r.refusal->position, 6U);
    EXPECT_FALSE(r.passed(RuleId::AllowedCharacters));
    EXPECT_FALSE(r.passed(RuleId::Length));
}
