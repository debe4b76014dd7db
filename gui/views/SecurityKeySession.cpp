// SPDX-License-Identifier: Apache-2.0
#include "views/SecurityKeySession.h"

namespace madoguchi::gui {

SecurityKeySession::SecurityKeySession(std::shared_ptr<devices::IDeviceManager> manager)
    : m_manager(std::move(manager)) {}

Result<std::shared_ptr<SecurityKeySession::Key>>
SecurityKeySession::open(devices::IDeviceManager& manager, const std::string& path) {
    auto opened = manager.open(path);
    if (!opened) {
        return opened.error();
    }
    auto key = std::make_shared<Key>();
    key->authenticator = std::move(opened).value();
    // The account is new: any attestation the devices layer can verify is accepted here; the
    // central service applies the society's AAGUID policy when it re-verifies.
    key->enrollment = std::make_unique<devices::SecurityKeyEnrollment>(
        *key->authenticator, devices::AttestationPolicy{});
    auto status = key->enrollment->pinStatus();
    if (!status) {
        return status.error();
    }
    key->pin = *status;
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

} // namespace madoguchi::gui
