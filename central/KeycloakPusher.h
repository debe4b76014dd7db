// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "central/ICentralStore.h"
#include "central/KeycloakPushSettings.h"
#include "core/Clock.h"
#include "core/Result.h"
#include "core/SecureBuffer.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>

namespace madoguchi::central {

class CentralService;

// Pushes each queued user (the keycloak_push table, filled in the transaction that accepted
// the enrollment) to Keycloak's admin API: POST /admin/realms/{realm}/partialImport with the
// export's own user JSON, authorised by a service-account token from the client-credentials
// grant (cached until shortly before it expires).
//
// Exactly once: the import uses ifResourceExists SKIP, so a retry after a lost answer can
// neither add a second user nor overwrite one. A SKIPPED answer is checked: the user of that
// name carrying this enrollment's ID (attribute madoguchiEnrollmentId) is ours from an
// earlier try (done); any other user is left alone and a staff item raised. Transport errors,
// timeouts, 429 and 5xx are retried with exponential backoff and jitter; refused credentials
// (or a service account without the right role) keep the item pending and raise one staff
// item; any other refusal is final (staff item). The queue is durable, so a restart resumes.
//
// Owns one thread (start/stop, joined; never detached) and its own store connection.
class KeycloakPusher {
public:
    // `store`: the pusher's own connection to the central store. `opener`: the service whose
    // opening key opens the stored envelopes (only its const openStored is used); it must
    // outlive the pusher.
    KeycloakPusher(KeycloakPushSettings settings, std::unique_ptr<ICentralStore> store,
                   const CentralService& opener,
                   std::shared_ptr<const Clock> clock = std::make_shared<SystemClock>());
    ~KeycloakPusher();
    KeycloakPusher(const KeycloakPusher&) = delete;
    KeycloakPusher& operator=(const KeycloakPusher&) = delete;

    // The background thread: a pass every `pollInterval` (or at once after wake()).
    void start(std::chrono::milliseconds pollInterval = std::chrono::seconds(1));
    void stop(); // idempotent; joins the thread
    void wake();

    // One pass over the items due now; the thread's body (tests call it directly, never
    // while the thread runs). Returns how many items it handled.
    Result<int> runOnce();

private:
    enum class Outcome { Done, Retry, CredentialsRefused, Refused, UserExists };
    struct Attempt {
        Outcome outcome;
        std::string detail; // no secret: statuses, Keycloak's error text, transport errors
    };

    Attempt pushOne(const PushItem& item);
    Attempt importUser(const nlohmann::json& doc, const std::string& username,
                       const std::string& enrollmentId);
    Attempt checkSkippedUser(const std::string& username, const std::string& enrollmentId);
    // A valid token in m_token, or why not.
    std::optional<Attempt> ensureToken();
    Result<nlohmann::json> userDocument(const PushItem& item);
    std::int64_t nowSeconds() const;
    std::int64_t retryDelaySeconds(std::int64_t attempts);
    Status record(const PushItem& item, const Attempt& attempt);
    void threadMain(std::chrono::milliseconds pollInterval);

    KeycloakPushSettings m_settings;
    std::unique_ptr<ICentralStore> m_store;
    const CentralService& m_opener;
    std::shared_ptr<const Clock> m_clock;
    std::string m_hostPort;   // https://host[:port]
    std::string m_pathPrefix; // "" or "/auth"
    SecureBuffer m_token;
    std::chrono::system_clock::time_point m_tokenUsableUntil{};
    bool m_credentialsReported = false;
    std::mt19937_64 m_jitter;

    std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_stopping = false;
    bool m_woken = false;
    std::thread m_thread;
};

} // namespace madoguchi::central
