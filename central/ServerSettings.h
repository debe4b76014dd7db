// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

namespace madoguchi::central {

// How the HTTPS front listens (the [server] table of central.toml).
struct ServerSettings {
    std::string listenAddress = "0.0.0.0";
    int port = 8443; // 0: any free port (tests)
    std::filesystem::path certificateFile;
    std::filesystem::path privateKeyFile;
    std::filesystem::path clientCaFile; // the society's kiosk CA: mutual TLS
    std::size_t maxBodyBytes = 64 * 1024;
    bool allowTestConfirm = false; // enables POST /v1/handoffs/{token}/confirm
};

} // namespace madoguchi::central
