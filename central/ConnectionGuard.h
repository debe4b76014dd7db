// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Result.h"

#include <openssl/types.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <thread>

namespace madoguchi::central {

class Revocation;

// Guards the TLS connections of the central front. cpp-httplib 0.11 runs each accepted
// connection on a pool worker, handshake included, with no deadline of its own (each wait
// for the client restarts the read timeout) and reads a request head or an undelimited body
// without bound. The guard hooks the server's SSL_CTX (info and message callbacks, SSL
// ex_data) to add what it lacks:
// - a deadline for the whole TLS handshake: a connection that has not finished it in time
//   is shut down by the guard's own thread, which frees its worker;
// - a byte budget per request: a connection that sends more than `requestBytes` (TLS record
//   payloads) without getting an answer is cut;
// - close after an early answer: an answer given before the request body was read is
//   followed by close_notify and FIN, and at most `drainBytes` more are read (and dropped)
//   before the connection is cut;
// - with a Revocation, each handshake verifies the client against its current store.
// The connection state is per worker thread (one connection at a time): the static calls
// below act on the connection the calling thread is serving.
class ConnectionGuard {
public:
    struct Limits {
        std::chrono::milliseconds handshakeTimeout{5000};
        std::uint64_t requestBytes = 2 * 1024 * 1024;
        std::uint64_t drainBytes = 64 * 1024;
    };

    // Installs the callbacks on `ctx` (which must outlive the guard's use by connections)
    // and starts the watch thread. `periodic` (may be empty) runs on that thread about once
    // a second (the revocation list's reload check).
    static Result<std::unique_ptr<ConnectionGuard>> install(SSL_CTX* ctx, Limits limits,
                                                            const Revocation* revocation,
                                                            std::function<void()> periodic);
    ~ConnectionGuard(); // stops and joins the watch thread
    ConnectionGuard(const ConnectionGuard&) = delete;
    ConnectionGuard& operator=(const ConnectionGuard&) = delete;

    // The answer being given on this thread's connection comes before its body was read.
    static void markEarlyAnswer();
    // True once markEarlyAnswer() was called for the current answer.
    static bool earlyAnswerMarked();
    // After the answer was written: closes the connection if it was marked early.
    static void afterAnswer();

    // Connections whose handshake is under way (for tests and diagnostics).
    std::size_t handshakesInProgress() const;

    struct Connection;

private:
    ConnectionGuard(Limits limits, const Revocation* revocation, std::function<void()> periodic);
    void watch();
    Connection* track(SSL* ssl, int fd);
    void forget(Connection* connection);
    void handshakeDone(Connection* connection);

    friend struct GuardCallbacks;

    Limits m_limits;
    const Revocation* m_revocation;
    std::function<void()> m_periodic;
    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    std::list<std::unique_ptr<Connection>> m_connections;
    bool m_stop = false;
    std::thread m_thread;
};

} // namespace madoguchi::central
