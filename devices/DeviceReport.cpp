// SPDX-License-Identifier: Apache-2.0
#include "devices/DeviceReport.h"

#include "devices/EnrolledCredential.h"
#include "devices/MetadataService.h"

#include <cstdio>
#include <sstream>

namespace madoguchi::devices {

namespace {

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) {
        out += out.empty() ? item : ", " + item;
    }
    return out.empty() ? "-" : out;
}

std::string algorithmName(int cose) {
    switch (cose) {
    case -7:
        return "ES256";
    case -8:
        return "EdDSA";
    case -257:
        return "RS256";
    default:
        return "COSE " + std::to_string(cose);
    }
}

std::string transportName(DeviceTransport t) {
    switch (t) {
    case DeviceTransport::Usb:
        return "usb";
    case DeviceTransport::Nfc:
        return "nfc";
    case DeviceTransport::Platform:
        return "platform";
    case DeviceTransport::Other:
        break;
    }
    return "other";
}

std::string pinText(const DeviceReportEntry& e) {
    const PinState state = e.pin ? e.pin->state : e.info->pinState;
    switch (state) {
    case PinState::NotSupported:
        return "not supported";
    case PinState::NotSet:
        return "not set";
    case PinState::ManagedByPlatform:
        return "managed by Windows Hello";
    case PinState::Set:
        if (e.pin && e.pin->retriesLeft) {
            return "set (" + std::to_string(*e.pin->retriesLeft) + " retries left)";
        }
        return "set";
    }
    return "unknown";
}

} // namespace

Result<std::vector<DeviceReportEntry>> collectDeviceReport(IDeviceManager& manager,
                                                           const MetadataService* metadata) {
    auto entries = manager.list();
    if (!entries) {
        return entries.error();
    }
    std::vector<DeviceReportEntry> report;
    for (const DeviceEntry& entry : *entries) {
        DeviceReportEntry row;
        row.entry = entry;
        auto key = manager.open(entry.path);
        if (!key) {
            row.error = key.error();
            report.push_back(std::move(row));
            continue;
        }
        row.info = (*key)->info();
        if (auto pin = (*key)->pinStatus(); pin) {
            row.pin = *pin;
        }
        if (metadata != nullptr) {
            row.modelName = metadata->describe(row.info->aaguid).value_or("");
        }
        report.push_back(std::move(row));
    }
    return report;
}

std::string formatDeviceReport(const std::vector<DeviceReportEntry>& report) {
    if (report.empty()) {
        return "No FIDO2 security key is attached.\n";
    }
    std::ostringstream out;
    std::size_t n = 0;
    for (const DeviceReportEntry& e : report) {
        char ids[16];
        std::snprintf(ids, sizeof(ids), "%04x:%04x", e.entry.vendorId, e.entry.productId);
        out << "Key " << ++n << ": " << e.entry.path << "\n";
        out << "  Product:     " << (e.entry.manufacturer.empty() ? "" : e.entry.manufacturer + " ")
            << e.entry.product << " (" << ids << ", " << transportName(e.entry.transport) << ")\n";
        if (e.error) {
            out << "  Status:      cannot use this key: " << toString(e.error->code) << " ("
                << e.error->detail << ")\n";
            continue;
        }
        const DeviceInfo& info = *e.info;
        out << "  Model:       " << (e.modelName.empty() ? "(not in metadata)" : e.modelName)
            << "\n";
        out << "  AAGUID:      " << aaguidToString(info.aaguid) << "\n";
        out << "  Versions:    " << join(info.versions) << "\n";
        out << "  PIN:         " << pinText(e) << ", minimum length " << info.minPinLength << "\n";
        std::vector<std::string> options;
        for (const auto& [name, value] : info.options) {
            options.push_back(name + (value ? "" : "=false"));
        }
        out << "  Options:     " << join(options) << "\n";
        std::vector<std::string> algorithms;
        for (const int alg : info.algorithms) {
            algorithms.push_back(algorithmName(alg));
        }
        out << "  Algorithms:  " << join(algorithms) << "\n";
        out << "  Transports:  " << join(info.transports) << "\n";
        out << "  Extensions:  " << join(info.extensions) << "\n";
    }
    return out.str();
}

} // namespace madoguchi::devices
