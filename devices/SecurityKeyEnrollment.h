// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Result.h"
#include "core/SecureBuffer.h"
#include "devices/IAuthenticator.h"

#include <optional>

namespace madoguchi::devices {

class MetadataService;

// What the PIN screen has to do for a key, decided when it is inserted.
enum class PinStep {
    ChooseNewPin, // a PIN is supported but none is set: the member sets one (typed twice)
    EnterPin,     // a PIN is set: the member types it
    None,         // the platform (Windows Hello) or the key's own biometrics verify the member
};

// Whether a key can be used here at all and which PIN step it needs. DeviceAaguidDenied when
// the policy refuses its model, DevicePinBlocked when no PIN tries are left (a blocked key
// stays blocked after a re-plug; only a reset, which erases it, helps), DeviceUnsupported when
// it has no way to verify the member.
Result<PinStep> pinStepFor(const DeviceInfo& info, const PinStatus& pin,
                           const AttestationPolicy& policy);

// The security-key steps of enrollment (seed ⑪–⑬) for one key, in the order the GUI walks:
//   1. pinStatus(): NotSet → ask for a new PIN (twice, at least minLength) → chooseNewPin();
//                   Set    → ask for the PIN → enterPin(); on DevicePinInvalid show
//                            retriesLeft(); DevicePinBlocked / DeviceReplugRequired end or
//                            pause the step.
//   2. registerCredential(): touch; returns the result for the sealed enrollment record.
//   3. tryKey(): touch again; proves the new credential works and reports the sign count.
// The PIN handed over stays inside this object and is wiped after a successful tryKey(), by
// forgetPin() (Cancel, inactivity) or on destruction.
class SecurityKeyEnrollment {
public:
    SecurityKeyEnrollment(IAuthenticator& key, AttestationPolicy policy,
                          const MetadataService* metadata = nullptr);
    SecurityKeyEnrollment(const SecurityKeyEnrollment&) = delete;
    SecurityKeyEnrollment& operator=(const SecurityKeyEnrollment&) = delete;
    ~SecurityKeyEnrollment() = default; // SecureBuffer wipes the PIN

    Result<PinStatus> pinStatus();
    // pinStatus() and pinStepFor() with this enrollment's policy.
    Result<PinStep> pinStep();
    // The key's model from the metadata ("YubiKey 5 NFC"), else its USB product string.
    std::string modelName() const;
    Status chooseNewPin(SecureBuffer pin);
    Status enterPin(SecureBuffer pin);
    // Retries left after the last DevicePinInvalid (nullopt when unknown).
    std::optional<int> retriesLeft() const { return m_retriesLeft; }
    bool hasPin() const { return !m_pin.empty(); }

    Result<EnrolledCredential> registerCredential(const RegistrationRequest& request);
    // A get-assertion against `credential` with user verification, verified with its public
    // key. `challenge`: 16+ random bytes; `origin`: as used for registration.
    Result<AssertionResult> tryKey(const EnrolledCredential& credential, const Bytes& challenge,
                                   const std::string& origin);

    void cancel() { m_key.cancel(); }
    void forgetPin() { m_pin.clear(); }

private:
    IAuthenticator& m_key;
    AttestationPolicy m_policy;
    const MetadataService* m_metadata;
    SecureBuffer m_pin;
    std::optional<int> m_retriesLeft;
};

} // namespace madoguchi::devices
