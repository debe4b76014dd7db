// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace madoguchi::config {

// Where the kiosk's config file is: `--config PATH` on the command line, else
// $MADOGUCHI_CONFIG, else /etc/madoguchi/kiosk.toml (%ProgramData%\Madoguchi\kiosk.toml on
// Windows).
class ConfigPath {
public:
    using EnvLookup = std::function<std::optional<std::string>(const char*)>;

    static std::filesystem::path resolve(const std::optional<std::filesystem::path>& commandLine);
    // With the environment injected, for tests.
    static std::filesystem::path resolve(const std::optional<std::filesystem::path>& commandLine,
                                         const EnvLookup& env);

    // The value of `--config PATH` or `--config=PATH` among the arguments (argv[1..]);
    // nullopt if absent or if `--config` has no value.
    static std::optional<std::filesystem::path> fromArguments(std::span<const char* const> args);

    static std::filesystem::path systemDefault(const EnvLookup& env);
    static std::optional<std::string> processEnv(const char* name);
};

} // namespace madoguchi::config
