// SPDX-License-Identifier: Apache-2.0
#include "DemoCentral.h"

#include "central/CentralService.h"
#include "core/Log.h"
#include "crypto/SealingKeyPair.h"

namespace madoguchi::gui {

Result<std::unique_ptr<DemoCentral>> DemoCentral::create(const std::filesystem::path& rosterCsv,
                                                         const std::string& termsVersion,
                                                         std::string kioskId) {
    auto keys = crypto::SealingKeyPair::generate();
    if (!keys) {
        return keys.error();
    }
    central::CentralOptions options;
    options.termsVersion = termsVersion;
    options.openingKeyPem = std::move(keys->privateKeyPem);
    auto service = central::CentralService::openInMemory(std::move(options));
    if (!service) {
        return service.error();
    }
    std::unique_ptr<DemoCentral> demo(new DemoCentral());
    demo->m_service = std::move(service).value();
    demo->m_publicKeyPem = keys->publicKeyPem;
    demo->m_kioskId = std::move(kioskId);
    // The roster import hashes each entry (PBKDF2 at the production cost): off the path to
    // the first screen. Every call into the core waits for it (ready()).
    demo->m_import =
        std::async(std::launch::async, [service = demo->m_service.get(), rosterCsv]() -> Status {
            auto imported = service->importRosterCsvFile(rosterCsv);
            if (!imported) {
                logger()->critical("demo roster import failed: {}", imported.error().detail);
                return imported.error();
            }
            return {};
        });
    return demo;
}

Status DemoCentral::ready() {
    if (m_import.valid()) {
        m_importStatus = m_import.get();
    }
    return m_importStatus;
}

DemoCentral::~DemoCentral() {
    (void)ready(); // the import thread ends before the core it fills goes
}

Result<protocol::VerifyTempCredentialsResponse>
DemoCentral::verifyTempCredentials(const protocol::VerifyTempCredentialsRequest& request) {
    if (auto s = ready(); !s) {
        return s.error();
    }
    return m_service->verifyTempCredentials(request).result;
}

Result<protocol::CheckUserIdResponse>
DemoCentral::checkUserId(const protocol::CheckUserIdRequest& request) {
    if (auto s = ready(); !s) {
        return s.error();
    }
    return m_service->checkUserId(request, m_kioskId).result;
}

Result<protocol::TermsVersionResponse> DemoCentral::termsVersion() {
    if (auto s = ready(); !s) {
        return s.error();
    }
    return m_service->termsVersion();
}

Result<protocol::SubmitEnrollmentResponse>
DemoCentral::submitEnrollment(const protocol::SubmitEnrollmentRequest& request) {
    if (auto s = ready(); !s) {
        return s.error();
    }
    return m_service->submitEnrollment(request).result;
}

Result<protocol::HandoffCreateResponse>
DemoCentral::createHandoff(const protocol::HandoffCreateRequest& request) {
    if (auto s = ready(); !s) {
        return s.error();
    }
    return m_service->createHandoff(request).result;
}

Result<protocol::HandoffPollResponse> DemoCentral::pollHandoff(std::string_view handoffToken) {
    if (auto s = ready(); !s) {
        return s.error();
    }
    return m_service->pollHandoff(handoffToken, m_kioskId).result;
}

Result<protocol::StaffUnlockResponse>
DemoCentral::staffUnlock(const protocol::StaffUnlockRequest& request) {
    if (auto s = ready(); !s) {
        return s.error();
    }
    return m_service->staffUnlock(request).result;
}

Result<protocol::PortalStatusResponse> DemoCentral::portalStatus(std::string_view enrollmentId) {
    if (auto s = ready(); !s) {
        return s.error();
    }
    return m_service->portalStatus(enrollmentId, m_kioskId).result;
}

Result<protocol::HealthResponse> DemoCentral::health() {
    if (auto s = ready(); !s) {
        return s.error();
    }
    return m_service->health();
}

} // namespace madoguchi::gui
