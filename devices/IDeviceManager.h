// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Result.h"
#include "devices/DeviceTypes.h"
#include "devices/IAuthenticator.h"

#include <memory>
#include <string>
#include <vector>

namespace madoguchi::devices {

// Finds and opens authenticators. list() with no key attached is an empty list, not an error.
class IDeviceManager {
public:
    virtual ~IDeviceManager() = default;
    virtual Result<std::vector<DeviceEntry>> list() = 0;
    virtual Result<std::unique_ptr<IAuthenticator>> open(const std::string& path) = 0;
};

} // namespace madoguchi::devices
