// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "devices/HidTransport.h"
#include "devices/IDeviceManager.h"

#include <memory>

namespace madoguchi::devices {

// Lists and opens FIDO2 keys through libfido2: USB HID, NFC when this libfido2 has it, and
// Windows Hello ("windows://hello") on Windows. Given a HidTransport, it uses that instead of
// the operating system's devices, with libfido2's own CTAPHID framing and CBOR parsing.
class Fido2DeviceManager final : public IDeviceManager {
public:
    Fido2DeviceManager();
    explicit Fido2DeviceManager(std::shared_ptr<HidTransport> transport);

    Result<std::vector<DeviceEntry>> list() override;
    Result<std::unique_ptr<IAuthenticator>> open(const std::string& path) override;

private:
    bool isPresent(const std::string& path);

    std::shared_ptr<HidTransport> m_transport; // null: libfido2's own transports
};

} // namespace madoguchi::devices
