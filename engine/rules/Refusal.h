// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "rules/RuleId.h"

#include <cstddef>
#include <string>
#include <string_view>

namespace madoguchi {

// Why an input was refused. The GUI turns a reason plus the Refusal's data into a sentence in
// the member's language; the engine holds no member-facing text.
enum class RefusalReason {
    // Text
    InvalidUtf8,         // the bytes are not UTF-8; position = code points before the fault
    Empty,               // nothing typed (after trimming spaces)
    TooShort,            // limit = minimum length in characters
    TooLong,             // limit = maximum length in characters
    CharacterNotAllowed, // offending = the character, position = its index
    SpaceNotAllowed,     // a space (or ideographic space) inside the value; position
    UppercaseNotAllowed, // offending = the letter (only when uppercase is switched off)
    // Dates
    NotEightDigits,          // birth date is not 8 digits; limit = 8
    NotADate,                // no such day (20230229, 2月30日, 昭和0年)
    DateInFuture,            // limit = today as YYYYMMDD
    DateTooEarly,            // limit = earliest accepted date as YYYYMMDD
    UnknownEra,              // offending = what stood where an era name was expected
    MalformedEraDate,        // offending = unexpected character (empty at end of input)
    BeforeEraStart,          // limit = the era's first day as YYYYMMDD
    AfterEraEnd,             // limit = the era's last day as YYYYMMDD
    BeforeGregorianCalendar, // Japan adopted it on Meiji 6-01-01; limit = 18730101
    // Password
    ContainsUserId,
    ContainsTempPassword,
    ContainsBirthDate,
    CommonPassword,
    ConfirmationMismatch,
    // Email
    EmailMissingAt,
    EmailMultipleAt, // position = the second @
    EmailLocalPartEmpty,
    EmailLocalPartTooLong, // limit = 64
    EmailDotAtEdge,        // a part starts or ends with a dot; position
    EmailConsecutiveDots,  // position = the second dot
    EmailDomainEmpty,
    EmailDomainMissingDot,
    EmailDomainLabelTooLong,    // limit = 63; offending = the label
    EmailDomainLabelHyphen,     // a label starts or ends with '-'; offending = the label
    EmailTopLevelDomainInvalid, // offending = the last label (must be 2+ chars, not all digits)
};

std::string_view toString(RefusalReason reason);

// A specific reason for refusing, with the data a message needs. Never holds a secret: for
// secret fields `offending` is only set for a character the field can never contain.
struct Refusal {
    RefusalReason reason = RefusalReason::Empty;
    RuleId rule = RuleId::Length;
    std::string offending;    // UTF-8, usually one character; empty when not applicable
    std::size_t position = 0; // index in code points of the normalised value
    int limit = 0;            // a length limit or a date as YYYYMMDD; 0 when not applicable
};

} // namespace madoguchi
