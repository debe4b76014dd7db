// SPDX-License-Identifier: Apache-2.0
#include "config/ConfigPath.h"

#include <cstdlib>

namespace madoguchi::config {

std::optional<std::string> ConfigPath::processEnv(const char* name) {
    const char* value = std::getenv(name); // NOLINT(concurrency-mt-unsafe): read at start-up
    if (value == nullptr || *value == '\0') {
        return std::nullopt;
    }
    return std::string(value);
}

std::filesystem::path ConfigPath::systemDefault(const EnvLookup& env) {
#ifdef _WIN32
    std::filesystem::path base = env("ProgramData").value_or("C:\\ProgramData");
    return base / "Madoguchi" / "kiosk.toml";
#else
    (void)env;
    return "/etc/madoguchi/kiosk.toml";
#endif
}

std::filesystem::path ConfigPath::resolve(const std::optional<std::filesystem::path>& commandLine,
                                          const EnvLookup& env) {
    if (commandLine && !commandLine->empty()) {
        return *commandLine;
    }
    if (std::optional<std::string> fromEnv = env("MADOGUCHI_CONFIG")) {
        return *fromEnv;
    }
    return systemDefault(env);
}

std::filesystem::path ConfigPath::resolve(const std::optional<std::filesystem::path>& commandLine) {
    return resolve(commandLine, &ConfigPath::processEnv);
}

std::optional<std::filesystem::path> ConfigPath::fromArguments(std::span<const char* const> args) {
    constexpr std::string_view kFlag = "--config";
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == nullptr) {
            continue;
        }
        std::string_view arg(args[i]);
        if (arg == kFlag) {
            if (i + 1 < args.size() && args[i + 1] != nullptr && *args[i + 1] != '\0') {
                return std::filesystem::path(args[i + 1]);
            }
            return std::nullopt;
        }
        if (arg.starts_with(kFlag) && arg.size() > kFlag.size() + 1 && arg[kFlag.size()] == '=') {
            return std::filesystem::path(std::string(arg.substr(kFlag.size() + 1)));
        }
    }
    return std::nullopt;
}

} // namespace madoguchi::config
