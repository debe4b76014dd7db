// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Result.h"
#include "devices/EnrolledCredential.h"
#include "devices/IDeviceManager.h"
#include "devices/MetadataService.h"
#include "devices/SecurityKeyEnrollment.h"
#include "kiosk/KioskController.h"

#include <memory>
#include <optional>
#include <string>

namespace madoguchi::gui {

// The member's security key for one visit, shared by the five key screens (KeyInsert ..
// KeyTry): the opened key with its enrollment (which holds the PIN), and the registered
// credential. Workers keep the key alive through their own shared_ptr, so reset() on the UI
// thread never frees a key a worker is still talking to; it cancels the call instead.
class SecurityKeySession {
public:
    struct Key {
        std::shared_ptr<const devices::MetadataService> metadata; // outlives `enrollment`
        std::unique_ptr<devices::IAuthenticator> authenticator;
        std::unique_ptr<devices::SecurityKeyEnrollment> enrollment;
        devices::PinStatus pin;
        // The PIN step this key needs, or why it cannot be used here (a denied model, a
        // blocked PIN, no way to verify the member).
        Result<devices::PinStep> step = Error{ErrorCode::Internal, "not read"};
        std::string modelName; // from the metadata, else the USB product string
        std::string path() const { return authenticator->info().entry.path; }
    };

    SecurityKeySession(std::shared_ptr<devices::IDeviceManager> manager,
                       devices::AttestationPolicy policy = {},
                       std::shared_ptr<const devices::MetadataService> metadata = nullptr);

    // False when this kiosk has no FIDO2 support at all.
    bool available() const { return m_manager != nullptr; }
    std::shared_ptr<devices::IDeviceManager> manager() const { return m_manager; }

    // [worker] Opens the key at `path` and reads its PIN state and step. An error only when
    // the key cannot be opened or read; a key that is refused comes back with `step` failed.
    Result<std::shared_ptr<Key>> open(const std::string& path) const;

    // UI thread.
    std::shared_ptr<Key> key() const { return m_key; }
    void setKey(std::shared_ptr<Key> key);
    const std::optional<devices::EnrolledCredential>& credential() const { return m_credential; }
    void setCredential(devices::EnrolledCredential credential);
    // Another key, the end of the visit: cancels a call in flight, forgets PIN and credential.
    void reset();

private:
    std::shared_ptr<devices::IDeviceManager> m_manager;
    devices::AttestationPolicy m_policy;
    std::shared_ptr<const devices::MetadataService> m_metadata;
    std::shared_ptr<Key> m_key;
    std::optional<devices::EnrolledCredential> m_credential;
};

// The registration a key is asked for, from what the controller gives for this enrollment.
devices::RegistrationRequest registrationFor(const kiosk::SecurityKeyRequest& request);

} // namespace madoguchi::gui
