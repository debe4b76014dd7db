// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Result.h"

#include <openssl/types.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>

namespace madoguchi::central {

// The kiosk CA's certificate revocation list (PEM, one or more CRLs, each signed by a CA
// of the client CA file), kept as a verify store — the CA plus its CRLs, with
// X509_V_FLAG_CRL_CHECK — that each TLS handshake takes a reference to, so a revoked
// kiosk certificate fails the handshake. reload() builds a new store and swaps it in: a
// handshake in progress keeps the store it started with (it holds a reference), so a
// reload never races a verification. A file that does not load leaves the current store
// in place. Thread-safe.
class Revocation {
public:
    static Result<std::unique_ptr<Revocation>> load(std::filesystem::path clientCaFile,
                                                    std::filesystem::path crlFile);
    ~Revocation();
    Revocation(const Revocation&) = delete;
    Revocation& operator=(const Revocation&) = delete;

    // The current verify store, with a reference for the caller (X509_STORE_free it).
    X509_STORE* acquireStore() const;
    // Whether `cert` is on the current list (also for connections opened before a reload
    // and for resumed TLS sessions, which are not verified again).
    bool isRevoked(X509* cert) const;

    // Reads the file again now (SIGHUP, tests). Keeps the current list on failure.
    Status reload();
    // Reads it again if its modification time or size changed since the last load.
    void reloadIfChanged();
    // From a signal handler: the next poll() reloads.
    void requestReload() { m_reloadRequested.store(true); }
    // Called periodically by the server: handles requestReload() and file changes.
    void poll();

    struct FileStamp {
        std::filesystem::file_time_type modified{};
        std::uintmax_t size = 0;
        bool operator==(const FileStamp&) const = default;
    };

private:
    struct Snapshot;
    Revocation(std::filesystem::path clientCaFile, std::filesystem::path crlFile);
    Result<std::shared_ptr<const Snapshot>> read() const;
    std::shared_ptr<const Snapshot> current() const;

    std::filesystem::path m_clientCaFile;
    std::filesystem::path m_crlFile;
    mutable std::mutex m_mutex;
    std::shared_ptr<const Snapshot> m_current;
    std::optional<FileStamp> m_failedStamp;
    std::atomic<bool> m_reloadRequested{false};
};

} // namespace madoguchi::central
