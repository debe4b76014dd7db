// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "rules/PolicyResult.h"

#include <cstddef>
#include <string_view>

namespace madoguchi {

struct EmailPolicyOptions {
    std::size_t maxLength = 254;     // RFC 5321 path limit less the angle brackets
    std::size_t maxLocalLength = 64; // RFC 5321 §4.5.3.1.1
};

// Step 5: a contact address for forgotten IDs and passwords. A practical check, not RFC 5322:
// dot-atom local part (no quoted strings, no comments), an ASCII domain of 2+ labels (no IP
// literals, no IDN: the portal's mailer is not known to take them). Full-width input is
// folded, surrounding spaces trimmed; case is kept. The confirmation is folded the same way.
// Checklist, in refusal order: AllowedCharacters, Length, SingleAt, LocalPart, Domain,
// ConfirmationMatches.
class EmailPolicy {
public:
    explicit EmailPolicy(EmailPolicyOptions options = {});

    PolicyResult check(std::string_view email, std::string_view confirmation) const;

    static bool isAllowed(char32_t cp); // RFC 5322 atext, '.', '@'

private:
    EmailPolicyOptions m_options;
};

} // namespace madoguchi
