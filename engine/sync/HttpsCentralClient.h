// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sync/CentralApi.h"
#include "sync/HttpsClientConfig.h"

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::sync {

// CentralApi over HTTPS with mutual TLS (libcurl). The server is verified against the
// configured CA bundle (peer and host name; never turned off), the kiosk presents its client
// certificate. Connections are kept alive and reused: idle easy handles wait in a small pool,
// so concurrent callers (the GUI's worker and the outbox worker) do not wait for each other.
// Thread-safe. Requests and answers are size-bounded; answers are parsed strictly.
//
// Proxy: by default libcurl's own rules apply (https_proxy / HTTPS_PROXY / no_proxy from the
// environment), which is what an office network with a proxy expects; see
// HttpsClientConfig::proxy to pin or disable it.
class HttpsCentralClient final : public CentralApi {
public:
    // InvalidArgument when the URL is not https:// or a TLS file is not configured.
    static Result<std::unique_ptr<HttpsCentralClient>> create(HttpsClientConfig config);
    ~HttpsCentralClient() override;

    HttpsCentralClient(const HttpsCentralClient&) = delete;
    HttpsCentralClient& operator=(const HttpsCentralClient&) = delete;

    // When *flag becomes true, transfers in flight stop within ~100 ms with Cancelled and new
    // ones fail at once with Cancelled (e.g. OutboxWorker::stopFlag() for a fast shutdown).
    void setCancelFlag(std::shared_ptr<const std::atomic<bool>> flag);

    Result<protocol::VerifyTempCredentialsResponse>
    verifyTempCredentials(const protocol::VerifyTempCredentialsRequest& request) override;
    Result<protocol::CheckUserIdResponse>
    checkUserId(const protocol::CheckUserIdRequest& request) override;
    Result<protocol::TermsVersionResponse> termsVersion() override;
    Result<protocol::SubmitEnrollmentResponse>
    submitEnrollment(const protocol::SubmitEnrollmentRequest& request) override;
    Result<BatchAnswers>
    submitEnrollmentBatch(const std::vector<protocol::SubmitEnrollmentRequest>& requests) override;
    Result<protocol::HandoffCreateResponse>
    createHandoff(const protocol::HandoffCreateRequest& request) override;
    Result<protocol::HandoffPollResponse> pollHandoff(std::string_view handoffToken) override;
    Result<protocol::StaffUnlockResponse>
    staffUnlock(const protocol::StaffUnlockRequest& request) override;
    Result<protocol::PortalStatusResponse> portalStatus(std::string_view enrollmentId) override;
    Result<protocol::HealthResponse> health() override;

    const HttpsClientConfig& config() const { return m_config; }

private:
    struct Handle;
    explicit HttpsCentralClient(HttpsClientConfig config);

    // One request; `body` empty and `post` false for a GET. Gives the JSON of a 2xx answer.
    Result<nlohmann::json> exchange(std::string_view path, bool post, std::string_view body);
    Result<nlohmann::json> postJson(std::string_view path, const nlohmann::json& body);
    std::unique_ptr<Handle> takeHandle();
    void returnHandle(std::unique_ptr<Handle> handle);

    HttpsClientConfig m_config;
    std::mutex m_poolMutex;
    std::vector<std::unique_ptr<Handle>> m_idle;
    std::mutex m_cancelMutex;
    std::shared_ptr<const std::atomic<bool>> m_cancel;
};

} // namespace madoguchi::sync
