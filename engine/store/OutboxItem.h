// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "store/EnrollmentRecord.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace madoguchi::store {

// What a step hands to the outbox: an opaque, already sealed payload. The store keeps the
// bytes as given; it cannot and does not read them.
struct OutboxDraft {
    std::string kind; // e.g. "enrollment_result"
    std::vector<std::uint8_t> payload;
};

// A queued message, as the sync worker sees it.
struct OutboxItem {
    std::int64_t id = 0;
    std::string enrollmentUuid;
    std::string kind;
    std::vector<std::uint8_t> payload;
    TimePoint createdAt{};
    std::int64_t attempts = 0;
    TimePoint nextAttemptAt{};
    std::optional<TimePoint> deliveredAt;
    std::string lastError; // empty if none

    bool operator==(const OutboxItem&) const = default;
};

} // namespace madoguchi::store
