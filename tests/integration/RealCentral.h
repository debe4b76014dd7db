// SPDX-License-Identifier: Apache-2.0
#pragma once

// The real madoguchi-central HTTPS front (central::CentralServer, mutual TLS) run in-process
// on a loopback port, over a CentralService the test owns.

#include "central/CentralServer.h"

#include <chrono>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

namespace madoguchi::test {

class RealCentral {
public:
    RealCentral(central::CentralService& service, const std::filesystem::path& cert,
                const std::filesystem::path& key, const std::filesystem::path& clientCa) {
        m_settings.listenAddress = "127.0.0.1";
        m_settings.port = 0;
        m_settings.certificateFile = cert;
        m_settings.privateKeyFile = key;
        m_settings.clientCaFile = clientCa;
        m_service = &service;
    }
    ~RealCentral() { stop(); }

    // Listens on `port` (0: any free port) and serves on a thread; returns the port.
    int start(int port = 0) {
        m_settings.port = port;
        auto server = central::CentralServer::create(*m_service, m_settings);
        if (!server) {
            throw std::runtime_error("CentralServer::create: " + server.error().detail);
        }
        m_server = std::move(server.value());
        auto bound = m_server->bind();
        if (!bound) {
            throw std::runtime_error("CentralServer::bind: " + bound.error().detail);
        }
        m_port = *bound;
        m_thread = std::thread([this] { (void)m_server->run(); });
        for (int i = 0; i < 500 && !m_server->running(); ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        return m_port;
    }
    void stop() {
        if (m_thread.joinable()) {
            m_server->stop();
            m_thread.join();
        }
        m_server.reset();
    }
    std::string url() const { return "https://127.0.0.1:" + std::to_string(m_port); }

private:
    central::CentralService* m_service = nullptr;
    central::ServerSettings m_settings;
    std::unique_ptr<central::CentralServer> m_server;
    std::thread m_thread;
    int m_port = 0;
};

} // namespace madoguchi::test
