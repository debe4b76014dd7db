// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "rules/PolicyResult.h"

#include <cstddef>
#include <string_view>

namespace madoguchi {

struct UserIdPolicyOptions {
    std::size_t minLength = 8; // the manual: 8 字以上 13 字以内
    std::size_t maxLength = 13;
};

// Step 3: the member's own user ID. The manual allows half-width lowercase letters, digits and
// - _ . @ ; it does not ask for a letter, so an all-digit ID is accepted (availability is the
// central service's check, UserIdTaken). Full-width input and uppercase are folded to
// half-width lowercase and shown back; surrounding spaces are trimmed; anything else is
// refused naming the character.
class UserIdPolicy {
public:
    explicit UserIdPolicy(UserIdPolicyOptions options = {});

    // Checklist: AllowedCharacters, Length.
    PolicyResult check(std::string_view input) const;

    static bool isAllowed(char32_t cp);

private:
    UserIdPolicyOptions m_options;
};

} // namespace madoguchi
