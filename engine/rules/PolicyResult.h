// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/SecureBuffer.h"
#include "rules/Refusal.h"
#include "rules/RuleId.h"
#include "rules/TextNormalizer.h"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace madoguchi {

struct RuleCheck {
    RuleId id = RuleId::Length;
    bool passed = false; // a rule that cannot be judged yet (e.g. no date) is not passed
};

// What every policy reports: the live checklist, the first refusal in the policy's order, and
// what normalisation did. The normalised value lives in the derived types.
struct RuleReport {
    std::vector<RuleCheck> checklist;
    std::optional<Refusal> refusal; // set exactly when some check failed
    NormalizationChanges changes;   // what the normaliser changed
    bool changedByNormalization = false;
    std::size_t length = 0; // code points of the normalised value (for "5 / 13")

    bool ok() const { return !refusal.has_value(); }
    // nullptr if this policy has no such rule.
    const RuleCheck* find(RuleId id) const;
    bool passed(RuleId id) const;

    // Appends a check; the first failure recorded becomes the refusal.
    void pass(RuleId id);
    void fail(RuleId id, Refusal refusal);
};

// Result for a field whose value is not secret (user ID, email, temporary ID).
struct PolicyResult : RuleReport {
    std::string normalized; // the value to use and to show back to the member
};

// Result for a secret field (passwords, birth date): the value never leaves a SecureBuffer.
struct SecretPolicyResult : RuleReport {
    SecureBuffer normalized;
};

// A value derived from input (a date from 昭和23年4月5日), or the reason it could not be.
template <class T>
struct Checked {
    std::optional<T> value;
    std::optional<Refusal> refusal;
    bool ok() const { return value.has_value(); }
};

} // namespace madoguchi
