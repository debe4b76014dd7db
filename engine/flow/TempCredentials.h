// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/SecureBuffer.h"

#include <string>

namespace madoguchi {

// What the member typed at step ②, handed to the machine once the central service
// verified it.
struct TempCredentials {
    std::string tempId;
    SecureBuffer tempPassword;
    SecureBuffer birthDate; // YYYYMMDD
};

} // namespace madoguchi
