// SPDX-License-Identifier: Apache-2.0
#include "rules/PasswordBlocklist.h"

#include "core/SecureBuffer.h"

#include <algorithm>
#include <fstream>
#include <utility>

namespace madoguchi {

namespace {

char asciiLower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

void normalizeEntries(std::vector<std::string>& entries) {
    for (auto& e : entries) {
        std::transform(e.begin(), e.end(), e.begin(), asciiLower);
    }
    std::erase_if(entries, [](const std::string& e) { return e.empty(); });
    std::sort(entries.begin(), entries.end());
    entries.erase(std::unique(entries.begin(), entries.end()), entries.end());
}

} // namespace

PasswordBlocklist::PasswordBlocklist(std::vector<std::string> sortedEntries)
    : m_entries(std::move(sortedEntries)) {}

Result<PasswordBlocklist> PasswordBlocklist::loadFromFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return Error{ErrorCode::NotFound, "cannot open password blocklist " + path.string()};
    }
    std::vector<std::string> entries;
    entries.reserve(65536);
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        if (line.empty() || line.front() == '#') {
            continue;
        }
        entries.push_back(std::move(line));
        line.clear();
    }
    if (in.bad()) {
        return Error{ErrorCode::StorageIo, "error reading password blocklist " + path.string()};
    }
    normalizeEntries(entries);
    return PasswordBlocklist(std::move(entries));
}

PasswordBlocklist PasswordBlocklist::fromEntries(std::vector<std::string> entries) {
    normalizeEntries(entries);
    return PasswordBlocklist(std::move(entries));
}

bool PasswordBlocklist::contains(std::string_view password) const {
    if (m_entries.empty() || password.empty()) {
        return false;
    }
    // The lowercased copy is as secret as the password itself.
    SecureBuffer lowered = SecureBuffer::fromText(password);
    for (auto& b : lowered.bytes()) {
        b = static_cast<std::uint8_t>(asciiLower(static_cast<char>(b)));
    }
    return std::binary_search(m_entries.begin(), m_entries.end(), lowered.view(),
                              [](std::string_view a, std::string_view b) { return a < b; });
}

} // namespace madoguchi
