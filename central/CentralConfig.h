// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "central/CentralOptions.h"
#include "central/KeycloakPushSettings.h"
#include "central/ServerSettings.h"
#include "central/StoreSettings.h"
#include "core/Result.h"

#include <filesystem>
#include <string>

namespace madoguchi::central {

// central.toml (format in central/README.md). Relative paths are taken from the config
// file's directory. Unknown keys are refused so a typo does not silently mean a default.
struct CentralConfig {
    ServerSettings server;
    // [logging]: the level (trace, debug, info, warn, error, critical, off) and an optional
    // file (rotated; stderr without one).
    std::string logLevel = "info";
    std::filesystem::path logFile;
    StoreSettings storage;                       // [storage]: kind, database or connection
    std::filesystem::path sealingPrivateKeyFile; // optional: deliveries wait without it
    CentralOptions options;                      // openingKeyPem left empty here
    KeycloakPushSettings keycloakPush;           // [keycloak_push]; off by default

    static Result<CentralConfig> load(const std::filesystem::path& file);
};

} // namespace madoguchi::central
