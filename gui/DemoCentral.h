// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sync/CentralApi.h"

#include <filesystem>
#include <future>
#include <memory>
#include <mutex>
#include <string>

namespace madoguchi::central {
class CentralService;
}

namespace madoguchi::gui {

// Demo mode: the central core runs in this process with the demo roster, an in-memory
// store and a sealing key pair made at start-up; no network at all. It answers exactly as
// the HTTPS service would, because it is the same core.
class DemoCentral final : public sync::CentralApi {
public:
    // `kioskId`: this kiosk, the caller the in-process core sees (the HTTPS front takes it
    // from the client certificate).
    static Result<std::unique_ptr<DemoCentral>> create(const std::filesystem::path& rosterCsv,
                                                       const std::string& termsVersion,
                                                       std::string kioskId);
    ~DemoCentral() override;

    // The public key the kiosk seals its results to.
    const std::string& sealingPublicKeyPem() const { return m_publicKeyPem; }
    // The core once the roster import (on its own thread since create()) has finished.
    central::CentralService& service() {
        (void)ready();
        return *m_service;
    }
    // Waits for the roster import; its error if it failed (then every call fails with it).
    Status ready();

    Result<protocol::VerifyTempCredentialsResponse>
    verifyTempCredentials(const protocol::VerifyTempCredentialsRequest& request) override;
    Result<protocol::CheckUserIdResponse>
    checkUserId(const protocol::CheckUserIdRequest& request) override;
    Result<protocol::TermsVersionResponse> termsVersion() override;
    Result<protocol::SubmitEnrollmentResponse>
    submitEnrollment(const protocol::SubmitEnrollmentRequest& request) override;
    Result<protocol::HandoffCreateResponse>
    createHandoff(const protocol::HandoffCreateRequest& request) override;
    Result<protocol::HandoffPollResponse> pollHandoff(std::string_view handoffToken) override;
    Result<protocol::HealthResponse> health() override;
    Result<protocol::StaffUnlockResponse>
    staffUnlock(const protocol::StaffUnlockRequest& request) override;
    Result<protocol::PortalStatusResponse> portalStatus(std::string_view enrollmentId) override;

private:
    DemoCentral() = default;
    std::unique_ptr<central::CentralService> m_service;
    std::string m_publicKeyPem;
    std::string m_kioskId;
    std::future<Status> m_import;
    Status m_importStatus;
};

} // namespace madoguchi::gui
