// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/SecureBuffer.h"
#include "flow/MfaMethod.h"

#include <cstdint>
#include <string>
#include <vector>

namespace madoguchi {

// Everything the member typed during one visit, owned by EnrollmentFlow and wiped on
// timeout, cancel, completion and any return to the attract screen. Secrets live only in
// SecureBuffers; the temporary credentials and the new password are also wiped as soon as
// the basic registration is committed (nothing after the commit needs them).
struct EnrollmentDraft {
    std::string tempId;
    SecureBuffer tempPassword;
    SecureBuffer birthDate;
    std::string termsVersion;
    std::string userId;
    MfaMethod method = MfaMethod::None;
    SecureBuffer newPassword;
    std::string email;
    std::string enrollmentId;
    std::string deviceName; // OTP device name, security key name or phone passkey name
    // The account's WebAuthn user handle, the same for every key tried in this enrollment.
    // (The key's PIN is never here: it stays in the devices layer.)
    std::vector<std::uint8_t> keyUserHandle;

    // Overwrites and clears every field.
    void wipe();
    // Wipes only the fields the commit made unnecessary (temp credentials, new password).
    void wipeCommittedSecrets();
    // True when no field holds anything (what a test checks after a wipe).
    bool isEmpty() const;
};

// Overwrites a std::string's bytes before clearing it (for personal, non-secret data).
void wipeString(std::string& text);

} // namespace madoguchi
