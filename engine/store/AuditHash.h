// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Result.h"
#include "store/AuditEntry.h"

#include <cstdint>
#include <string_view>

namespace madoguchi::store {

// The audit chain's hash. The row content is encoded canonically before hashing (fixed
// 8-byte big-endian integers, 4-byte big-endian length before each text) so that no two
// different rows encode alike ("ab"+"c" vs "a"+"bc").
class AuditHash {
public:
    static Result<AuditDigest> compute(const AuditDigest& prevHash, std::int64_t seq,
                                       std::int64_t atMs, const AuditEvent& event);
};

} // namespace madoguchi::store
