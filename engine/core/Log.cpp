// SPDX-License-Identifier: Apache-2.0
#include "core/Log.h"

#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <fcntl.h>
#include <mutex>
#include <sys/stat.h>
#include <unistd.h>
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
        // Owner-only, whatever the umask: created 0600 before spdlog opens it (also the new
        // file after a rotation), and an existing one narrowed once open.
        spdlog::file_event_handlers ownerOnly;
        ownerOnly.before_open = [](const spdlog::filename_t& name) {
            const int fd =
                ::open(name.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0600);
            if (fd >= 0) {
                ::close(fd);
            }
        };
        ownerOnly.after_open = [](const spdlog::filename_t&, std::FILE* stream) {
            (void)::fchmod(::fileno(stream), 0600);
        };
        sinks.push_back(std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
            file.string(), kMaxBytes, kFiles, false, ownerOnly));
    }
    if (alsoStderr || sinks.empty()) {
        sinks.push_back(std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
    }
    auto created = std::make_shared<spdlog::logger>("madoguchi", sinks.begin(), sinks.end());
    created->set_level(level);
    // Every line reaches the configured file at once (a kiosk logs little, and staff read the
    // file while it runs); buffered info lines appeared only at exit.
    created->flush_on(level);
    std::lock_guard lock(g_mutex);
    g_logger = std::move(created);
}

} // namespace madoguchi
