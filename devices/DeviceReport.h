// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Result.h"
#include "devices/DeviceTypes.h"
#include "devices/IDeviceManager.h"

#include <optional>
#include <string>
#include <vector>

namespace madoguchi::devices {

class MetadataService;

// What `madoguchictl devices` shows about one attached key.
struct DeviceReportEntry {
    DeviceEntry entry;
    std::optional<DeviceInfo> info; // absent when the key could not be opened
    std::optional<PinStatus> pin;
    std::string modelName; // from metadata; empty when unknown
    std::optional<Error> error;
};

// Opens every attached key in turn and reads its info and PIN state (no touch, no PIN).
// No key attached: an empty list.
Result<std::vector<DeviceReportEntry>> collectDeviceReport(IDeviceManager& manager,
                                                           const MetadataService* metadata);

// Plain English text for IT staff (not member-facing). An empty list gives one clear line.
std::string formatDeviceReport(const std::vector<DeviceReportEntry>& report);

} // namespace madoguchi::devices
