// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "KioskContext.h"
#include "devices/DeviceTypes.h"
#include "flow/FlowState.h"
#include "views/CompleteView.h"
#include "views/OtpInstallAppView.h"

#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

class wxWindow;

namespace madoguchi::devices {
class IDeviceManager;
class MetadataService;
} // namespace madoguchi::devices

namespace madoguchi::gui {

class ScreenView;

// What the views need from the configuration.
struct ViewSettings {
    std::filesystem::path termsJa;
    std::filesystem::path termsEn;
    std::string termsVersion;
    AppStoreLinks appLinks;
    CompletionInfo completion;
    // Security keys (⑪-⑬); null: this kiosk has no FIDO2 support.
    std::shared_ptr<devices::IDeviceManager> deviceManager;
    // The configured AAGUID allow/deny lists and attestation roots ([kiosk.fido2]).
    devices::AttestationPolicy attestationPolicy;
    // Model names from the configured FIDO metadata blob; null when none is configured.
    std::shared_ptr<const devices::MetadataService> metadata;
};

// One view per state of the enrollment flow, in flow order.
std::vector<std::pair<FlowState, ScreenView*>> createViews(wxWindow* parent, KioskContext& ctx,
                                                           const ViewSettings& settings);

} // namespace madoguchi::gui
