// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string_view>

namespace madoguchi {

// One item of a live checklist. The GUI shows a translated line per id and ticks it while the
// member types; a policy lists its ids in the order it picks a refusal (most specific first).
enum class RuleId {
    // Shared
    AllowedCharacters, // only the characters the field accepts (and well-formed text)
    Length,            // within the field's length limits (also: not empty)
    // Birth date (step 2)
    EightDigits, // exactly 8 digits, YYYYMMDD
    RealDate,    // a date that exists in the calendar
    NotInFuture, // not after today
    NotTooEarly, // not before the earliest accepted birth date (1900-01-01)
    // New password (step 4)
    NotUserId,           // does not equal or contain the chosen user ID
    NotTempPassword,     // does not equal or contain the temporary password
    NotBirthDate,        // does not contain the birth date
    NotCommon,           // not on the common-password blocklist
    ConfirmationMatches, // the second entry equals the first
    // Email (step 5)
    SingleAt,  // exactly one @
    LocalPart, // the part before @ is well formed
    Domain,    // the part after @ is a well-formed domain with a dot
    // Wareki helper
    EraDate, // an era name, a year, a month and a day inside that era
};

// Stable English name ("NotUserId") for logs and tests; never member-facing.
std::string_view toString(RuleId id);

} // namespace madoguchi
