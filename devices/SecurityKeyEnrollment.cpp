// SPDX-License-Identifier: Apache-2.0
#include "devices/SecurityKeyEnrollment.h"

#include "devices/AttestationChain.h"
#include "devices/MetadataService.h"

namespace madoguchi::devices {

Result<PinStep> pinStepFor(const DeviceInfo& info, const PinStatus& pin,
                           const AttestationPolicy& policy) {
    // A model the society refuses is refused before the member types anything.
    if (const Aaguid zero{}; info.aaguid != zero) {
        if (auto allowed = checkAaguid(policy, info.aaguid); !allowed) {
            return allowed.error();
        }
    }
    switch (pin.state) {
    case PinState::ManagedByPlatform:
        return PinStep::None;
    case PinState::NotSet:
        return PinStep::ChooseNewPin;
    case PinState::Set:
        if (pin.retriesLeft.has_value() && *pin.retriesLeft <= 0) {
            return Error{ErrorCode::DevicePinBlocked, "no PIN retries left"};
        }
        return PinStep::EnterPin;
    case PinState::NotSupported:
        break;
    }
    if (info.builtInUv) {
        return PinStep::None;
    }
    return Error{ErrorCode::DeviceUnsupported, "key has neither a PIN nor built-in verification"};
}

SecurityKeyEnrollment::SecurityKeyEnrollment(IAuthenticator& key, AttestationPolicy policy,
                                             const MetadataService* metadata)
    : m_key(key), m_policy(std::move(policy)), m_metadata(metadata) {}

Result<PinStatus> SecurityKeyEnrollment::pinStatus() {
    auto status = m_key.pinStatus();
    if (status) {
        m_retriesLeft = status->retriesLeft;
    }
    return status;
}

Result<PinStep> SecurityKeyEnrollment::pinStep() {
    auto status = pinStatus();
    if (!status) {
        return status.error();
    }
    return pinStepFor(m_key.info(), *status, m_policy);
}

std::string SecurityKeyEnrollment::modelName() const {
    if (m_metadata != nullptr) {
        if (auto name = m_metadata->describe(m_key.info().aaguid); name.has_value()) {
            return *name;
        }
    }
    return m_key.info().entry.product;
}

Status SecurityKeyEnrollment::chooseNewPin(SecureBuffer pin) {
    m_pin.clear();
    if (auto set = m_key.setPin(pin); !set) {
        return set; // `pin` is wiped when it goes out of scope here
    }
    m_pin = std::move(pin);
    return {};
}

Status SecurityKeyEnrollment::enterPin(SecureBuffer pin) {
    m_pin.clear();
    auto verified = m_key.verifyPin(pin);
    if (!verified) {
        if (verified.code() == ErrorCode::DevicePinInvalid) {
            if (auto status = m_key.pinStatus(); status) {
                m_retriesLeft = status->retriesLeft;
            }
        } else if (verified.code() == ErrorCode::DevicePinBlocked) {
            m_retriesLeft = 0;
        }
        return verified;
    }
    m_pin = std::move(pin);
    return {};
}

Result<EnrolledCredential>
SecurityKeyEnrollment::registerCredential(const RegistrationRequest& request) {
    if (m_pin.empty() && m_key.info().pinState != PinState::ManagedByPlatform &&
        !m_key.info().builtInUv) {
        return Error{ErrorCode::DevicePinRequired, "PIN step not done"};
    }
    auto credential = m_key.makeCredential(request, m_policy, m_pin);
    if (!credential) {
        return credential;
    }
    if (m_metadata != nullptr) {
        if (auto name = m_metadata->describe(credential->aaguid); name.has_value()) {
            credential->deviceName = *name;
        }
    }
    return credential;
}

Result<AssertionResult> SecurityKeyEnrollment::tryKey(const EnrolledCredential& credential,
                                                      const Bytes& challenge,
                                                      const std::string& origin) {
    AssertionRequest request;
    request.rpId = credential.rpId;
    request.origin = origin;
    request.challenge = challenge;
    request.allowCredentialIds = {credential.credentialId};
    request.publicKey = std::make_pair(credential.coseAlgorithm, credential.publicKeyRaw);
    auto result = m_key.getAssertion(request, m_pin);
    if (result && !result->userVerified) {
        return Error{ErrorCode::DeviceUnsupported, "assertion without user verification"};
    }
    if (result) {
        m_pin.clear(); // the last step that needs it; a failed try may be repeated
    }
    return result;
}

} // namespace madoguchi::devices
