// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>

namespace madoguchi::testing {

// Debian's python3 (its python3-cryptography is the cross-check), else the first on PATH.
inline std::string python3() {
    return std::filesystem::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
}

// Runs a shell command and returns its stdout, or nullopt when it fails.
inline std::optional<std::string> runCommand(const std::string& command) {
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) {
        return std::nullopt;
    }
    std::string out;
    std::array<char, 4096> buffer{};
    std::size_t n = 0;
    while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
        out.append(buffer.data(), n);
    }
    const int rc = pclose(pipe);
    if (rc != 0) {
        return std::nullopt;
    }
    return out;
}

} // namespace madoguchi::testing
