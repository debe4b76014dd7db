// SPDX-License-Identifier: Apache-2.0
#include "flow/FlowConfig.h"

namespace madoguchi {

Status FlowConfig::validate() const {
    if (idleTimeout <= std::chrono::seconds::zero()) {
        return {ErrorCode::ConfigInvalid, "flow.idleTimeout must be positive"};
    }
    if (warningLead < std::chrono::seconds::zero() || warningLead > idleTimeout) {
        return {ErrorCode::ConfigInvalid, "flow.warningLead must be within [0, idleTimeout]"};
    }
    if (otpMaxAttempts < 1) {
        return {ErrorCode::ConfigInvalid, "flow.otpMaxAttempts must be at least 1"};
    }
    return {};
}

} // namespace madoguchi
