// SPDX-License-Identifier: Apache-2.0
#include "central/ConnectionGuard.h"

#include "central/Revocation.h"
#include "core/Log.h"

#include <openssl/crypto.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <sys/socket.h>

namespace madoguchi::central {

struct ConnectionGuard::Connection {
    ConnectionGuard* guard = nullptr;
    SSL* ssl = nullptr;
    int fd = -1;
    std::chrono::steady_clock::time_point deadline;
    // Written under the guard's mutex by the connection's thread; read under it by the
    // watch thread, and without it by the connection's own thread.
    bool handshaking = true;
    bool cut = false;
    // The connection's thread only.
    std::uint64_t receivedSinceAnswer = 0;
    bool early = false;
    bool closing = false;
};

namespace {

using Connection = ConnectionGuard::Connection;

int g_ctxIndex = -1; // SSL_CTX ex_data: the ConnectionGuard
int g_sslIndex = -1; // SSL ex_data: the Connection
std::once_flag g_indexOnce;

// The connection this worker thread is serving (cpp-httplib: one at a time per worker).
thread_local Connection* t_connection = nullptr;

} // namespace

struct GuardCallbacks {
    static ConnectionGuard* guardOf(const SSL* ssl) {
        return static_cast<ConnectionGuard*>(SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), g_ctxIndex));
    }

    static void onInfo(const SSL* constSsl, int where, int) {
        // The SSL is cpp-httplib's own, not const; OpenSSL passes it as const here.
        SSL* ssl = const_cast<SSL*>(constSsl);
        if ((where & SSL_CB_HANDSHAKE_START) != 0) {
            if (SSL_get_ex_data(ssl, g_sslIndex) != nullptr) {
                return; // TLS 1.2 renegotiation is off; nothing else starts a second one
            }
            ConnectionGuard* guard = guardOf(ssl);
            if (guard == nullptr) {
                return;
            }
            Connection* connection = guard->track(ssl, SSL_get_fd(ssl));
            SSL_set_ex_data(ssl, g_sslIndex, connection);
            t_connection = connection;
            if (guard->m_revocation != nullptr) {
                // This handshake keeps the store it starts with, whatever reloads meanwhile.
                X509_STORE* store = guard->m_revocation->acquireStore();
                if (store != nullptr) {
                    SSL_set1_verify_cert_store(ssl, store);
                    X509_STORE_free(store);
                }
            }
        } else if ((where & SSL_CB_HANDSHAKE_DONE) != 0) {
            auto* connection = static_cast<Connection*>(SSL_get_ex_data(ssl, g_sslIndex));
            if (connection != nullptr) {
                connection->guard->handshakeDone(connection);
            }
        }
    }

    // Every TLS record header that is read or written passes here (before its payload is read).
    static void onMessage(int writing, int, int contentType, const void* buf, std::size_t len,
                          SSL* ssl, void*) {
        if (contentType != SSL3_RT_HEADER || len < 5) {
            return;
        }
        auto* connection = static_cast<Connection*>(SSL_get_ex_data(ssl, g_sslIndex));
        if (connection == nullptr || connection->handshaking) {
            return;
        }
        if (writing != 0) {
            if (!connection->closing) {
                connection->receivedSinceAnswer = 0; // an answer is going out
            }
            return;
        }
        const auto* header = static_cast<const unsigned char*>(buf);
        const auto length = static_cast<std::uint64_t>((header[3] << 8) | header[4]);
        connection->receivedSinceAnswer += length;
        const auto& limits = connection->guard->m_limits;
        const std::uint64_t budget = connection->closing ? limits.drainBytes : limits.requestBytes;
        if (connection->receivedSinceAnswer > budget && !connection->cut) {
            connection->cut = true;
            logger()->info("connection cut: {} bytes received without an answer{}",
                           connection->receivedSinceAnswer,
                           connection->closing ? " after an early answer" : "");
            // On Linux a socket shut down for reading still returns what keeps arriving;
            // the SSL flag makes every read from now on (this record's included) end.
            ::shutdown(connection->fd, SHUT_RDWR);
            SSL_set_shutdown(ssl, SSL_get_shutdown(ssl) | SSL_RECEIVED_SHUTDOWN);
        }
    }

    // SSL_free (cpp-httplib frees the SSL before it closes the socket).
    static void onSslFree(void*, void* ptr, CRYPTO_EX_DATA*, int, long, void*) {
        auto* connection = static_cast<Connection*>(ptr);
        if (connection == nullptr) {
            return;
        }
        if (t_connection == connection) {
            t_connection = nullptr;
        }
        connection->guard->forget(connection);
    }
};

ConnectionGuard::ConnectionGuard(Limits limits, const Revocation* revocation,
                                 std::function<void()> periodic)
    : m_limits(limits), m_revocation(revocation), m_periodic(std::move(periodic)) {}

Result<std::unique_ptr<ConnectionGuard>> ConnectionGuard::install(SSL_CTX* ctx, Limits limits,
                                                                  const Revocation* revocation,
                                                                  std::function<void()> periodic) {
    std::call_once(g_indexOnce, [] {
        g_ctxIndex = SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
        g_sslIndex = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, &GuardCallbacks::onSslFree);
    });
    if (g_ctxIndex < 0 || g_sslIndex < 0) {
        return Error{ErrorCode::TlsFailure, "no OpenSSL ex_data index"};
    }
    std::unique_ptr<ConnectionGuard> guard(
        new ConnectionGuard(limits, revocation, std::move(periodic)));
    if (SSL_CTX_set_ex_data(ctx, g_ctxIndex, guard.get()) != 1) {
        return Error{ErrorCode::TlsFailure, "SSL_CTX_set_ex_data"};
    }
    SSL_CTX_set_info_callback(ctx, &GuardCallbacks::onInfo);
    SSL_CTX_set_msg_callback(ctx, &GuardCallbacks::onMessage);
    // A renegotiation would be a second handshake without a deadline.
    SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION);
    guard->m_thread = std::thread([g = guard.get()] { g->watch(); });
    return guard;
}

ConnectionGuard::~ConnectionGuard() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_cv.notify_all();
    if (m_thread.joinable()) {
        m_thread.join();
    }
}

ConnectionGuard::Connection* ConnectionGuard::track(SSL* ssl, int fd) {
    auto connection = std::make_unique<Connection>();
    connection->guard = this;
    connection->ssl = ssl;
    connection->fd = fd;
    connection->deadline = std::chrono::steady_clock::now() + m_limits.handshakeTimeout;
    Connection* raw = connection.get();
    {
        std::lock_guard lock(m_mutex);
        m_connections.push_back(std::move(connection));
    }
    m_cv.notify_all();
    return raw;
}

void ConnectionGuard::forget(Connection* connection) {
    std::lock_guard lock(m_mutex);
    m_connections.remove_if([&](const auto& c) { return c.get() == connection; });
}

void ConnectionGuard::handshakeDone(Connection* connection) {
    std::lock_guard lock(m_mutex);
    connection->handshaking = false;
}

std::size_t ConnectionGuard::handshakesInProgress() const {
    std::lock_guard lock(m_mutex);
    return static_cast<std::size_t>(
        std::count_if(m_connections.begin(), m_connections.end(),
                      [](const auto& c) { return c->handshaking && !c->cut; }));
}

void ConnectionGuard::watch() {
    using Clock = std::chrono::steady_clock;
    constexpr auto kPeriod = std::chrono::seconds(1);
    auto nextPeriodic = Clock::now() + kPeriod;
    std::unique_lock lock(m_mutex);
    while (!m_stop) {
        const auto now = Clock::now();
        auto wakeAt = nextPeriodic;
        for (auto& c : m_connections) {
            if (!c->handshaking || c->cut) {
                continue;
            }
            if (c->deadline <= now) {
                // The socket stays open (its worker closes it); shutting it down makes the
                // worker's wait in SSL_accept return at once and fail.
                c->cut = true;
                ::shutdown(c->fd, SHUT_RDWR);
                logger()->info("connection cut: TLS handshake not finished within {} ms",
                               m_limits.handshakeTimeout.count());
            } else {
                wakeAt = std::min(wakeAt, c->deadline);
            }
        }
        if (now >= nextPeriodic) {
            nextPeriodic = now + kPeriod;
            if (m_periodic) {
                lock.unlock();
                m_periodic();
                lock.lock();
                continue;
            }
        }
        m_cv.wait_until(lock, std::min(wakeAt, nextPeriodic));
    }
}

void ConnectionGuard::markEarlyAnswer() {
    if (t_connection != nullptr) {
        t_connection->early = true;
    }
}

bool ConnectionGuard::earlyAnswerMarked() {
    return t_connection != nullptr && t_connection->early;
}

void ConnectionGuard::afterAnswer() {
    Connection* connection = t_connection;
    if (connection == nullptr || !connection->early || connection->closing) {
        return;
    }
    // The unread body is still on the wire: say goodbye (close_notify, FIN) after the answer
    // and read at most drainBytes more of it, which cpp-httplib drops as unparsable, so that
    // a client still sending gets the answer rather than a reset.
    connection->closing = true;
    connection->receivedSinceAnswer = 0;
    (void)SSL_shutdown(connection->ssl);
    ::shutdown(connection->fd, SHUT_WR);
}

} // namespace madoguchi::central
