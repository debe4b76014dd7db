// SPDX-License-Identifier: Apache-2.0
#include "rules/TempLoginPolicy.h"

#include "rules/RuleText.h"
#include "rules/TextNormalizer.h"

#include <array>
#include <utility>

namespace madoguchi {

using namespace rule_text;

namespace {

// Shared by the temporary ID and password: printable ASCII, 1..maxLength characters.
void checkCredentialText(RuleReport& report, const NormalizedText& norm, std::size_t maxLength) {
    recordNormalization(report, norm);
    if (!norm.valid()) {
        failInvalidUtf8(report, std::array{RuleId::AllowedCharacters, RuleId::Length},
                        *norm.invalidUtf8At);
        return;
    }
    if (auto bad = firstDisallowed(norm.text.view(), isAsciiGraphic)) {
        report.fail(RuleId::AllowedCharacters, std::move(*bad));
    } else {
        report.pass(RuleId::AllowedCharacters);
    }
    if (auto bad = lengthRefusal(norm.codePoints, 1, maxLength)) {
        report.fail(RuleId::Length, std::move(*bad));
    } else {
        report.pass(RuleId::Length);
    }
}

} // namespace

TempLoginPolicy::TempLoginPolicy(const Clock& clock, TempLoginOptions options)
    : m_clock(clock), m_options(options) {}

PolicyResult TempLoginPolicy::checkTempId(std::string_view input) const {
    NormalizedText norm = TextNormalizer::normalize(input, {.trimSpaces = true});
    PolicyResult result;
    checkCredentialText(result, norm, m_options.maxTempIdLength);
    result.normalized = std::string(norm.text.view());
    return result;
}

SecretPolicyResult TempLoginPolicy::checkTempPassword(const SecureBuffer& input) const {
    NormalizedText norm =
        TextNormalizer::normalize(input.view(), {.yenToBackslash = true, .trimSpaces = true});
    SecretPolicyResult result;
    checkCredentialText(result, norm, m_options.maxTempPasswordLength);
    result.normalized = std::move(norm.text);
    return result;
}

SecretPolicyResult TempLoginPolicy::checkBirthDate(const SecureBuffer& input) const {
    NormalizedText norm = TextNormalizer::normalize(input.view(), {.trimSpaces = true});
    SecretPolicyResult result;
    recordNormalization(result, norm);
    constexpr std::array kAll{RuleId::EightDigits, RuleId::RealDate, RuleId::NotInFuture,
                              RuleId::NotTooEarly};
    if (!norm.valid()) {
        failInvalidUtf8(result, kAll, *norm.invalidUtf8At);
        return result;
    }
    const std::string_view digits = norm.text.view();
    std::optional<Refusal> shape = firstDisallowed(digits, isAsciiDigit);
    if (!shape && norm.codePoints != 8) {
        shape = Refusal{norm.codePoints == 0 ? RefusalReason::Empty : RefusalReason::NotEightDigits,
                        RuleId::EightDigits,
                        {},
                        0,
                        8};
    }
    if (shape) {
        for (RuleId id : kAll) {
            result.fail(id, *shape);
        }
        result.normalized = std::move(norm.text);
        return result;
    }
    result.pass(RuleId::EightDigits);

    const std::optional<CalendarDate> date = CalendarDate::fromDigits(digits);
    if (!date) {
        for (RuleId id : {RuleId::RealDate, RuleId::NotInFuture, RuleId::NotTooEarly}) {
            result.fail(id, Refusal{RefusalReason::NotADate, id, {}, 0, 0});
        }
    } else {
        result.pass(RuleId::RealDate);
        const CalendarDate today = CalendarDate::today(m_clock, m_options.utcOffset);
        if (*date > today) {
            result.fail(RuleId::NotInFuture,
                        Refusal{RefusalReason::DateInFuture, {}, {}, 0, today.toNumber()});
        } else {
            result.pass(RuleId::NotInFuture);
        }
        if (*date < m_options.earliestBirthDate) {
            result.fail(RuleId::NotTooEarly, Refusal{RefusalReason::DateTooEarly,
                                                     {},
                                                     {},
                                                     0,
                                                     m_options.earliestBirthDate.toNumber()});
        } else {
            result.pass(RuleId::NotTooEarly);
        }
    }
    result.normalized = std::move(norm.text);
    return result;
}

} // namespace madoguchi
