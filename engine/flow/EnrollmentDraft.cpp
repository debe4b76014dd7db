// SPDX-License-Identifier: Apache-2.0
#include "flow/EnrollmentDraft.h"

#include <openssl/crypto.h>

namespace madoguchi {

void wipeString(std::string& text) {
    if (!text.empty()) {
        OPENSSL_cleanse(text.data(), text.size());
    }
    text.clear();
    text.shrink_to_fit();
}

void EnrollmentDraft::wipe() {
    wipeString(tempId);
    tempPassword.clear();
    birthDate.clear();
    wipeString(termsVersion);
    wipeString(userId);
    method = MfaMethod::None;
    newPassword.clear();
    wipeString(email);
    wipeString(enrollmentId);
    wipeString(deviceName);
    if (!keyUserHandle.empty()) {
        OPENSSL_cleanse(keyUserHandle.data(), keyUserHandle.size());
    }
    keyUserHandle.clear();
    keyUserHandle.shrink_to_fit();
}

void EnrollmentDraft::wipeCommittedSecrets() {
    tempPassword.clear();
    birthDate.clear();
    newPassword.clear();
}

bool EnrollmentDraft::isEmpty() const {
    return tempId.empty() && tempPassword.empty() && birthDate.empty() && termsVersion.empty() &&
           userId.empty() && method == MfaMethod::None && newPassword.empty() && email.empty() &&
           enrollmentId.empty() && deviceName.empty() && keyUserHandle.empty();
}

} // namespace madoguchi
