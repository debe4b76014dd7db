// SPDX-License-Identifier: Apache-2.0
#include "DemoCentral.h"

#include "central/CentralService.h"
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
    auto imported = (*service)->importRosterCsvFile(rosterCsv);
    if (!imported) {
        return imported.error();
    }
    std::unique_ptr<DemoCentral> demo(new DemoCentral());
    demo->m_service = std::move(service).value();
    demo->m_publicKeyPem = keys->publicKeyPem;
    demo->m_kioskId = std::move(kioskId);
    return demo;
}

DemoCentral::~DemoCentral() = default;

Result<protocol::VerifyTempCredentialsResponse>
DemoCentral::verifyTempCredentials(const protocol::VerifyTempCredentialsRequest& request) {
    return m_service->verifyTempCredentials(request).result;
}

Result<protocol::CheckUserIdResponse>
DemoCentral::checkUserId(const protocol::CheckUserIdRequest& request) {
    return m_service->checkUserId(request, m_kioskId).result;
}

Result<protocol::TermsVersionResponse> DemoCentral::termsVersion() {
    return m_service->termsVersion();
}

Result<protocol::SubmitEnrollmentResponse>
DemoCentral::submitEnrollment(const protocol::SubmitEnrollmentRequest& request) {
    return m_service->submitEnrollment(request).result;
}

Result<protocol::HandoffCreateResponse>
DemoCentral::createHandoff(const protocol::HandoffCreateRequest& request) {
    return m_service->createHandoff(request).result;
}

Result<protocol::HandoffPollResponse> DemoCentral::pollHandoff(std::string_view handoffToken) {
    return m_service->pollHandoff(handoffToken, m_kioskId).result;
}

Result<protocol::HealthResponse> DemoCentral::health() {
    return m_service->health();
}

} // namespace madoguchi::gui
