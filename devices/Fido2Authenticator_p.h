// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "devices/FidoHandles_p.h"
#include "devices/IAuthenticator.h"

#include <atomic>
#include <functional>

namespace madoguchi::devices {

// IAuthenticator over an opened libfido2 device (USB HID, NFC, Windows Hello, or a HID
// transport given to Fido2DeviceManager).
class Fido2Authenticator final : public IAuthenticator {
public:
    // `stillPresent` answers whether the key is still attached, to tell a removed key from
    // a garbled answer after a receive failure.
    static Result<std::unique_ptr<IAuthenticator>> open(FidoDev dev, DeviceEntry entry,
                                                        std::function<bool()> stillPresent);

    const DeviceInfo& info() const override { return m_info; }
    Result<PinStatus> pinStatus() override;
    Status setPin(const SecureBuffer& newPin) override;
    Status verifyPin(const SecureBuffer& pin) override;
    Result<EnrolledCredential> makeCredential(const RegistrationRequest& request,
                                              const AttestationPolicy& policy,
                                              const SecureBuffer& pin) override;
    Result<AssertionResult> getAssertion(const AssertionRequest& request,
                                         const SecureBuffer& pin) override;
    void cancel() override;

private:
    Fido2Authenticator(FidoDev dev, std::function<bool()> stillPresent);
    Status refreshInfo();
    Error failure(int fidoRc, std::string_view operation) const;
    bool isPlatform() const;

    FidoDev m_dev;
    std::function<bool()> m_stillPresent;
    DeviceInfo m_info;
    std::atomic<bool> m_cancelled{false};
};

} // namespace madoguchi::devices
