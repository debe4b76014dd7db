// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Result.h"

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace madoguchi {

// Common passwords a new password must not be (assets/blocklist/common-passwords.txt, one per
// line). Loaded once into a sorted vector; lookups are case-insensitive binary searches.
class PasswordBlocklist {
public:
    // The shipped list, relative to the assets directory.
    static constexpr std::string_view kDefaultRelativePath = "blocklist/common-passwords.txt";

    PasswordBlocklist() = default; // empty: refuses nothing

    // NotFound if the file cannot be opened, StorageIo if reading fails. Blank lines and lines
    // starting with '#' are skipped; entries are lowercased (ASCII) and deduplicated.
    static Result<PasswordBlocklist> loadFromFile(const std::filesystem::path& path);
    static PasswordBlocklist fromEntries(std::vector<std::string> entries);

    // Case-insensitive (ASCII) exact match of the whole password.
    bool contains(std::string_view password) const;
    std::size_t size() const { return m_entries.size(); }

private:
    explicit PasswordBlocklist(std::vector<std::string> sortedEntries);

    std::vector<std::string> m_entries;
};

} // namespace madoguchi
