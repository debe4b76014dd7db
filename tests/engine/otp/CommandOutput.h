// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <cstdio>
#include <optional>
#include <string>

namespace madoguchi::testing {

// Runs a shell command and returns its standard output, or nullopt when it cannot be run
// or exits non-zero. For cross-checks against independent tools (oathtool, pyotp).
inline std::optional<std::string> commandOutput(const std::string& command) {
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) {
        return std::nullopt;
    }
    std::string output;
    std::array<char, 256> chunk{};
    while (std::fgets(chunk.data(), static_cast<int>(chunk.size()), pipe) != nullptr) {
        output += chunk.data();
    }
    if (::pclose(pipe) != 0) {
        return std::nullopt;
    }
    while (!output.empty() && (output.back() == '\n' || output.back() == '\r')) {
        output.pop_back();
    }
    return output;
}

// Debian's python3 (with python3-pyotp), not whatever python3 comes first on PATH.
inline constexpr const char* kPython = "/usr/bin/python3";

} // namespace madoguchi::testing
