// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/SecureBuffer.h"
#include "rules/PasswordBlocklist.h"
#include "rules/PolicyResult.h"

#include <cstddef>
#include <string>
#include <string_view>

namespace madoguchi {

// The symbols the seed manual lists for passwords (step 4):
//   !~#\$%&'()=~|`{+*}◇?_~¥@[;:],./
// The list follows the keys of a Japanese keyboard row by row (!"#$%&'()=~| then `{+*}<>?_
// then -^¥@[;:],./), with a few keys lost in the PDF; read that way its ◇ is "<>" and it
// allows every printable ASCII symbol (issue 12). '¥' is the JIS key for '\' (the yen sign
// is folded to '\'). A society whose portal is narrower lists its symbols in the profile
// ([kiosk.password_policy] symbols), which becomes PasswordPolicyOptions::allowedSymbols.
inline constexpr std::string_view kManualPasswordSymbols = "!\"#$%&'()=~|`{+*}<>?_-^\\@[;:],./";

struct PasswordPolicyOptions {
    // The manual says lowercase only; NIST SP 800-63B §5.1.1.2 advises against composition
    // limits, so uppercase is accepted unless the society's portal needs the manual's rule.
    bool allowUppercase = true;
    std::size_t minLength = 8;
    std::size_t maxLength = 64;
    std::string allowedSymbols{kManualPasswordSymbols}; // ASCII only
    // A temporary password shorter than this is only compared for equality, not containment.
    std::size_t minContainedLength = 4;
};

// What the new password must stay away from. Views of the caller's buffers (usually
// SecureBuffer::view()); nothing is copied out of this call. Empty means "not known".
struct PasswordContext {
    std::string_view userId;       // the chosen user ID
    std::string_view tempPassword; // the temporary password from the letter
    std::string_view birthDate;    // YYYYMMDD
};

// Step 4: the new password and its confirmation.
// Checklist, in refusal order: AllowedCharacters, Length, NotUserId, NotTempPassword,
// NotBirthDate, NotCommon, ConfirmationMatches.
// - Full-width input folded to half-width, the yen sign to '\'; nothing trimmed (a space is
//   refused, never silently dropped from a password).
// - User ID, temporary password: refused if equal to or contained in the password,
//   case-insensitively.
// - Birth date: refused if the password contains YYYYMMDD, YYMMDD, or YYYY-MM-DD with '-', '/'
//   or '.'; MMDD alone is not refused (any 4 digits would match 1 birthday in ~366).
// - Common passwords: case-insensitive exact match against the blocklist.
// The result holds the normalised password in a SecureBuffer and never names any of it except
// a character that can never be part of a valid password.
class PasswordPolicy {
public:
    // `blocklist` must outlive the policy (load it once at start-up).
    explicit PasswordPolicy(const PasswordBlocklist& blocklist, PasswordPolicyOptions options = {});
    PasswordPolicy(const PasswordBlocklist&&, PasswordPolicyOptions = {}) = delete;

    SecretPolicyResult check(const SecureBuffer& password, const SecureBuffer& confirmation,
                             const PasswordContext& context) const;

    const PasswordPolicyOptions& options() const { return m_options; }

private:
    bool isAllowed(char32_t cp) const;

    const PasswordBlocklist& m_blocklist;
    PasswordPolicyOptions m_options;
};

} // namespace madoguchi
