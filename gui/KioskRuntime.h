// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "ViewFactory.h"
#include "config/Config.h"
#include "core/Clock.h"
#include "core/Result.h"
#include "rules/PasswordBlocklist.h"
#include "store/LocalStore.h"

#include <wx/timer.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace madoguchi {
class EnrollmentFlow;
namespace kiosk {
class Housekeeping;
class JobRunner;
class KioskController;
class StaffPinGate;
} // namespace kiosk
namespace devices {
class IDeviceManager;
}
namespace sync {
class CentralApi;
class OutboxWorker;
} // namespace sync
} // namespace madoguchi

namespace madoguchi::gui {

class DemoCentral;
class KioskFrame;

struct RuntimeOptions {
    bool demo = false;
    bool windowed = false;
    std::optional<std::filesystem::path> configPath; // else the demo or system default
    std::string language;                            // "ja", "en" or empty (config)
    std::optional<std::filesystem::path> storePath;  // overrides the config
    std::string slipPdfPath;                         // print slips to this PDF
    // Where security keys come from; null: the operating system's FIDO2 keys through
    // libfido2 (tests plug a software key in here).
    std::shared_ptr<devices::IDeviceManager> deviceManager;
};

// Everything the kiosk runs on, built from the configuration: local store, central
// service (HTTPS or the in-process demo core), flow, controller, outbox worker, and the
// window. Shared by the madoguchi executable and the GUI tests, so the tests drive exactly
// what members use.
class KioskRuntime {
public:
    static Result<std::unique_ptr<KioskRuntime>> create(const RuntimeOptions& options);
    ~KioskRuntime();

    KioskFrame* createFrame(); // owned by wxWidgets once shown
    EnrollmentFlow& flow() { return *m_flow; }
    kiosk::KioskController& controller() { return *m_controller; }
    sync::OutboxWorker& worker() { return *m_worker; }
    kiosk::JobRunner& jobs() { return *m_jobs; }
    const config::Config& config() const { return *m_config; }
    const std::filesystem::path& storePath() const { return m_storePath; }
    DemoCentral* demoCentral() { return m_demo; } // null unless --demo
    // Stops the outbox worker, then cancels the screens' jobs and joins their threads, so
    // that no thread outlives what it uses (App::OnExit, before the runtime is destroyed).
    // Idempotent.
    void shutdown();

    static std::filesystem::path assetDirectory();
    static std::filesystem::path localeDirectory();

private:
    KioskRuntime() = default;

    RuntimeOptions m_options;
    std::optional<config::Config> m_config;
    std::shared_ptr<SystemClock> m_clock = std::make_shared<SystemClock>();
    PasswordBlocklist m_blocklist;
    std::filesystem::path m_storePath;
    std::optional<store::LocalStore> m_store;
    std::unique_ptr<sync::CentralApi> m_central;
    DemoCentral* m_demo = nullptr;
    std::unique_ptr<EnrollmentFlow> m_flow;
    std::unique_ptr<kiosk::KioskController> m_controller;
    std::unique_ptr<kiosk::StaffPinGate> m_staffPin; // uses m_store and m_clock
    std::unique_ptr<kiosk::JobRunner> m_jobs;
    std::unique_ptr<sync::OutboxWorker> m_worker;
    std::unique_ptr<kiosk::Housekeeping> m_housekeeping; // expired resume verifiers
    std::unique_ptr<wxTimer> m_housekeepingTimer;
    ViewSettings m_viewSettings;
};

} // namespace madoguchi::gui
