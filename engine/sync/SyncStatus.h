// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Error.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace madoguchi::sync {

using TimePoint = std::chrono::system_clock::time_point;

// A queued result the worker will not deliver by itself: the central service refused these
// exact bytes for good (IdempotencyMismatch, EnvelopeRejected, UserIdTaken, ...), or took
// them but raised a staff item (user ID taken meanwhile). Staff must look at it.
struct StaffItem {
    std::int64_t outboxId = 0;
    std::string enrollmentUuid;
    ErrorCode code = ErrorCode::Internal;
    bool delivered = false; // true: recorded centrally, but needs staff (UserIdConflict)
    std::string detail;     // diagnostic, no secrets
    TimePoint at{};
};

// What the staff panel and `madoguchictl status` show about synchronisation.
struct SyncStatus {
    bool running = false;
    std::int64_t depth = 0; // undelivered items, staff items included
    std::optional<TimePoint> lastDeliveryAt;
    std::optional<TimePoint> lastAttemptAt;
    std::optional<TimePoint> lastPassAt; // the last look at the outbox (depth is as of then)
    std::optional<Error> lastError;      // the most recent failure, cleared by a delivery
    std::optional<TimePoint> lastErrorAt;
    std::int64_t deliveredSinceStart = 0;
    std::vector<StaffItem> staffItems;
};

} // namespace madoguchi::sync
