// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "config/ConfigIssue.h"
#include "config/KioskSettings.h"
#include "config/OrganisationProfile.h"
#include "config/SettingsSource.h"
#include "core/Result.h"

#include <filesystem>
#include <vector>

namespace madoguchi::config {

// The kiosk's configuration file (TOML):
//
//   profile = "itc-kenpo.toml"   # or an inline [organisation] table, not both
//   [kiosk] ...                  # see assets/profiles/demo-kiosk.toml
//
// with the settings layers of SettingsSource.h below and above it (the registry on Windows).
//
// Unknown keys are refused, not ignored: a misspelt key would otherwise silently fall
// back to a default (e.g. a longer inactivity timeout), which IT would not notice.
class Config {
public:
    // ConfigFileNotFound, ConfigParse (TOML syntax, with file:line) or ConfigInvalid (every
    // problem found, one per line of the detail, each naming key, file and line).
    static Result<Config> loadFile(const std::filesystem::path& path);
    // Every problem in the file (and its profile), for `madoguchictl config check`.
    static std::vector<ConfigIssue> checkFile(const std::filesystem::path& path);
    // The same with the settings layers given (SettingsSource.h); the two above use
    // SettingsLayers::system(). A problem with a value from a layer names the layer and the
    // value instead of a file and line.
    static Result<Config> loadFile(const std::filesystem::path& path, const SettingsLayers& layers);
    static std::vector<ConfigIssue> checkFile(const std::filesystem::path& path,
                                              const SettingsLayers& layers);

    // A profile file on its own (its [organisation] table).
    static Result<OrganisationProfile> loadProfile(const std::filesystem::path& path);

    OrganisationProfile organisation;
    KioskSettings kiosk;
    std::filesystem::path sourceFile;  // absolute
    std::filesystem::path profileFile; // absolute; empty for an inline [organisation]
};

} // namespace madoguchi::config
