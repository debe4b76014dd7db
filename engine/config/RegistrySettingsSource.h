// SPDX-License-Identifier: Apache-2.0
#pragma once

// Windows only (compiled when WIN32): settings from REG_SZ values under an HKLM key.

#include "config/SettingsSource.h"

namespace madoguchi::config {

class RegistrySettingsSource final : public SettingsSource {
public:
    // Written by the MSI from its public properties.
    static constexpr const wchar_t* kInstallerKey = L"SOFTWARE\\Madoguchi";
    // Written by Group Policy; wins over kiosk.toml.
    static constexpr const wchar_t* kPolicyKey = L"SOFTWARE\\Policies\\Madoguchi";

    explicit RegistrySettingsSource(const wchar_t* subKey) : m_subKey(subKey) {}

    std::string describe() const override;
    std::optional<std::string> value(std::string_view name) const override;

private:
    const wchar_t* m_subKey;
};

} // namespace madoguchi::config
