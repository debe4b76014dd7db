// SPDX-License-Identifier: Apache-2.0
#include "rules/PolicyResult.h"

#include <utility>

namespace madoguchi {

const RuleCheck* RuleReport::find(RuleId id) const {
    for (const auto& check : checklist) {
        if (check.id == id) {
            return &check;
        }
    }
    return nullptr;
}

bool RuleReport::passed(RuleId id) const {
    const RuleCheck* check = find(id);
    return check != nullptr && check->passed;
}

void RuleReport::pass(RuleId id) {
    checklist.push_back({id, true});
}

void RuleReport::fail(RuleId id, Refusal why) {
    checklist.push_back({id, false});
    if (!refusal) {
        why.rule = id;
        refusal = std::move(why);
    }
}

} // namespace madoguchi
