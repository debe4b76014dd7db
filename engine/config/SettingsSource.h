// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace madoguchi::config {

// A layer of kiosk settings outside kiosk.toml: named string values, such as the registry
// values the MSI writes. The layers, lowest first:
//
//   built-in defaults < HKLM\SOFTWARE\Madoguchi < kiosk.toml < HKLM\SOFTWARE\Policies\Madoguchi
//
// so the installer's values fill what kiosk.toml leaves out, and Group Policy wins over both.
// The registry implementation (RegistrySettingsSource) is compiled on Windows only; tests on
// every platform plug in their own source.
class SettingsSource {
public:
    virtual ~SettingsSource() = default;
    // Where the values come from, for IT reading a problem: "HKLM\SOFTWARE\Madoguchi".
    virtual std::string describe() const = 0;
    // The value named `name`; nullopt when absent (an empty value counts as absent).
    virtual std::optional<std::string> value(std::string_view name) const = 0;
};

// One setting a layer may carry: its value name (registry), the MSI public property that
// writes it (installer/windows/Madoguchi.wxs) and the kiosk.toml key it stands for.
struct LayeredSetting {
    std::string_view valueName;
    std::string_view msiProperty;
    std::string_view tomlKey;
};

inline constexpr std::array<LayeredSetting, 8> kLayeredSettings{{
    {"CentralUrl", "CENTRAL_URL", "kiosk.central.url"},
    {"KioskId", "KIOSK_ID", "kiosk.id"},
    {"ClientCert", "CLIENT_CERT", "kiosk.central.client_cert"},
    {"ClientKey", "CLIENT_KEY", "kiosk.central.client_key"},
    {"CaBundle", "CA_BUNDLE", "kiosk.central.ca_bundle"},
    {"SealingPublicKey", "SEALING_KEY", "kiosk.central.sealing_public_key"},
    {"OrgProfile", "ORG_PROFILE", "profile"},
    {"Language", "LANGUAGE", "kiosk.language"},
}};

// The layers around kiosk.toml; a null pointer is an empty layer.
struct SettingsLayers {
    const SettingsSource* belowFile = nullptr; // HKLM\SOFTWARE\Madoguchi
    const SettingsSource* aboveFile = nullptr; // HKLM\SOFTWARE\Policies\Madoguchi

    // This machine's layers: the two registry keys on Windows, none elsewhere.
    static SettingsLayers system();
};

} // namespace madoguchi::config
