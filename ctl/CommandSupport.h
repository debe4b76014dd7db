// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "config/Config.h"

#include <chrono>
#include <filesystem>
#include <iosfwd>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace madoguchi::ctl {

// The arguments of one subcommand: flags (`--offline`), options with a value
// (`--config PATH` or `--config=PATH`) and positionals, in the order given.
struct ParsedArguments {
    std::set<std::string> flags;
    std::map<std::string, std::string> options;
    std::vector<std::string> positionals;

    bool has(const std::string& flag) const { return flags.count(flag) > 0; }
    std::optional<std::string> option(const std::string& name) const;
};

// nullopt (after a line on `err` naming `command`) for an unknown option, an option without
// its value, or a positional when `maxPositionals` is exceeded.
std::optional<ParsedArguments> parseArguments(const std::vector<std::string>& args,
                                              const std::set<std::string>& flags,
                                              const std::set<std::string>& valueOptions,
                                              std::size_t maxPositionals, const char* command,
                                              std::ostream& err);

// `--config PATH`, else $MADOGUCHI_CONFIG, else the system default.
std::filesystem::path configPath(const ParsedArguments& args);

// Loads the kiosk config; on failure writes every problem to `err` and gives nullopt.
std::optional<config::Config> loadConfig(const std::filesystem::path& path, const char* command,
                                         std::ostream& err);

// "2024-05-01 09:30:00 UTC", for IT reading a terminal on any machine.
std::string formatUtc(std::chrono::system_clock::time_point at);

// $MADOGUCHI_ASSET_DIR, ../share/madoguchi next to this binary, or the source tree's assets/.
std::filesystem::path assetDirectory();

} // namespace madoguchi::ctl
