// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

namespace madoguchi::sync {

// How the kiosk reaches the central service. TLS is always verified: the server against
// `caBundle` (peer and host name), the kiosk with its own certificate and key.
struct HttpsClientConfig {
    std::string baseUrl;              // "https://central.example:8443" (https only)
    std::filesystem::path caBundle;   // PEM: the CA(s) that signed the server certificate
    std::filesystem::path clientCert; // PEM: the kiosk's certificate (CN = kiosk ID)
    std::filesystem::path clientKey;  // PEM: its private key (unencrypted, file mode 0600)
    std::chrono::milliseconds connectTimeout{5000};
    std::chrono::milliseconds requestTimeout{15000}; // whole request, connect included
    std::size_t maxRequestBytes = 256 * 1024;
    std::size_t maxResponseBytes = 256 * 1024;
    // nullopt: the system proxy (libcurl reads https_proxy / HTTPS_PROXY / no_proxy from the
    // environment); "" : never a proxy; otherwise an explicit proxy URL.
    std::optional<std::string> proxy;
    std::size_t maxIdleConnections = 4; // kept for reuse (keep-alive) between calls
};

} // namespace madoguchi::sync
