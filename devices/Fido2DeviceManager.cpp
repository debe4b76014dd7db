// SPDX-License-Identifier: Apache-2.0
#include "devices/Fido2DeviceManager.h"

#include "devices/Fido2Authenticator_p.h"
#include "devices/FidoError_p.h"
#include "devices/FidoLibrary_p.h"

#include <algorithm>

namespace madoguchi::devices {

namespace {

constexpr std::size_t kMaxDevices = 64;

// fido_dev_io_t's open() receives only a path, so the transport to open it with is handed
// over in this thread-local for the duration of fido_dev_open on this thread.
thread_local HidTransport* t_openingTransport = nullptr;

// libfido2 calls these four from C: an exception of a transport (std::bad_alloc, a test
// transport's bug) must not unwind through it, so each catches everything at the boundary
// and answers as a failed device would (no handle, -1).
void* ioOpen(const char* path) noexcept {
    if (t_openingTransport == nullptr || path == nullptr) {
        return nullptr;
    }
    try {
        return t_openingTransport->open(path).release();
    } catch (...) {
        return nullptr;
    }
}

void ioClose(void* handle) noexcept {
    try {
        delete static_cast<HidConnection*>(handle);
    } catch (...) {
        // A destructor that throws: the handle is gone either way.
    }
}

int ioRead(void* handle, unsigned char* buf, size_t len, int ms) noexcept {
    try {
        return static_cast<HidConnection*>(handle)->read({buf, len}, ms);
    } catch (...) {
        return -1;
    }
}

int ioWrite(void* handle, const unsigned char* buf, size_t len) noexcept {
    try {
        return static_cast<HidConnection*>(handle)->write({buf, len});
    } catch (...) {
        return -1;
    }
}

constexpr fido_dev_io_t kTransportIo = {&ioOpen, &ioClose, &ioRead, &ioWrite};

DeviceTransport transportForPath(std::string_view path) {
    if (path == "windows://hello") {
        return DeviceTransport::Platform;
    }
    if (path.starts_with("nfc:") || path.starts_with("pcsc:")) {
        return DeviceTransport::Nfc;
    }
    return DeviceTransport::Usb;
}

} // namespace

Fido2DeviceManager::Fido2DeviceManager() {
    ensureFidoInitialised();
}

Fido2DeviceManager::Fido2DeviceManager(std::shared_ptr<HidTransport> transport)
    : m_transport(std::move(transport)) {
    ensureFidoInitialised();
}

Result<std::vector<DeviceEntry>> Fido2DeviceManager::list() {
    if (m_transport) {
        return m_transport->enumerate();
    }
    FidoDevInfoList infos(kMaxDevices);
    if (infos.get() == nullptr) {
        return Error{ErrorCode::Internal, "fido_dev_info_new"};
    }
    std::size_t found = 0;
    if (const int rc = fido_dev_info_manifest(infos.get(), infos.capacity(), &found);
        rc != FIDO_OK) {
        return fidoError(rc, "fido_dev_info_manifest");
    }
    std::vector<DeviceEntry> out;
    for (std::size_t i = 0; i < found; ++i) {
        const fido_dev_info_t* di = fido_dev_info_ptr(infos.get(), i);
        DeviceEntry entry;
        entry.path = fido_dev_info_path(di) != nullptr ? fido_dev_info_path(di) : "";
        const char* manufacturer = fido_dev_info_manufacturer_string(di);
        const char* product = fido_dev_info_product_string(di);
        entry.manufacturer = manufacturer != nullptr ? manufacturer : "";
        entry.product = product != nullptr ? product : "";
        entry.vendorId = static_cast<std::uint16_t>(fido_dev_info_vendor(di));
        entry.productId = static_cast<std::uint16_t>(fido_dev_info_product(di));
        entry.transport = transportForPath(entry.path);
        out.push_back(std::move(entry));
    }
    return out;
}

bool Fido2DeviceManager::isPresent(const std::string& path) {
    auto entries = list();
    return entries.ok() && std::any_of(entries->begin(), entries->end(),
                                       [&](const DeviceEntry& e) { return e.path == path; });
}

Result<std::unique_ptr<IAuthenticator>> Fido2DeviceManager::open(const std::string& path) {
    auto entries = list();
    if (!entries) {
        return entries.error();
    }
    const auto it = std::find_if(entries->begin(), entries->end(),
                                 [&](const DeviceEntry& e) { return e.path == path; });
    if (it == entries->end()) {
        return Error{ErrorCode::DeviceNotFound, "no key at " + path};
    }
    FidoDev dev(fido_dev_new());
    if (!dev) {
        return Error{ErrorCode::Internal, "fido_dev_new"};
    }
    int rc = FIDO_OK;
    if (m_transport) {
        if ((rc = fido_dev_set_io_functions(dev.get(), &kTransportIo)) != FIDO_OK) {
            return fidoError(rc, "fido_dev_set_io_functions");
        }
        t_openingTransport = m_transport.get();
        rc = fido_dev_open(dev.get(), path.c_str());
        t_openingTransport = nullptr;
    } else {
        rc = fido_dev_open(dev.get(), path.c_str());
    }
    if (rc != FIDO_OK) {
        Error error = fidoError(rc, "fido_dev_open");
        if (error.code == ErrorCode::DeviceIo || error.code == ErrorCode::DeviceNotFound) {
            error.code =
                isPresent(path) ? ErrorCode::DeviceMalformedResponse : ErrorCode::DeviceRemoved;
        }
        return error;
    }
    // The authenticator keeps this manager's transport alive through the presence check.
    std::shared_ptr<HidTransport> transport = m_transport;
    auto stillPresent = [transport, path]() {
        if (transport) {
            const auto now = transport->enumerate();
            return std::any_of(now.begin(), now.end(),
                               [&](const DeviceEntry& e) { return e.path == path; });
        }
        Fido2DeviceManager native;
        auto entriesNow = native.list();
        return entriesNow.ok() && std::any_of(entriesNow->begin(), entriesNow->end(),
                                              [&](const DeviceEntry& e) { return e.path == path; });
    };
    return Fido2Authenticator::open(std::move(dev), *it, std::move(stillPresent));
}

} // namespace madoguchi::devices
