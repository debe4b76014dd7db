// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <spdlog/logger.h>

#include <filesystem>
#include <memory>

namespace madoguchi {

// The product's one logger ("madoguchi"). Never log a secret: pass identifiers, codes and
// sizes, not values typed by the member.
std::shared_ptr<spdlog::logger> logger();

// Sends the log to a rotating file (in addition to stderr when `alsoStderr`).
void initLogging(const std::filesystem::path& file, spdlog::level::level_enum level,
                 bool alsoStderr);

} // namespace madoguchi
