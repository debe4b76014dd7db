// SPDX-License-Identifier: Apache-2.0
#include "rules/EmailPolicy.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

using namespace madoguchi;

namespace {
std::optional<RefusalReason> reasonFor(const std::string& address) {
    auto r = EmailPolicy{}.check(address, address);
    return r.refusal ? std::optional(r.refusal->reason) : std::nullopt;
}
} // namespace

TEST(EmailPolicy, AcceptsOrdinaryAddresses) {
    for (const char* a : {"taro@example.com", "taro.yamada@example.co.jp", "t+tag@mail.example.jp",
                          "user_name-1@sub-domain.example.org", "a@b.cd", "o'brien@example.ie",
                          "x!#$%&*=?^`{|}~@example.com", "Taro@Example.COM"}) {
        auto r = EmailPolicy{}.check(a, a);
        EXPECT_TRUE(r.ok()) << a << " " << (r.refusal ? toString(r.refusal->reason) : "");
        EXPECT_EQ(r.normalized, a);
    }
}

TEST(EmailPolicy, RefusesMalformedAddressesWithSpecificReasons) {
    struct Case {
        std::string address;
        RefusalReason reason;
    };
    const Case cases[] = {
        {"taro.example.com", RefusalReason::EmailMissingAt},
        {"taro@@example.com", RefusalReason::EmailMultipleAt},
        {"taro@home@example.com", RefusalReason::EmailMultipleAt},
        {"@example.com", RefusalReason::EmailLocalPartEmpty},
        {std::string(65, 'a') + "@example.com", RefusalReason::EmailLocalPartTooLong},
        {".taro@example.com", RefusalReason::EmailDotAtEdge},
        {"taro.@example.com", RefusalReason::EmailDotAtEdge},
        {"ta..ro@example.com", RefusalReason::EmailConsecutiveDots},
        {"taro@", RefusalReason::EmailDomainEmpty},
        {"taro@localhost", RefusalReason::EmailDomainMissingDot},
        {"taro@example..com", RefusalReason::EmailConsecutiveDots},
        {"taro@.example.com", RefusalReason::EmailDotAtEdge},
        {"taro@example.com.", RefusalReason::EmailDotAtEdge},
        {"taro@-example.com", RefusalReason::EmailDomainLabelHyphen},
        {"taro@example-.com", RefusalReason::EmailDomainLabelHyphen},
        {"taro@example.c", RefusalReason::EmailTopLevelDomainInvalid},
        {"taro@192.168.0.1", RefusalReason::EmailTopLevelDomainInvalid},
        {"taro@" + std::string(64, 'a') + ".com", RefusalReason::EmailDomainLabelTooLong},
        {"taro@exa_mple.com", RefusalReason::CharacterNotAllowed},
        {"ta ro@example.com", RefusalReason::SpaceNotAllowed},
        {"太郎@example.com", RefusalReason::CharacterNotAllowed},
        {"taro@例え.jp", RefusalReason::CharacterNotAllowed},
        {"\"taro\"@example.com", RefusalReason::CharacterNotAllowed},
        {"taro(x)@example.com", RefusalReason::CharacterNotAllowed},
        {"", RefusalReason::Empty},
        {"taro@example.com\xFF", RefusalReason::InvalidUtf8},
    };
    for (const auto& c : cases) {
        auto reason = reasonFor(c.address);
        ASSERT_TRUE(reason.has_value()) << c.address;
        EXPECT_EQ(*reason, c.reason) << c.address << " got " << toString(*reason);
    }
}

TEST(EmailPolicy, TotalLengthIsAtMost254) {
    const std::string local(64, 'a');
    auto address = [&](std::size_t total) {
        // local@ + labels of 60 letters joined by dots + ".jp", padded to `total` characters.
        std::string domain;
        while (local.size() + 1 + domain.size() + 63 < total) {
            domain += std::string(60, 'b') + ".";
        }
        domain += std::string(total - local.size() - 1 - domain.size() - 3, 'c') + ".jp";
        return local + "@" + domain;
    };
    EXPECT_EQ(address(254).size(), 254U);
    EXPECT_FALSE(reasonFor(address(254)).has_value());
    auto r = EmailPolicy{}.check(address(255), address(255));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.refusal->reason, RefusalReason::TooLong);
    EXPECT_EQ(r.refusal->limit, 254);
}

TEST(EmailPolicy, FoldsFullWidthAndTrimsThenShowsTheNormalisedAddress) {
    auto r = EmailPolicy{}.check("\u3000ｔａｒｏ＠ｅｘａｍｐｌｅ．ｃｏｍ ", "taro@example.com");
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r.normalized, "taro@example.com");
    EXPECT_TRUE(r.changedByNormalization);
    EXPECT_TRUE(r.changes.fullWidth);
    EXPECT_TRUE(r.changes.trimmed);
}

TEST(EmailPolicy, RefusalNamesTheCharacterAndItsPosition) {
    auto r = EmailPolicy{}.check("taro@exａmple,com", "");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.refusal->reason, RefusalReason::CharacterNotAllowed);
    EXPECT_EQ(r.refusal->offending, ",");
    EXPECT_EQ(r.refusal->position, 12U);

    auto second = EmailPolicy{}.check("taro@home@example.com", "");
    EXPECT_EQ(second.refusal->position, 9U);
    EXPECT_EQ(second.refusal->rule, RuleId::SingleAt);
}

TEST(EmailPolicy, ConfirmationMustMatchAfterFolding) {
    EmailPolicy policy;
    EXPECT_TRUE(policy.check("taro@example.com", "ｔａｒｏ＠ｅｘａｍｐｌｅ．ｃｏｍ").ok());

    auto differs = policy.check("taro@example.com", "taro@example.co");
    ASSERT_FALSE(differs.ok());
    EXPECT_EQ(differs.refusal->reason, RefusalReason::ConfirmationMismatch);
    EXPECT_EQ(differs.refusal->rule, RuleId::ConfirmationMatches);
    EXPECT_TRUE(differs.passed(RuleId::Domain));

    auto empty = policy.check("taro@example.com", "");
    ASSERT_FALSE(empty.ok());
    EXPECT_EQ(empty.refusal->reason, RefusalReason::Empty);
    EXPECT_EQ(empty.refusal->rule, RuleId::ConfirmationMatches);
}

TEST(EmailPolicy, ChecklistCoversEveryRuleInOrder) {
    auto r = EmailPolicy{}.check("taro@example.com", "taro@example.com");
    ASSERT_EQ(r.checklist.size(), 6U);
    const RuleId expected[] = {
        RuleId::AllowedCharacters, RuleId::Length, RuleId::SingleAt,
        RuleId::LocalPart,         RuleId::Domain, RuleId::ConfirmationMatches};
    for (std::size_t i = 0; i < 6; ++i) {
        EXPECT_EQ(r.checklist[i].id, expected[i]);
        EXPECT_TRUE(r.checklist[i].passed);
    }
}
