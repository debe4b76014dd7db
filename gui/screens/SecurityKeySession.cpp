// SPDX-License-Identifier: Apache-2.0
#include "screens/SecurityKeySession.h"

namespace madoguchi::gui {

SecurityKeySession::SecurityKeySession(std::shared_ptr<devices::IDeviceManager> manager,
                                       devices::AttestationPolicy policy,
                                       std::shared_ptr<const devices::MetadataService> metadata)
    : m_manager(std::move(manager)), m_policy(std::move(policy)), m_metadata(std::move(metadata)) {}

Result<std::shared_ptr<SecurityKeySession::Key>>
SecurityKeySession::open(const std::string& path) const {
    auto opened = m_manager->open(path);
    if (!opened) {
        return opened.error();
    }
    auto key = std::make_shared<Key>();
    key->metadata = m_metadata;
    key->authenticator = std::move(opened).value();
    // The society's AAGUID policy and attestation roots from the kiosk configuration; the
    // metadata names the model.
    key->enrollment = std::make_unique<devices::SecurityKeyEnrollment>(
        *key->authenticator, m_policy, key->metadata.get());
    auto status = key->enrollment->pinStatus();
    if (!status) {
        return status.error();
    }
    key->pin = *status;
    key->step = devices::pinStepFor(key->authenticator->info(), key->pin, m_policy);
    key->modelName = key->enrollment->modelName();
    return key;
}

void SecurityKeySession::setKey(std::shared_ptr<Key> key) {
    reset();
    m_key = std::move(key);
}

void SecurityKeySession::setCredential(devices::EnrolledCredential credential) {
    m_credential = std::move(credential);
}

void SecurityKeySession::reset() {
    if (m_key) {
        // A worker may still hold the key: cancel its call; the PIN is wiped when the last
        // owner lets go (SecurityKeyEnrollment's destructor).
        m_key->enrollment->cancel();
    }
    m_key.reset();
    m_credential.reset();
}

devices::RegistrationRequest registrationFor(const kiosk::SecurityKeyRequest& request) {
    devices::RegistrationRequest registration;
    registration.rpId = request.rpId;
    registration.rpName = request.rpName;
    registration.origin = request.origin;
    registration.challenge = request.challenge;
    // One handle per account, whatever key or attempt; and not the same key twice.
    registration.userHandle = request.userHandle;
    registration.userName = request.userName;
    registration.userDisplayName = request.userDisplayName;
    registration.excludeCredentialIds = request.excludeCredentialIds;
    return registration;
}

} // namespace madoguchi::gui
