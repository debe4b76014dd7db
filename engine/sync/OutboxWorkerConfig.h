// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

namespace madoguchi::sync {

struct OutboxWorkerConfig {
    std::string kioskId; // sent with each result; must match the client certificate's CN
    std::chrono::milliseconds retryBase{2000};
    std::chrono::milliseconds retryCap{std::chrono::minutes(5)};
    // Without a wake(), look again this often (items that came due, commits made by another
    // process, a store that was busy).
    std::chrono::milliseconds idlePoll{std::chrono::seconds(15)};
    // Items read from the store at a time. When more than one is due (a backlog), they go to
    // the central service in one batch request each (POST /v1/enrollments/batch: keep this at
    // most the service's max_batch_items); an item due alone (the first try right after a
    // step) goes on the single-result path.
    std::size_t batchSize = 32;
    // A batch request's results stay within this many bytes of JSON (below the client's
    // maxRequestBytes and the service's max_batch_bytes); more go in the next request.
    std::size_t batchMaxBytes = 192 * 1024;
};

} // namespace madoguchi::sync
