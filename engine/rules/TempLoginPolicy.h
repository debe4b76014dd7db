// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Clock.h"
#include "core/SecureBuffer.h"
#include "rules/CalendarDate.h"
#include "rules/PolicyResult.h"

#include <chrono>
#include <cstddef>
#include <string_view>

namespace madoguchi {

struct TempLoginOptions {
    std::size_t maxTempIdLength = 64; // generous: the society's format may change
    std::size_t maxTempPasswordLength = 64;
    CalendarDate earliestBirthDate{1900, 1, 1};
    std::chrono::minutes utcOffset{9 * 60}; // "today" is the kiosk's day in Japan (JST, no DST)
};

// Step 2: the temporary credentials from the society's letter and the member's birth date.
// Local checks only (the central service verifies the credentials); each field has its own
// result so the screen can mark the field that needs attention.
class TempLoginPolicy {
public:
    // `clock` must outlive the policy.
    explicit TempLoginPolicy(const Clock& clock, TempLoginOptions options = {});
    TempLoginPolicy(const Clock&&, TempLoginOptions = {}) = delete;

    // Checklist: AllowedCharacters (printable ASCII, no spaces), Length (1..max).
    // Full-width folded; surrounding spaces trimmed; case kept (the issuer's IDs may be mixed).
    PolicyResult checkTempId(std::string_view input) const;
    // Same rules as the ID; the yen sign counts as a backslash (JIS keyboards).
    SecretPolicyResult checkTempPassword(const SecureBuffer& input) const;
    // Checklist: EightDigits, RealDate, NotInFuture, NotTooEarly. Full-width digits folded.
    SecretPolicyResult checkBirthDate(const SecureBuffer& input) const;

private:
    const Clock& m_clock;
    TempLoginOptions m_options;
};

} // namespace madoguchi
