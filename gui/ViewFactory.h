// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "KioskContext.h"
#include "devices/DeviceTypes.h"
#include "flow/FlowState.h"
#include "views/CompleteView.h"
#include "views/OtpInstallAppView.h"

#include <filesystem>
#include <functional>
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

// Builds the view of one state of the enrollment flow as a child of `parent`.
using ViewMaker = std::function<ScreenView*(wxWindow* parent)>;

// One maker per state of the enrollment flow, in flow order. The frame builds the attract
// screen before it is first shown and the others afterwards (in idle time, or when the flow
// first enters their state), so start-up does not wait for screens seen minutes later.
std::vector<std::pair<FlowState, ViewMaker>> viewMakers(KioskContext& ctx,
                                                        const ViewSettings& settings);

} // namespace madoguchi::gui
