// SPDX-License-Identifier: Apache-2.0
#include "rules/EmailPolicy.h"

#include "rules/RuleText.h"
#include "rules/TextNormalizer.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <utility>

namespace madoguchi {

using namespace rule_text;

namespace {

constexpr NormalizeOptions kEmailFold{.trimSpaces = true};
constexpr std::size_t kMaxLabelLength = 63; // RFC 1035 §2.3.4

bool isAsciiAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Dots may separate atoms but not start, end or double up. `base` is the part's position in
// the whole address (everything here is ASCII, so bytes are code points).
std::optional<Refusal> checkDots(std::string_view part, std::size_t base) {
    if (part.front() == '.' || part.back() == '.') {
        const std::size_t at = part.front() == '.' ? 0 : part.size() - 1;
        return Refusal{RefusalReason::EmailDotAtEdge, {}, ".", base + at, 0};
    }
    const std::size_t twice = part.find("..");
    if (twice != std::string_view::npos) {
        return Refusal{RefusalReason::EmailConsecutiveDots, {}, ".", base + twice + 1, 0};
    }
    return std::nullopt;
}

std::optional<Refusal> checkLocal(std::string_view local, std::size_t maxLength) {
    if (local.empty()) {
        return Refusal{RefusalReason::EmailLocalPartEmpty, {}, {}, 0, 0};
    }
    if (local.size() > maxLength) {
        return Refusal{
            RefusalReason::EmailLocalPartTooLong, {}, {}, 0, static_cast<int>(maxLength)};
    }
    return checkDots(local, 0);
}

std::optional<Refusal> checkDomain(std::string_view domain, std::size_t base) {
    if (domain.empty()) {
        return Refusal{RefusalReason::EmailDomainEmpty, {}, {}, base, 0};
    }
    if (auto dots = checkDots(domain, base)) {
        return dots;
    }
    if (domain.find('.') == std::string_view::npos) {
        return Refusal{RefusalReason::EmailDomainMissingDot, {}, {}, base, 0};
    }
    std::size_t start = 0;
    std::string_view last;
    while (start <= domain.size()) {
        std::size_t end = domain.find('.', start);
        if (end == std::string_view::npos) {
            end = domain.size();
        }
        const std::string_view label = domain.substr(start, end - start);
        for (std::size_t i = 0; i < label.size(); ++i) {
            if (!isAsciiAlnum(label[i]) && label[i] != '-') {
                return Refusal{RefusalReason::CharacterNotAllowed,
                               {},
                               std::string(1, label[i]),
                               base + start + i,
                               0};
            }
        }
        if (label.size() > kMaxLabelLength) {
            return Refusal{RefusalReason::EmailDomainLabelTooLong,
                           {},
                           std::string(label),
                           base + start,
                           static_cast<int>(kMaxLabelLength)};
        }
        if (label.front() == '-' || label.back() == '-') {
            const std::size_t at = label.front() == '-' ? 0 : label.size() - 1;
            return Refusal{RefusalReason::EmailDomainLabelHyphen,
                           {},
                           std::string(label),
                           base + start + at,
                           0};
        }
        last = label;
        start = end + 1;
    }
    const bool allDigits =
        std::all_of(last.begin(), last.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (last.size() < 2 || allDigits) {
        return Refusal{RefusalReason::EmailTopLevelDomainInvalid,
                       {},
                       std::string(last),
                       base + domain.size() - last.size(),
                       0};
    }
    return std::nullopt;
}

} // namespace

EmailPolicy::EmailPolicy(EmailPolicyOptions options) : m_options(options) {}

bool EmailPolicy::isAllowed(char32_t cp) {
    if (cp >= 0x80) {
        return false;
    }
    const char c = static_cast<char>(cp);
    static constexpr std::string_view kAtextSymbols = "!#$%&'*+-/=?^_`{|}~";
    return isAsciiAlnum(c) || c == '.' || c == '@' ||
           kAtextSymbols.find(c) != std::string_view::npos;
}

PolicyResult EmailPolicy::check(std::string_view email, std::string_view confirmation) const {
    constexpr std::array kAll{
        RuleId::AllowedCharacters, RuleId::Length, RuleId::SingleAt,
        RuleId::LocalPart,         RuleId::Domain, RuleId::ConfirmationMatches};
    NormalizedText norm = TextNormalizer::normalize(email, kEmailFold);
    PolicyResult result;
    recordNormalization(result, norm);
    if (!norm.valid()) {
        failInvalidUtf8(result, kAll, *norm.invalidUtf8At);
        return result;
    }
    result.normalized = std::string(norm.text.view());
    const std::string_view address = result.normalized;
    if (address.empty()) {
        failAll(result, kAll, Refusal{RefusalReason::Empty, RuleId::Length, {}, 0, 0});
        return result;
    }

    if (auto bad = firstDisallowed(address, isAllowed)) {
        result.fail(RuleId::AllowedCharacters, std::move(*bad));
    } else {
        result.pass(RuleId::AllowedCharacters);
    }
    if (norm.codePoints > m_options.maxLength) {
        result.fail(
            RuleId::Length,
            Refusal{RefusalReason::TooLong, {}, {}, 0, static_cast<int>(m_options.maxLength)});
    } else {
        result.pass(RuleId::Length);
    }

    const std::size_t at = address.find('@');
    const std::size_t secondAt = at == std::string_view::npos ? at : address.find('@', at + 1);
    if (at == std::string_view::npos) {
        for (RuleId id : {RuleId::SingleAt, RuleId::LocalPart, RuleId::Domain}) {
            result.fail(id, Refusal{RefusalReason::EmailMissingAt, {}, {}, 0, 0});
        }
    } else if (secondAt != std::string_view::npos) {
        // Characters before the second @ may be multibyte; count code points for position.
        const std::size_t position = Utf8::length(address.substr(0, secondAt)).value_or(0);
        for (RuleId id : {RuleId::SingleAt, RuleId::LocalPart, RuleId::Domain}) {
            result.fail(id, Refusal{RefusalReason::EmailMultipleAt, {}, "@", position, 0});
        }
    } else {
        result.pass(RuleId::SingleAt);
        // Parts with a disallowed character were already refused above (so byte offsets used
        // as positions below only surface for all-ASCII input); their structure is still
        // judged so the checklist stays informative.
        if (auto bad = checkLocal(address.substr(0, at), m_options.maxLocalLength)) {
            result.fail(RuleId::LocalPart, std::move(*bad));
        } else {
            result.pass(RuleId::LocalPart);
        }
        if (auto bad = checkDomain(address.substr(at + 1), at + 1)) {
            result.fail(RuleId::Domain, std::move(*bad));
        } else {
            result.pass(RuleId::Domain);
        }
    }

    NormalizedText confirm = TextNormalizer::normalize(confirmation, kEmailFold);
    if (!confirm.valid()) {
        result.fail(RuleId::ConfirmationMatches,
                    Refusal{RefusalReason::InvalidUtf8, {}, {}, *confirm.invalidUtf8At, 0});
    } else if (confirm.codePoints == 0) {
        result.fail(RuleId::ConfirmationMatches, Refusal{RefusalReason::Empty, {}, {}, 0, 0});
    } else if (confirm.text.view() != address) {
        result.fail(RuleId::ConfirmationMatches,
                    Refusal{RefusalReason::ConfirmationMismatch, {}, {}, 0, 0});
    } else {
        result.pass(RuleId::ConfirmationMatches);
    }
    return result;
}

} // namespace madoguchi
