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
    std::size_t batchSize = 32;
};

} // namespace madoguchi::sync
