// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Result.h"

#include <string>
#include <string_view>

namespace madoguchi {

// RFC 9562 version-4 UUIDs from OpenSSL's RAND_bytes, lowercase 8-4-4-4-12.
Result<std::string> newUuidV4();
bool isUuid(std::string_view text);

} // namespace madoguchi
