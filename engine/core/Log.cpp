// SPDX-License-Identifier: Apache-2.0
#include "core/Log.h"

#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <mutex>
#include <vector>

namespace madoguchi {

namespace {
std::mutex g_mutex;
std::shared_ptr<spdlog::logger> g_logger;
} // namespace

std::shared_ptr<spdlog::logger> logger() {
    std::lock_guard lock(g_mutex);
    if (!g_logger) {
        g_logger = std::make_shared<spdlog::logger>(
            "madoguchi", std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
        g_logger->set_level(spdlog::level::warn);
    }
    return g_logger;
}

void initLogging(const std::filesystem::path& file, spdlog::level::level_enum level,
                 bool alsoStderr) {
    std::vector<spdlog::sink_ptr> sinks;
    constexpr std::size_t kMaxBytes = 5U * 1024U * 1024U;
    constexpr std::size_t kFiles = 5;
    if (!file.empty()) {
        std::filesystem::create_directories(file.parent_path());
        sinks.push_back(std::make_shared<spdlog::sinks::rotating_file_sink_mt>(file.string(),
                                                                               kMaxBytes, kFiles));
    }
    if (alsoStderr || sinks.empty()) {
        sinks.push_back(std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
    }
    auto created = std::make_shared<spdlog::logger>("madoguchi", sinks.begin(), sinks.end());
    created->set_level(level);
    created->flush_on(spdlog::level::warn);
    std::lock_guard lock(g_mutex);
    g_logger = std::move(created);
}

} // namespace madoguchi
