// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "crypto/PasswordHasher.h"
#include "otp/Totp.h"
#include "rules/PasswordPolicy.h"
#include "rules/UserIdPolicy.h"

#include <chrono>
#include <functional>
#include <string>

namespace madoguchi::kiosk {

// What the controller needs from the kiosk's configuration.
struct KioskOptions {
    std::string kioskId;
    std::string issuer;              // otpauth issuer, e.g. ITC健保
    std::string defaultDeviceName;   // pre-filled device name, e.g. ITC健保
    std::string rpId;                // FIDO2 relying party ID (organisation profile)
    std::string rpName;              // FIDO2 relying party name (organisation profile)
    std::string sealingPublicKeyPem; // the central service's public key for sealed results
    crypto::PasswordHasher::Params passwordHash{};
    PasswordPolicyOptions passwordPolicy{};
    UserIdPolicyOptions userIdPolicy{};
    TotpParams totp{};
    int otpMaxAttempts = 5;
    // How long a member interrupted after step ⑥ can resume on this kiosk.
    std::chrono::hours resumeWindow{72};
    // Wrong resume passwords in a row before the registration's resume locks (staff unlock).
    int resumeMaxAttempts = 5;
    // Checks a password against a PBKDF2 record; null: crypto::PasswordHasher::verify. Tests
    // plug a counting one in to see that an unknown user ID costs a verification too.
    std::function<Result<bool>(std::string_view record, const SecureBuffer& password)>
        verifyPassword;
};

} // namespace madoguchi::kiosk
