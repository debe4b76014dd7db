// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string_view>

namespace madoguchi {

// The second factor the member binds after the basic registration.
enum class MfaMethod { None, Otp, SecurityKey, PhonePasskey };

// Stable names for the resume record: "none", "otp", "security-key", "phone-passkey".
std::string_view toString(MfaMethod method);
std::optional<MfaMethod> mfaMethodFromString(std::string_view name);

} // namespace madoguchi
