// SPDX-License-Identifier: Apache-2.0
#pragma once

// A small HTTPS server for tests (cpp-httplib over OpenSSL) that asks for a client
// certificate from the kiosk CA. Handlers are the test's own, so it can answer slowly,
// with 5xx, or stop in the middle of a body: faults the real central service never makes.

#ifndef CPPHTTPLIB_OPENSSL_SUPPORT
#define CPPHTTPLIB_OPENSSL_SUPPORT
#endif
#include <httplib.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdexcept>
#include <sys/socket.h>
#include <thread>

namespace madoguchi::test {

class TlsTestServer {
public:
    TlsTestServer(const std::filesystem::path& cert, const std::filesystem::path& key,
                  const std::filesystem::path& clientCa)
        : m_server(
              std::make_unique<httplib::SSLServer>(cert.c_str(), key.c_str(), clientCa.c_str())) {
        if (!m_server->is_valid()) {
            throw std::runtime_error("SSLServer could not load its certificate");
        }
        // Without a session ID context OpenSSL refuses to resume a session that carried a
        // client certificate (the handshake ends in an "internal error" alert).
        static const unsigned char kContext[] = "madoguchi-test";
        if (SSL_CTX_set_session_id_context(m_server->ssl_context(), kContext,
                                           sizeof kContext - 1) != 1) {
            throw std::runtime_error("SSL_CTX_set_session_id_context failed");
        }
        // Answers go out as several writes: without TCP_NODELAY, Nagle's algorithm and the
        // peer's delayed ACK add ~40 ms to each keep-alive request.
        m_server->set_tcp_nodelay(true);
        m_server->new_task_queue = [] {
            return new httplib::ThreadPool(4);
        };
    }
    ~TlsTestServer() { stop(); }

    httplib::SSLServer& http() { return *m_server; }

    // Listens on 127.0.0.1:`port` (0: any free port) and returns the port.
    int start(int port = 0) {
        if (port == 0) {
            m_port = m_server->bind_to_any_port("127.0.0.1");
        } else {
            m_port = m_server->bind_to_port("127.0.0.1", port) ? port : -1;
        }
        if (m_port <= 0) {
            throw std::runtime_error("bind failed");
        }
        m_thread = std::thread([this] { m_server->listen_after_bind(); });
        for (int i = 0; i < 500 && !m_server->is_running(); ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        return m_port;
    }
    void stop() {
        if (m_thread.joinable()) {
            m_server->stop();
            m_thread.join();
        }
    }
    int port() const { return m_port; }
    std::string url() const { return "https://127.0.0.1:" + std::to_string(m_port); }

private:
    std::unique_ptr<httplib::SSLServer> m_server;
    std::thread m_thread;
    int m_port = 0;
};

} // namespace madoguchi::test
