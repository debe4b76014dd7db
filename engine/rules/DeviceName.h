// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace madoguchi {

// The name a member gives a sign-in method (the authenticator app's entry, a security key, a
// phone passkey), shown later on the portal so the member can recognise it.
class DeviceName {
public:
    // Code points; what the portal shows in full and the otpauth label keeps readable.
    static constexpr std::size_t kMaxLength = 32;

    enum class Use {
        OtpApp,     // the otpauth:// label: "issuer:account", so no ':' in the name
        SecurityKey // also a phone passkey
    };
    enum class Problem { Empty, TooLong, Colon, NotText };

    struct Checked {
        std::string name; // trimmed of spaces (ASCII and U+3000) at both ends
        std::optional<Problem> problem;
        bool ok() const { return !problem.has_value(); }
    };
    static Checked check(std::string_view typed, Use use);
};

} // namespace madoguchi
