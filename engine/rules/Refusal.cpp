// SPDX-License-Identifier: Apache-2.0
#include "rules/Refusal.h"

namespace madoguchi {

std::string_view toString(RefusalReason reason) {
    switch (reason) {
    case RefusalReason::InvalidUtf8:
        return "InvalidUtf8";
    case RefusalReason::Empty:
        return "Empty";
    case RefusalReason::TooShort:
        return "TooShort";
    case RefusalReason::TooLong:
        return "TooLong";
    case RefusalReason::CharacterNotAllowed:
        return "CharacterNotAllowed";
    case RefusalReason::SpaceNotAllowed:
        return "SpaceNotAllowed";
    case RefusalReason::UppercaseNotAllowed:
        return "UppercaseNotAllowed";
    case RefusalReason::NotEightDigits:
        return "NotEightDigits";
    case RefusalReason::NotADate:
        return "NotADate";
    case RefusalReason::DateInFuture:
        return "DateInFuture";
    case RefusalReason::DateTooEarly:
        return "DateTooEarly";
    case RefusalReason::UnknownEra:
        return "UnknownEra";
    case RefusalReason::MalformedEraDate:
        return "MalformedEraDate";
    case RefusalReason::BeforeEraStart:
        return "BeforeEraStart";
    case RefusalReason::AfterEraEnd:
        return "AfterEraEnd";
    case RefusalReason::BeforeGregorianCalendar:
        return "BeforeGregorianCalendar";
    case RefusalReason::ContainsUserId:
        return "ContainsUserId";
    case RefusalReason::ContainsTempPassword:
        return "ContainsTempPassword";
    case RefusalReason::ContainsBirthDate:
        return "ContainsBirthDate";
    case RefusalReason::CommonPassword:
        return "CommonPassword";
    case RefusalReason::ConfirmationMismatch:
        return "ConfirmationMismatch";
    case RefusalReason::EmailMissingAt:
        return "EmailMissingAt";
    case RefusalReason::EmailMultipleAt:
        return "EmailMultipleAt";
    case RefusalReason::EmailLocalPartEmpty:
        return "EmailLocalPartEmpty";
    case RefusalReason::EmailLocalPartTooLong:
        return "EmailLocalPartTooLong";
    case RefusalReason::EmailDotAtEdge:
        return "EmailDotAtEdge";
    case RefusalReason::EmailConsecutiveDots:
        return "EmailConsecutiveDots";
    case RefusalReason::EmailDomainEmpty:
        return "EmailDomainEmpty";
    case RefusalReason::EmailDomainMissingDot:
        return "EmailDomainMissingDot";
    case RefusalReason::EmailDomainLabelTooLong:
        return "EmailDomainLabelTooLong";
    case RefusalReason::EmailDomainLabelHyphen:
        return "EmailDomainLabelHyphen";
    case RefusalReason::EmailTopLevelDomainInvalid:
        return "EmailTopLevelDomainInvalid";
    }
    return "Unknown";
}

} // namespace madoguchi
