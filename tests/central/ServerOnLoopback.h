// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "TestPki.h"
#include "central/CentralServer.h"

#include <httplib.h>

#include <chrono>
#include <memory>
#include <thread>

namespace madoguchi::centraltest {

// madoguchi-central's HTTPS front on a loopback port, run on its own thread; stop() (or the
// destructor) stops it and joins the thread.
class ServerOnLoopback {
public:
    ServerOnLoopback() = default;
    ServerOnLoopback(const ServerOnLoopback&) = delete;
    ServerOnLoopback& operator=(const ServerOnLoopback&) = delete;
    ~ServerOnLoopback() { stop(); }

    // Binds and runs the server; returns the bound port.
    int start(std::unique_ptr<central::CentralServer> server) {
        m_server = std::move(server);
        m_port = m_server->bind().value();
        m_thread = std::thread([this] { (void)m_server->run(); });
        for (int i = 0; i < 200 && !m_server->running(); ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        return m_port;
    }

    void stop() {
        if (m_server) {
            m_server->stop();
        }
        if (m_thread.joinable()) {
            m_thread.join();
        }
    }

    int port() const { return m_port; }

private:
    std::unique_ptr<central::CentralServer> m_server;
    std::thread m_thread;
    int m_port = 0;
};

// A kiosk's mutual-TLS client for the loopback server, with the test CA and 5 s timeouts.
inline std::unique_ptr<httplib::SSLClient> mtlsClient(const TestPki& pki, int port,
                                                      const char* cert = "client.crt",
                                                      const char* key = "client.key") {
    auto c = std::make_unique<httplib::SSLClient>("127.0.0.1", port, pki.path(cert), pki.path(key));
    c->set_ca_cert_path(pki.path("ca.crt"));
    c->enable_server_certificate_verification(true);
    c->set_connection_timeout(5, 0);
    c->set_read_timeout(5, 0);
    return c;
}

} // namespace madoguchi::centraltest
