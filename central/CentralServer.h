// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "central/CentralService.h"
#include "central/ServerSettings.h"
#include "core/Result.h"

#include <memory>

namespace httplib {
class SSLServer;
struct Request;
struct Response;
} // namespace httplib

namespace madoguchi::central {

// Protocol v1 over HTTPS with mutual TLS (cpp-httplib): clients without a certificate from
// the kiosk CA are refused at the handshake; the kiosk ID is the certificate's CN.
// Strict JSON in and out, machine-readable error codes (central/README.md).
class ConnectionGuard;
class Revocation;

class CentralServer {
public:
    static Result<std::unique_ptr<CentralServer>> create(CentralService& service,
                                                         const ServerSettings& settings);
    ~CentralServer();

    // Binds the listening socket; returns the port (useful with port 0).
    Result<int> bind();
    // Serves until stop(); call after bind().
    Status run();
    void stop();
    bool running() const;

    // Reads the CRL file again now (tests; SIGHUP uses requestRevocationReload()).
    // InvalidArgument without a CRL file; the file's error when it does not load (the
    // previous list then stays).
    Status reloadRevocation();
    // Async-signal-safe: the list is read again within about a second.
    void requestRevocationReload();

    // Connections whose TLS handshake is under way (tests, diagnostics).
    std::size_t handshakesInProgress() const;

private:
    CentralServer(CentralService& service, const ServerSettings& settings,
                  std::unique_ptr<httplib::SSLServer> server);
    void installRoutes();
    // The body size allowed on the request's path.
    std::size_t bodyLimit(const httplib::Request& req) const;
    // POST /v1/enrollments/batch.
    void handleBatch(const httplib::Request& req, httplib::Response& res);

    CentralService& m_service;
    ServerSettings m_settings;
    std::unique_ptr<Revocation> m_revocation;
    std::unique_ptr<httplib::SSLServer> m_server;
    std::unique_ptr<ConnectionGuard> m_guard; // declared last: stopped first
};

} // namespace madoguchi::central
