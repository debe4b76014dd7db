// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "KioskContext.h"
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
}

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
};

// One view per state of the enrollment flow, in flow order.
std::vector<std::pair<FlowState, ScreenView*>> createViews(wxWindow* parent, KioskContext& ctx,
                                                           const ViewSettings& settings);

} // namespace madoguchi::gui
