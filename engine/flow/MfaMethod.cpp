// SPDX-License-Identifier: Apache-2.0
#include "flow/MfaMethod.h"

#include <array>

namespace madoguchi {

std::string_view toString(MfaMethod method) {
    switch (method) {
    case MfaMethod::None:
        return "none";
    case MfaMethod::Otp:
        return "otp";
    case MfaMethod::SecurityKey:
        return "security-key";
    case MfaMethod::PhonePasskey:
        return "phone-passkey";
    }
    return "unknown";
}

std::optional<MfaMethod> mfaMethodFromString(std::string_view name) {
    constexpr std::array kAll{MfaMethod::None, MfaMethod::Otp, MfaMethod::SecurityKey,
                              MfaMethod::PhonePasskey};
    for (MfaMethod m : kAll) {
        if (toString(m) == name) {
            return m;
        }
    }
    return std::nullopt;
}

} // namespace madoguchi
