// SPDX-License-Identifier: Apache-2.0
#include "rules/UserIdPolicy.h"

#include "rules/RuleText.h"
#include "rules/TextNormalizer.h"

#include <array>
#include <utility>

namespace madoguchi {

using namespace rule_text;

UserIdPolicy::UserIdPolicy(UserIdPolicyOptions options) : m_options(options) {}

bool UserIdPolicy::isAllowed(char32_t cp) {
    return isAsciiLower(cp) || isAsciiDigit(cp) || cp == U'-' || cp == U'_' || cp == U'.' ||
           cp == U'@';
}

PolicyResult UserIdPolicy::check(std::string_view input) const {
    NormalizedText norm = TextNormalizer::normalize(input, {.lowercase = true, .trimSpaces = true});
    PolicyResult result;
    recordNormalization(result, norm);
    if (!norm.valid()) {
        failInvalidUtf8(result, std::array{RuleId::AllowedCharacters, RuleId::Length},
                        *norm.invalidUtf8At);
        return result;
    }
    result.normalized = std::string(norm.text.view());
    if (auto bad = firstDisallowed(result.normalized, isAllowed)) {
        result.fail(RuleId::AllowedCharacters, std::move(*bad));
    } else {
        result.pass(RuleId::AllowedCharacters);
    }
    if (auto bad = lengthRefusal(norm.codePoints, m_options.minLength, m_options.maxLength)) {
        result.fail(RuleId::Length, std::move(*bad));
    } else {
        result.pass(RuleId::Length);
    }
    return result;
}

} // namespace madoguchi
