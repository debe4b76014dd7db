// SPDX-License-Identifier: Apache-2.0
#include "config/SettingsSource.h"

#ifdef _WIN32
#include "config/RegistrySettingsSource.h"
#endif

namespace madoguchi::config {

SettingsLayers SettingsLayers::system() {
#ifdef _WIN32
    static const RegistrySettingsSource installed(RegistrySettingsSource::kInstallerKey);
    static const RegistrySettingsSource policies(RegistrySettingsSource::kPolicyKey);
    return SettingsLayers{&installed, &policies};
#else
    return SettingsLayers{};
#endif
}

} // namespace madoguchi::config
