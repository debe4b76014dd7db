// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "store/EnrollmentRecord.h"

#include <array>
#include <cstdint>
#include <string>

namespace madoguchi::store {

// What happened, for staff and IT. Never a secret and never member-typed text other than
// identifiers (user ID, enrollment UUID).
struct AuditEvent {
    std::string kind;    // e.g. "step_committed", "outbox_delivered", "staff_unlock"
    std::string subject; // usually the enrollment UUID
    std::string detail;  // short, machine-oriented

    bool operator==(const AuditEvent&) const = default;
};

using AuditDigest = std::array<std::uint8_t, 32>; // SHA-256

// A stored audit row: hash = SHA-256(prevHash ‖ canonical(seq, at, kind, subject, detail)).
struct AuditEntry {
    std::int64_t seq = 0; // 1, 2, 3, ... without gaps
    TimePoint at{};
    AuditEvent event;
    AuditDigest prevHash{}; // all zeros for seq 1
    AuditDigest hash{};
};

} // namespace madoguchi::store
