// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
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
    // Optional: the kiosk CA's CRL (PEM). A revoked kiosk certificate fails the handshake;
    // the file is read again when it changes (checked every second) and on SIGHUP.
    std::filesystem::path crlFile;
    std::size_t maxBodyBytes = 64 * 1024;
    // POST /v1/enrollments/batch: at most this many results and bytes per request (a sealed
    // result is about 1.3 KB of JSON); larger batches are refused whole.
    std::size_t maxBatchItems = 100;
    std::size_t maxBatchBodyBytes = 512 * 1024;
    std::size_t workers = 16; // connections served at once (TLS handshakes included)
    // A client must finish its TLS handshake within this, or the connection is cut.
    std::chrono::milliseconds handshakeTimeout{5000};
    bool allowTestConfirm = false; // enables POST /v1/handoffs/{token}/confirm
};

} // namespace madoguchi::central
