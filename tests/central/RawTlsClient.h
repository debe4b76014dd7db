// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <arpa/inet.h>
#include <chrono>
#include <netinet/in.h>
#include <poll.h>
#include <stdexcept>
#include <string>
#include <sys/socket.h>
#include <unistd.h>

namespace madoguchi::centraltest {

// A kiosk speaking raw HTTP/1.1 over mutual TLS, for requests no well-behaved client sends
// (a body promised but never finished). One connection; reads with a deadline.
class RawTlsClient {
public:
    RawTlsClient(int port, const std::string& cert, const std::string& key, const std::string& ca) {
        m_ctx = SSL_CTX_new(TLS_client_method());
        if (m_ctx == nullptr || SSL_CTX_use_certificate_chain_file(m_ctx, cert.c_str()) != 1 ||
            SSL_CTX_use_PrivateKey_file(m_ctx, key.c_str(), SSL_FILETYPE_PEM) != 1 ||
            SSL_CTX_load_verify_locations(m_ctx, ca.c_str(), nullptr) != 1) {
            throw std::runtime_error("client TLS context");
        }
        SSL_CTX_set_verify(m_ctx, SSL_VERIFY_PEER, nullptr);
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(static_cast<std::uint16_t>(port));
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (m_fd < 0 || ::connect(m_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
            throw std::runtime_error("connect");
        }
        m_ssl = SSL_new(m_ctx);
        SSL_set_fd(m_ssl, m_fd);
        if (SSL_connect(m_ssl) != 1) {
            throw std::runtime_error("TLS handshake");
        }
    }
    ~RawTlsClient() {
        SSL_free(m_ssl);
        SSL_CTX_free(m_ctx);
        if (m_fd >= 0) {
            ::close(m_fd);
        }
    }
    RawTlsClient(const RawTlsClient&) = delete;
    RawTlsClient& operator=(const RawTlsClient&) = delete;

    bool send(const std::string& bytes) {
        return SSL_write(m_ssl, bytes.data(), static_cast<int>(bytes.size())) ==
               static_cast<int>(bytes.size());
    }

    // True when the server ended the connection (close_notify, FIN or reset) within
    // `deadline`; whatever arrives before is read and dropped.
    bool closedByServer(std::chrono::milliseconds deadline) {
        const auto end = std::chrono::steady_clock::now() + deadline;
        char buf[4096];
        while (std::chrono::steady_clock::now() < end) {
            if (SSL_pending(m_ssl) == 0) {
                pollfd p{m_fd, POLLIN, 0};
                const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    end - std::chrono::steady_clock::now());
                if (::poll(&p, 1, static_cast<int>(std::max<long>(left.count(), 0))) <= 0) {
                    return false;
                }
            }
            if (SSL_read(m_ssl, buf, sizeof buf) <= 0) {
                ERR_clear_error();
                return true;
            }
        }
        return false;
    }

    // One whole answer (status line, headers, Content-Length bytes of body), or what came
    // of it before `deadline` passed or the server ended the connection.
    std::string readAnswer(std::chrono::milliseconds deadline) {
        std::string out;
        const auto end = std::chrono::steady_clock::now() + deadline;
        char buf[4096];
        while (!complete(out) && std::chrono::steady_clock::now() < end) {
            if (SSL_pending(m_ssl) == 0) {
                pollfd p{m_fd, POLLIN, 0};
                const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    end - std::chrono::steady_clock::now());
                if (::poll(&p, 1, static_cast<int>(std::max<long>(left.count(), 0))) <= 0) {
                    break;
                }
            }
            const int n = SSL_read(m_ssl, buf, sizeof buf);
            if (n <= 0) {
                break;
            }
            out.append(buf, static_cast<std::size_t>(n));
        }
        return out;
    }

private:
    static bool complete(const std::string& answer) {
        const auto headersEnd = answer.find("\r\n\r\n");
        if (headersEnd == std::string::npos) {
            return false;
        }
        const auto at = answer.find("Content-Length: ");
        if (at == std::string::npos || at > headersEnd) {
            return true;
        }
        const auto length = std::stoul(answer.substr(at + 16));
        return answer.size() >= headersEnd + 4 + length;
    }

    SSL_CTX* m_ctx = nullptr;
    SSL* m_ssl = nullptr;
    int m_fd = -1;
};

} // namespace madoguchi::centraltest
