// SPDX-License-Identifier: Apache-2.0
#pragma once

// Private to engine/config: the only header that includes toml++.

#include "config/ConfigIssue.h"

#include <toml++/toml.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::config {

// Reads one TOML table, recording a ConfigIssue (key, file, line) for every missing,
// mistyped or unknown key instead of stopping at the first.
class ConfigReader {
public:
    struct Text {
        std::string value;
        std::uint32_t line = 0;
    };

    ConfigReader(const toml::table& table, std::string prefix, std::filesystem::path file,
                 std::vector<ConfigIssue>& issues);

    std::optional<std::string> text(std::string_view key, bool required);
    std::optional<std::int64_t> integer(std::string_view key, bool required);
    std::optional<bool> boolean(std::string_view key, bool required);
    std::optional<std::vector<Text>> textArray(std::string_view key);
    std::optional<ConfigReader> table(std::string_view key, bool required);
    bool has(std::string_view key) const;

    // An issue about `key` at the line where it is (or the table's line if it is absent).
    void report(std::string_view key, std::string problem);
    void reportAt(std::string_view key, std::uint32_t line, std::string problem);
    // Reports every key of the table that no accessor asked for.
    void refuseUnknownKeys();

    const std::filesystem::path& file() const { return m_file; }
    std::string fullKey(std::string_view key) const;

private:
    const toml::node* find(std::string_view key, bool required, std::string_view expected);

    const toml::table* m_table;
    std::string m_prefix;
    std::filesystem::path m_file;
    std::vector<ConfigIssue>* m_issues;
    std::set<std::string, std::less<>> m_known;
};

} // namespace madoguchi::config
