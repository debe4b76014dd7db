// SPDX-License-Identifier: Apache-2.0
#include "rules/RuleId.h"

namespace madoguchi {

std::string_view toString(RuleId id) {
    switch (id) {
    case RuleId::AllowedCharacters:
        return "AllowedCharacters";
    case RuleId::Length:
        return "Length";
    case RuleId::EightDigits:
        return "EightDigits";
    case RuleId::RealDate:
        return "RealDate";
    case RuleId::NotInFuture:
        return "NotInFuture";
    case RuleId::NotTooEarly:
        return "NotTooEarly";
    case RuleId::NotUserId:
        return "NotUserId";
    case RuleId::NotTempPassword:
        return "NotTempPassword";
    case RuleId::NotBirthDate:
        return "NotBirthDate";
    case RuleId::NotCommon:
        return "NotCommon";
    case RuleId::ConfirmationMatches:
        return "ConfirmationMatches";
    case RuleId::SingleAt:
        return "SingleAt";
    case RuleId::LocalPart:
        return "LocalPart";
    case RuleId::Domain:
        return "Domain";
    case RuleId::EraDate:
        return "EraDate";
    }
    return "Unknown";
}

} // namespace madoguchi
