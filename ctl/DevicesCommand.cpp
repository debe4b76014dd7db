// SPDX-License-Identifier: Apache-2.0
#include "DevicesCommand.h"

#include "devices/DeviceReport.h"
#include "devices/Fido2DeviceManager.h"
#include "devices/MetadataService.h"

#include <optional>
#include <ostream>

namespace madoguchi::ctl {

namespace {

int runDevices(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    std::string blobPath;
    std::string rootPath;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if ((args[i] == "--mds-blob" || args[i] == "--mds-root") && i + 1 < args.size()) {
            (args[i] == "--mds-blob" ? blobPath : rootPath) = args[i + 1];
            ++i;
        } else {
            err << "devices: unexpected argument '" << args[i] << "'\n";
            return 2;
        }
    }
    if (blobPath.empty() != rootPath.empty()) {
        err << "devices: --mds-blob and --mds-root go together\n";
        return 2;
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
    return 0;
}

} // namespace

Command devicesCommand() {
    return Command{"devices", "[--mds-blob FILE --mds-root FILE]",
                   "list attached FIDO2 security keys (AAGUID, model, PIN state, options)",
                   &runDevices};
}

} // namespace madoguchi::ctl
