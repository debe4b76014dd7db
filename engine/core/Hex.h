// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace madoguchi {

// Lower-case hexadecimal, two digits a byte (digests, audit hashes).
std::string toHex(std::span<const std::uint8_t> bytes);

} // namespace madoguchi
