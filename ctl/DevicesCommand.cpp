// SPDX-License-Identifier: Apache-2.0
#include "DevicesCommand.h"

#include "CommandSupport.h"
#include "devices/DeviceReport.h"
#include "devices/Fido2DeviceManager.h"
#include "devices/MetadataService.h"

#include <cstdlib>
#include <optional>
#include <ostream>

namespace madoguchi::ctl {

namespace fs = std::filesystem;

namespace {

int runDevices(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    auto parsed =
        parseArguments(args, {}, {"--mds-blob", "--mds-root", "--config"}, 0, "devices", err);
    if (!parsed) {
        return 2;
    }
    fs::path blobPath = parsed->option("--mds-blob").value_or("");
    fs::path rootPath = parsed->option("--mds-root").value_or("");
    if (blobPath.empty() != rootPath.empty()) {
        err << "devices: --mds-blob and --mds-root go together\n";
        return 2;
    }
    // Without --mds-*, the kiosk's own metadata settings, when a configuration is named
    // (--config or MADOGUCHI_CONFIG): on a machine with none, the command still lists keys.
    const char* fromEnvironment = std::getenv("MADOGUCHI_CONFIG");
    const bool configNamed = parsed->option("--config").has_value() ||
                             (fromEnvironment != nullptr && *fromEnvironment != '\0');
    if (blobPath.empty() && configNamed) {
        auto config = loadConfig(configPath(*parsed), "devices", err);
        if (!config) {
            return 2;
        }
        blobPath = config->kiosk.mdsBlob;
        rootPath = config->kiosk.mdsRootCert;
    }
    std::optional<devices::MetadataService> metadata;
    if (!blobPath.empty()) {
        auto loaded = devices::MetadataService::fromFiles(blobPath, rootPath);
        if (!loaded) {
            // Names are a convenience: report the problem and list the keys without them.
            err << "devices: metadata not used: " << toString(loaded.code()) << " ("
                << loaded.error().detail << ")\n";
        } else {
            metadata = std::move(loaded).value();
        }
    }
    devices::Fido2DeviceManager manager;
    auto report = devices::collectDeviceReport(manager, metadata ? &*metadata : nullptr);
    if (!report) {
        err << "devices: cannot enumerate keys: " << toString(report.code()) << " ("
            << report.error().detail << ")\n";
        return 1;
    }
    out << devices::formatDeviceReport(*report);
    if (metadata) {
        out << "Model names: " << metadata->size() << " from " << blobPath.string() << " (blob "
            << metadata->blobNumber() << ")\n";
    }
    return 0;
}

} // namespace

Command devicesCommand() {
    return Command{"devices", "[--config FILE] [--mds-blob FILE --mds-root FILE]",
                   "list attached FIDO2 security keys (AAGUID, model, PIN state, options)",
                   &runDevices};
}

} // namespace madoguchi::ctl
