// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "devices/DeviceTypes.h"

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace madoguchi::devices {

// One open HID connection at report level, as libfido2's io functions see it.
class HidConnection {
public:
    static constexpr std::size_t kReportSize = 64;
    virtual ~HidConnection() = default;
    // Fills exactly 64 bytes (no report ID); returns 64, or -1 on failure/timeout.
    virtual int read(std::span<std::uint8_t> report, int timeoutMs) = 0;
    // Receives 65 bytes, report ID 0 first; returns the bytes written or -1.
    virtual int write(std::span<const std::uint8_t> report) = 0;
};

// Where HID devices come from. Fido2DeviceManager uses the operating system's (through
// libfido2) unless given another one: a hardware-free test authenticator, or a future
// transport. Product code never needs to implement this.
class HidTransport {
public:
    virtual ~HidTransport() = default;
    virtual std::vector<DeviceEntry> enumerate() = 0;
    // nullptr when the path is unknown or the device is gone.
    virtual std::unique_ptr<HidConnection> open(const std::string& path) = 0;
};

} // namespace madoguchi::devices
