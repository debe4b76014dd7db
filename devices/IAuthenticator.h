// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Result.h"
#include "core/SecureBuffer.h"
#include "devices/DeviceTypes.h"
#include "devices/EnrolledCredential.h"

namespace madoguchi::devices {

// One opened authenticator. Calls block (touch, PIN round trips): run them on a worker.
// cancel() may be called from any thread while another call is in progress; that call then
// fails with DeviceCancelled (a call started after cancel() runs normally: the caller's own
// cancellation token decides whether to start one). A PIN is passed as a SecureBuffer and never
// stored here.
class IAuthenticator {
public:
    virtual ~IAuthenticator() = default;

    virtual const DeviceInfo& info() const = 0;
    // Current PIN state, with retries left when a PIN is set.
    virtual Result<PinStatus> pinStatus() = 0;
    // Sets the first PIN of a key that has none (DevicePinPolicy when too short/long).
    virtual Status setPin(const SecureBuffer& newPin) = 0;
    // Checks a PIN without asking for a touch. DevicePinInvalid (then read pinStatus() for
    // the retries left), DevicePinBlocked, DeviceReplugRequired.
    virtual Status verifyPin(const SecureBuffer& pin) = 0;
    // Registers a credential with user verification, verifies the attestation and applies
    // the policy. `pin` may be empty for a platform authenticator.
    virtual Result<EnrolledCredential> makeCredential(const RegistrationRequest& request,
                                                      const AttestationPolicy& policy,
                                                      const SecureBuffer& pin) = 0;
    virtual Result<AssertionResult> getAssertion(const AssertionRequest& request,
                                                 const SecureBuffer& pin) = 0;
    virtual void cancel() = 0;
};

} // namespace madoguchi::devices
