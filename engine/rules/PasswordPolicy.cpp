// SPDX-License-Identifier: Apache-2.0
#include "rules/PasswordPolicy.h"

#include "rules/CalendarDate.h"
#include "rules/RuleText.h"
#include "rules/TextNormalizer.h"

#include <array>
#include <utility>

namespace madoguchi {

using namespace rule_text;

namespace {

constexpr NormalizeOptions kPasswordFold{.yenToBackslash = true};

SecureBuffer lowerCopy(std::string_view text) {
    SecureBuffer out = SecureBuffer::fromText(text);
    for (auto& b : out.bytes()) {
        if (b >= 'A' && b <= 'Z') {
            b = static_cast<std::uint8_t>(b - 'A' + 'a');
        }
    }
    return out;
}

bool containsText(std::string_view haystack, std::string_view needle) {
    return !needle.empty() && haystack.find(needle) != std::string_view::npos;
}

// The renderings of a birth date that count as "containing" it.
bool containsBirthDate(std::string_view password, std::string_view birthDate) {
    NormalizedText norm = TextNormalizer::normalize(birthDate, {.trimSpaces = true});
    const std::string_view digits = norm.text.view();
    if (!norm.valid() || !CalendarDate::fromDigits(digits)) {
        return false; // not a usable date: step 2 refuses it anyway
    }
    if (containsText(password, digits) || containsText(password, digits.substr(2))) {
        return true;
    }
    for (char sep : {'-', '/', '.'}) {
        SecureBuffer separated;
        separated.append(digits.substr(0, 4));
        separated.append(std::string_view(&sep, 1));
        separated.append(digits.substr(4, 2));
        separated.append(std::string_view(&sep, 1));
        separated.append(digits.substr(6, 2));
        if (containsText(password, separated.view())) {
            return true;
        }
    }
    return false;
}

} // namespace

PasswordPolicy::PasswordPolicy(const PasswordBlocklist& blocklist, PasswordPolicyOptions options)
    : m_blocklist(blocklist), m_options(std::move(options)) {}

bool PasswordPolicy::isAllowed(char32_t cp) const {
    if (isAsciiLower(cp) || isAsciiDigit(cp)) {
        return true;
    }
    if (isAsciiUpper(cp)) {
        return m_options.allowUppercase;
    }
    return cp < 0x80 && cp != 0 &&
           m_options.allowedSymbols.find(static_cast<char>(cp)) != std::string::npos;
}

SecretPolicyResult PasswordPolicy::check(const SecureBuffer& password,
                                         const SecureBuffer& confirmation,
                                         const PasswordContext& context) const {
    constexpr std::array kAll{RuleId::AllowedCharacters,  RuleId::Length,       RuleId::NotUserId,
                              RuleId::NotTempPassword,    RuleId::NotBirthDate, RuleId::NotCommon,
                              RuleId::ConfirmationMatches};
    NormalizedText norm = TextNormalizer::normalize(password.view(), kPasswordFold);
    SecretPolicyResult result;
    recordNormalization(result, norm);
    if (!norm.valid()) {
        failInvalidUtf8(result, kAll, *norm.invalidUtf8At);
        return result;
    }
    if (norm.codePoints == 0) {
        failAll(result, kAll,
                Refusal{RefusalReason::Empty,
                        RuleId::Length,
                        {},
                        0,
                        static_cast<int>(m_options.minLength)});
        return result;
    }
    const std::string_view pw = norm.text.view();

    if (auto bad = firstDisallowed(pw, [this](char32_t cp) { return isAllowed(cp); })) {
        if (bad->offending.size() == 1 && isAsciiUpper(static_cast<char32_t>(bad->offending[0]))) {
            bad->reason = RefusalReason::UppercaseNotAllowed;
        }
        result.fail(RuleId::AllowedCharacters, std::move(*bad));
    } else {
        result.pass(RuleId::AllowedCharacters);
    }
    if (auto bad = lengthRefusal(norm.codePoints, m_options.minLength, m_options.maxLength)) {
        result.fail(RuleId::Length, std::move(*bad));
    } else {
        result.pass(RuleId::Length);
    }

    const SecureBuffer lowered = lowerCopy(pw);
    const std::string_view low = lowered.view();

    NormalizedText userId =
        TextNormalizer::normalize(context.userId, {.lowercase = true, .trimSpaces = true});
    if (userId.valid() && containsText(low, userId.text.view())) {
        result.fail(RuleId::NotUserId, Refusal{RefusalReason::ContainsUserId, {}, {}, 0, 0});
    } else {
        result.pass(RuleId::NotUserId);
    }

    NormalizedText temp = TextNormalizer::normalize(
        context.tempPassword, {.lowercase = true, .yenToBackslash = true, .trimSpaces = true});
    const bool tempHit =
        temp.valid() && temp.codePoints > 0 &&
        (temp.codePoints >= m_options.minContainedLength ? containsText(low, temp.text.view())
                                                         : low == temp.text.view());
    if (tempHit) {
        result.fail(RuleId::NotTempPassword,
                    Refusal{RefusalReason::ContainsTempPassword, {}, {}, 0, 0});
    } else {
        result.pass(RuleId::NotTempPassword);
    }

    if (containsBirthDate(low, context.birthDate)) {
        result.fail(RuleId::NotBirthDate, Refusal{RefusalReason::ContainsBirthDate, {}, {}, 0, 0});
    } else {
        result.pass(RuleId::NotBirthDate);
    }

    if (m_blocklist.contains(low)) {
        result.fail(RuleId::NotCommon, Refusal{RefusalReason::CommonPassword, {}, {}, 0, 0});
    } else {
        result.pass(RuleId::NotCommon);
    }

    NormalizedText confirm = TextNormalizer::normalize(confirmation.view(), kPasswordFold);
    if (!confirm.valid()) {
        result.fail(RuleId::ConfirmationMatches,
                    Refusal{RefusalReason::InvalidUtf8, {}, {}, *confirm.invalidUtf8At, 0});
    } else if (confirm.codePoints == 0) {
        result.fail(RuleId::ConfirmationMatches, Refusal{RefusalReason::Empty, {}, {}, 0, 0});
    } else if (!norm.text.equals(confirm.text.bytes())) {
        result.fail(RuleId::ConfirmationMatches,
                    Refusal{RefusalReason::ConfirmationMismatch, {}, {}, 0, 0});
    } else {
        result.pass(RuleId::ConfirmationMatches);
    }

    result.normalized = std::move(norm.text);
    return result;
}

} // namespace madoguchi
